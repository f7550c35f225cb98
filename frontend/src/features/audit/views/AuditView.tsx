import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Badge, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';

import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { isForbidden } from '../../../shared/graphql/forbidden';
import { DateCell } from '../../../shared/ui/cells';
import { Forbidden } from '../../../shared/ui/Forbidden';
import { ListEmpty, ListError, ListLoading, ListNoResults } from '../../../shared/ui/states';
import { AuditLogQuery, AuditPeopleQuery } from '../api/audit';
import { AuditDiff } from '../components/AuditDiff';
import { AuditFilters } from '../components/AuditFilters';
import { ACTOR_LABELS } from '../components/labels';
import { auditPaths, DEFAULT_AUDIT_SEARCH, hasAuditFilters, parseAuditSearch, serializeAuditSearch, toAuditFilter, type AuditSearch } from '../routes';

export function AuditView() {
  const { i18n } = useLingui();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseAuditSearch(params), [params]);
  const update = useCallback(
    (change: Partial<AuditSearch>) => {
      const next = { ...search, ...change };
      if (!('after' in change)) next.after = null;
      setParams(serializeAuditSearch(next));
    },
    [search, setParams],
  );
  const [{ data, error, fetching }, reexecute] = useQuery({ query: AuditLogQuery, variables: { filter: toAuditFilter(search), first: 25, after: search.after }, requestPolicy: 'cache-and-network' });
  const [{ data: people }] = useQuery({ query: AuditPeopleQuery });
  const names = useMemo(() => new Map((people?.users ?? []).map((u) => [u.id, u.name || u.email])), [people]);
  const [open, setOpen] = useState<string | null>(null);
  const connection = data?.auditLog;

  let body;
  if (isForbidden(error)) {
    body = (
      <Forbidden title={<Trans>A auditoria não está disponível para o seu papel</Trans>}>
        <Trans>O registro de auditoria é lido por administradores, gestores e auditores. Peça a um deles o que precisa, ou que mude o seu papel.</Trans>
      </Forbidden>
    );
  } else if (error && !connection) {
    body = <ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!connection) {
    body = <ListLoading rows={6} />;
  } else if (connection.edges.length === 0) {
    body = hasAuditFilters(search) || search.after ? <ListNoResults onClear={() => update({ ...DEFAULT_AUDIT_SEARCH })} /> : <ListEmpty title={<Trans>Nada registrado ainda</Trans>}><Trans>Cada mudança (arquivos, conciliações, regras, pessoas, integrações) aparece aqui com quem fez e quando.</Trans></ListEmpty>;
  } else {
    body = (
      <Stack gap="xs">
        {connection.edges.map(({ node }) => {
          const actor = i18n._(ACTOR_LABELS[node.actorType]);
          const who = node.actorId ? (names.get(node.actorId) ?? node.actorId) : null;
          const expanded = open === node.id;
          return (
            <Paper key={node.id} withBorder p="sm" data-testid="audit-entry">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Group gap="xs" wrap="wrap">
                  <Code>{node.action}</Code>
                  <Anchor component={Link} to={auditPaths.index({ entityType: node.entityType, entityId: node.entityId ?? '' })} size="sm">
                    {node.entityType}
                  </Anchor>
                  <Badge size="sm" variant="default">{actor}</Badge>
                  {who && (
                    <Anchor component={Link} to={auditPaths.index({ actorId: node.actorId ?? '' })} size="sm">{who}</Anchor>
                  )}
                </Group>
                <Group gap="xs">
                  <DateCell value={node.createdAt} kind="datetime" />
                  <Button size="xs" variant="outline" color="indigo.9" aria-expanded={expanded} onClick={() => setOpen(expanded ? null : node.id)}>
                    {expanded ? <Trans>Ocultar detalhes</Trans> : <Trans>Antes e depois</Trans>}
                  </Button>
                </Group>
              </Group>
              {expanded && (
                <Stack gap={4} mt="xs">
                  <AuditDiff before={node.before} after={node.after} />
                  {node.requestId && <Text size="xs" c="dimmed"><Trans>Requisição</Trans> <Code>{node.requestId}</Code></Text>}
                </Stack>
              )}
            </Paper>
          );
        })}
        <Group justify="flex-end" gap="xs">
          {search.after && <Button size="xs" variant="default" onClick={() => update({ after: null })}><Trans>Primeira página</Trans></Button>}
          <Button size="xs" variant="default" disabled={!connection.pageInfo.hasNextPage} onClick={() => update({ after: connection.pageInfo.endCursor ?? null })}><Trans>Próxima página</Trans></Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2"><Trans>Auditoria</Trans></Title>
        {fetching && connection && <Text size="xs" c="dimmed" role="status"><Trans>Atualizando…</Trans></Text>}
      </Group>
      {!isForbidden(error) && <AuditFilters key={params.toString()} search={search} onChange={update} />}
      {body}
    </Stack>
  );
}
