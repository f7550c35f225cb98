import { Trans } from '@lingui/react/macro';
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { ApiClients } from '../components/ApiClients';
import { Webhooks } from '../components/Webhooks';
import { parseIntegrationsSearch, serializeIntegrationsSearch, type IntegrationsSearch } from '../routes';

/**
 * API clients and webhooks (admins). Other roles reach this page only by its address: the
 * queries then answer FORBIDDEN and the page explains why instead of going blank.
 */
export function IntegrationsView() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseIntegrationsSearch(params), [params]);
  const update = (change: Partial<IntegrationsSearch>) => {
    const next = { ...search, ...change };
    if (!('after' in change)) next.after = null;
    setParams(serializeIntegrationsSearch(next));
  };
  return (
    <Stack gap="md">
      <Title order={1} size="h2"><Trans>Integrações</Trans></Title>
      <Text size="sm" c="dimmed"><Trans>Sistemas que usam a API (clientes OAuth2) e endereços que recebem avisos (webhooks).</Trans></Text>
      <Tabs value={search.tab} onChange={(value) => setParams(value === 'webhooks' ? { tab: 'webhooks' } : {})}>
        <Tabs.List>
          <Tabs.Tab value="clients"><Trans>Clientes de API</Trans></Tabs.Tab>
          <Tabs.Tab value="webhooks"><Trans>Webhooks</Trans></Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="clients" pt="md">{search.tab === 'clients' && <ApiClients />}</Tabs.Panel>
        <Tabs.Panel value="webhooks" pt="md">{search.tab === 'webhooks' && <Webhooks filter={search} onFilter={update} />}</Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
