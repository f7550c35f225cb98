import { Trans, useLingui } from '@lingui/react/macro';
import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';

import { formatDateTime } from '../../shared/format';
import { useLocale } from '../../shared/i18n/useLocale';
import { ListEmpty, ListError, ListLoading, ListNoResults } from '../../shared/ui/states';
import { ConsoleTenantDirectoryQuery } from '../api/operations';
import { consoleErrorCode, consoleMessage } from '../errors';
import { DIRECTORY_SORTS, parseDirectorySearch, serializeDirectorySearch, sortDirectory, type DirectorySearch } from '../routes';

const PAGE = 50;

/** Every organization with its health (counts only, never its rows); each read is in the platform audit log. */
export function DirectoryView() {
  const { t, i18n } = useLingui();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const search = parseDirectorySearch(params);
  const after = params.get('after');
  const [text, setText] = useState(search.q);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ConsoleTenantDirectoryQuery,
    variables: { text: search.q || null, first: PAGE, after },
  });

  function update(next: Partial<DirectorySearch>, keepCursor = false) {
    const merged = serializeDirectorySearch({ ...search, ...next });
    if (keepCursor && after) merged.set('after', after);
    setParams(merged, { replace: true });
  }
  const debouncedSearch = useDebouncedCallback((q: string) => update({ q: q.trim() }), 300);

  const sortLabels: Record<(typeof DIRECTORY_SORTS)[number], string> = {
    name: t`Nome`,
    failedFiles: t`Arquivos com falha`,
    openItems: t`Itens em aberto`,
    lastActivity: t`Última atividade`,
  };
  const rows = useMemo(
    () => sortDirectory(data?.tenantDirectory.edges.map((e) => e.node) ?? [], search.sort, search.dir),
    [data, search.sort, search.dir],
  );

  let body;
  if (fetching && !data) body = <ListLoading rows={6} />;
  else if (error) body = <ListError message={i18n._(consoleMessage(consoleErrorCode(error)))} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (rows.length === 0 && (search.q || after)) body = <ListNoResults onClear={() => { setText(''); setParams(new URLSearchParams(), { replace: true }); }} />;
  else if (rows.length === 0) body = <ListEmpty title={<Trans>Nenhuma organização ainda</Trans>}><Trans>As organizações aparecem aqui assim que se cadastram.</Trans></ListEmpty>;
  else
    body = (
      <Stack gap="sm">
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label={t`Organizações e sua saúde`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th><Trans>Organização</Trans></Table.Th>
                <Table.Th ta="right"><Trans>Arquivos com falha (30 dias)</Trans></Table.Th>
                <Table.Th ta="right"><Trans>Em processamento</Trans></Table.Th>
                <Table.Th ta="right"><Trans>Parcelas em aberto</Trans></Table.Th>
                <Table.Th ta="right"><Trans>Transações em aberto</Trans></Table.Th>
                <Table.Th ta="right"><Trans>Sugestões pendentes</Trans></Table.Th>
                <Table.Th><Trans>Última atividade</Trans></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((org) => (
                <Table.Tr key={org.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text fw={500} size="sm">{org.name}</Text>
                      {!org.isActive && <Badge color="gray" variant="light"><Trans>Inativa</Trans></Badge>}
                    </Group>
                    <Text size="xs" c="dimmed">{org.slug}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {org.health.failedFiles > 0 ? (
                      <Badge color="red" variant="filled">{org.health.failedFiles}</Badge>
                    ) : (
                      <Text size="sm">0</Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right"><Text size="sm">{org.health.filesProcessing}</Text></Table.Td>
                  <Table.Td ta="right"><Text size="sm">{org.health.openInstallments}</Text></Table.Td>
                  <Table.Td ta="right"><Text size="sm">{org.health.openTransactions}</Text></Table.Td>
                  <Table.Td ta="right"><Text size="sm">{org.health.pendingSuggestions}</Text></Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {org.health.lastActivityAt ? formatDateTime(org.health.lastActivityAt, locale) : <Trans>nunca</Trans>}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="space-between">
          <Text size="xs" c="dimmed"><Trans>A ordenação vale para esta página; as páginas seguem a ordem alfabética.</Trans></Text>
          <Group gap="xs">
            {after && (
              <Button variant="default" size="xs" onClick={() => update({})}><Trans>Primeira página</Trans></Button>
            )}
            {data?.tenantDirectory.pageInfo.hasNextPage && (
              <Button
                variant="default"
                size="xs"
                onClick={() => {
                  const next = serializeDirectorySearch(search);
                  next.set('after', data.tenantDirectory.pageInfo.endCursor ?? '');
                  setParams(next);
                }}
              >
                <Trans>Próxima página</Trans>
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    );

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={1} size="h2"><Trans>Organizações</Trans></Title>
        <Text size="sm" c="dimmed">
          <Trans>Só contagens e datas: os dados de uma organização só com um acesso concedido por ela. Cada consulta fica no registro de auditoria da plataforma.</Trans>
        </Text>
      </Stack>
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t`Buscar`}
          placeholder={t`Nome ou identificador`}
          value={text}
          onChange={(e) => { setText(e.currentTarget.value); debouncedSearch(e.currentTarget.value); }}
          w={{ base: '100%', sm: 280 }}
        />
        <Select
          label={t`Ordenar por`}
          data={DIRECTORY_SORTS.map((value) => ({ value, label: sortLabels[value] }))}
          value={search.sort}
          onChange={(value) => value && update({ sort: value as DirectorySearch['sort'], dir: value === 'name' ? 'asc' : 'desc' }, true)}
          allowDeselect={false}
          w={{ base: '56%', sm: 220 }}
        />
        <Select
          label={t`Ordem`}
          data={[
            { value: 'asc', label: t`Crescente` },
            { value: 'desc', label: t`Decrescente` },
          ]}
          value={search.dir}
          onChange={(value) => (value === 'asc' || value === 'desc') && update({ dir: value }, true)}
          allowDeselect={false}
          w={{ base: '38%', sm: 150 }}
        />
      </Group>
      {body}
    </Stack>
  );
}
