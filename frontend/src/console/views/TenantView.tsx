import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Provider as UrqlProvider, useQuery } from 'urql';

import { formatDateTime } from '../../shared/format';
import { useLocale } from '../../shared/i18n/useLocale';
import { ListLoading } from '../../shared/ui/states';
import { ConsoleMyGrantsQuery, ConsoleSupportMeQuery } from '../api/operations';
import { createSupportClient, exchangeGrant } from '../client';
import { AuditPanel } from '../components/AuditPanel';
import { FailedFilesPanel } from '../components/FailedFilesPanel';
import { GrantEnded } from '../components/GrantEnded';
import { GrantStatus } from '../components/GrantStatus';
import { useStaffClient } from '../ConsoleApp';
import { consoleMessage } from '../errors';
import { useNow } from '../hooks';
import { grantState, roleLabel } from '../roles';
import { consolePaths, parseTenantTab } from '../routes';
import { forgetSupportSession, type SupportSession } from '../session';

type Exchange = { grantId: string } & ({ state: 'pending' } | { state: 'ok'; session: SupportSession } | { state: 'failed'; code: string });

/** Inside one grant's organization: a banner (organization, role, until when), its failed files and what support did there. */
export function TenantView() {
  const { grantId = '' } = useParams();
  const { t, i18n } = useLingui();
  const locale = useLocale();
  const now = useNow(15_000);
  const staffClient = useStaffClient();
  const [params, setParams] = useSearchParams();
  const tab = parseTenantTab(params);
  // A request answered SUPPORT_GRANT_INACTIVE: revoked or expired while we were inside.
  const [endedGrant, setEndedGrant] = useState<string | null>(null);
  const [answered, setExchange] = useState<Exchange>({ grantId: '', state: 'pending' });
  // A new grant in the URL starts over, until its own exchange answers.
  const exchange: Exchange = answered.grantId === grantId ? answered : { grantId, state: 'pending' };
  const [{ data: grants }] = useQuery({ query: ConsoleMyGrantsQuery });
  const grant = grants?.mySupportGrants.find((g) => g.id === grantId);

  useEffect(() => {
    let cancelled = false;
    void exchangeGrant(staffClient, grantId).then((answer) => {
      if (!cancelled) {
        setExchange(answer.ok ? { grantId, state: 'ok', session: answer.session } : { grantId, state: 'failed', code: answer.code });
      }
    });
    return () => {
      cancelled = true;
      forgetSupportSession(grantId);
    };
  }, [staffClient, grantId]);

  const supportClient = useMemo(
    () => (exchange.state === 'ok' ? createSupportClient(staffClient, grantId) : null),
    [exchange.state, staffClient, grantId],
  );

  if (exchange.state === 'pending') return <ListLoading rows={4} />;
  if (exchange.state === 'failed' || !supportClient) {
    const code = exchange.state === 'failed' ? exchange.code : 'INTERNAL';
    return (
      <Stack gap="md" maw={640}>
        <Title order={1} size="h2">{grant?.organizationName ?? <Trans>Acesso de suporte</Trans>}</Title>
        <Alert color="red" role="alert" title={t`Não foi possível entrar`}>{i18n._(consoleMessage(code))}</Alert>
        <Group><Button component={Link} to={consolePaths.grants()} variant="default"><Trans>Voltar aos meus acessos</Trans></Button></Group>
      </Stack>
    );
  }

  const session = exchange.session;
  const roleName = i18n._(roleLabel(session.role));
  const until = formatDateTime(session.grantExpiresAt, locale);
  const reason = grant?.reason;
  const expired = grantState(session.grantExpiresAt, now) === 'expired';
  const ended = endedGrant === grantId;
  const onEnded = () => setEndedGrant(grantId);
  const organizationName = grant?.organizationName ?? '';

  return (
    <UrqlProvider value={supportClient}>
      <Stack gap="md">
        <Paper withBorder radius="md" p="md" bg="yellow.0" style={{ borderColor: 'var(--mantine-color-yellow-6)' }} role="region" aria-label={t`Acesso de suporte`}>
          <Group justify="space-between" align="flex-start" gap="sm">
            <Stack gap={2}>
              <Text size="xs" fw={700} tt="uppercase" c="dark.7"><Trans>Você está dentro de uma organização como suporte</Trans></Text>
              <Title order={1} size="h2">{organizationName || <SupportOrganizationName />}</Title>
              <Text size="sm">
                <Trans>Papel: <Text span fw={600}>{roleName}</Text></Trans>
                {' · '}
                <Trans>Acesso até {until}</Trans>
              </Text>
              {reason && <Text size="sm"><Trans>Motivo: {reason}</Trans></Text>}
              <Text size="xs" c="dark.6"><Trans>Cada consulta e ação fica registrada na auditoria da organização, com o seu nome.</Trans></Text>
            </Stack>
            <Group gap="xs" wrap="nowrap">
              <GrantStatus expiresAt={session.grantExpiresAt} now={now} ended={ended} />
              <Button component={Link} to={consolePaths.grants()} variant="default" size="xs"><Trans>Sair da organização</Trans></Button>
            </Group>
          </Group>
        </Paper>
        {ended ? (
          <GrantEnded />
        ) : expired ? (
          <Alert color="gray" role="alert" title={t`O acesso expirou`}>
            <Trans>A validade deste acesso terminou; nada mais pode ser feito nesta organização. Peça um novo acesso a um administrador dela.</Trans>
          </Alert>
        ) : (
          <Tabs value={tab} onChange={(value) => setParams(value === 'audit' ? { tab: 'audit' } : {}, { replace: true })} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="files"><Trans>Arquivos com falha</Trans></Tabs.Tab>
              <Tabs.Tab value="audit"><Trans>O que o suporte fez</Trans></Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="files" pt="md"><FailedFilesPanel role={session.role} onGrantEnded={onEnded} /></Tabs.Panel>
            <Tabs.Panel value="audit" pt="md"><AuditPanel role={session.role} onGrantEnded={onEnded} /></Tabs.Panel>
          </Tabs>
        )}
      </Stack>
    </UrqlProvider>
  );
}

/** The organization's name from `me` (support token) when the grant list has not loaded it. */
function SupportOrganizationName() {
  const [{ data }] = useQuery({ query: ConsoleSupportMeQuery });
  return <>{data?.me.organization.name ?? '…'}</>;
}
