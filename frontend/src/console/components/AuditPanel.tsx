import { msg } from '@lingui/core/macro';
import type { MessageDescriptor } from '@lingui/core';
import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';

import { formatDateTime } from '../../shared/format';
import { useLocale } from '../../shared/i18n/useLocale';
import { ListEmpty, ListError, ListLoading } from '../../shared/ui/states';
import { ConsoleSupportAuditQuery, ConsoleSupportMeQuery } from '../api/operations';
import { consoleErrorCode, consoleMessage } from '../errors';
import { roleLabel } from '../roles';
import { canReadAudit } from '../routes';
import { useReportGrantEnded } from './GrantEnded';

const ACTIONS: Record<string, MessageDescriptor> = {
  'support.session_started': msg`Entrou com o acesso`,
  'support.request': msg`Consulta ou ação`,
  'support.request_refused': msg`Pedido recusado (acesso inativo)`,
  'file.reprocess_requested': msg`Pediu o reprocessamento de um arquivo`,
};

function operationOf(after: unknown): string | null {
  if (after && typeof after === 'object' && 'operation' in after) {
    const operation = (after as { operation?: unknown }).operation;
    return typeof operation === 'string' ? operation : null;
  }
  return null;
}

/** What support staff (this staff member) did in the organization: its audit log, filtered to them. */
export function AuditPanel({ role, onGrantEnded }: { role: string; onGrantEnded: () => void }) {
  const { t, i18n } = useLingui();
  const locale = useLocale();
  const allowed = canReadAudit(role);
  const [after, setAfter] = useState<string | null>(null);
  const [me] = useQuery({ query: ConsoleSupportMeQuery, pause: !allowed });
  const actorId = me.data?.me.id;
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ConsoleSupportAuditQuery,
    variables: { actorId: actorId ?? '', first: 50, after },
    pause: !allowed || !actorId,
    requestPolicy: 'network-only',
  });

  const roleName = i18n._(roleLabel(role));
  useReportGrantEnded(error ?? me.error ?? null, onGrantEnded);
  if (!allowed) {
    return (
      <Alert color="blue" variant="light" title={t`A auditoria não está disponível com este papel`}>
        <Trans>
          O papel {roleName} não lê o registro de auditoria da organização. Tudo o que você faz aqui continua registrado, com o seu nome e este acesso; para ver o registro, peça um acesso com o papel Auditor ou Gerente, ou peça a um administrador da organização que o consulte em Auditoria.
        </Trans>
      </Alert>
    );
  }
  const failed = error ?? me.error;
  if (failed) {
    return <ListError message={i18n._(consoleMessage(consoleErrorCode(failed)))} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  }
  if ((fetching || me.fetching) && !data) return <ListLoading rows={5} />;
  const entries = data?.auditLog.edges.map((e) => e.node) ?? [];
  if (entries.length === 0) return <ListEmpty title={<Trans>Nada registrado ainda</Trans>} />;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed"><Trans>Entradas da auditoria da organização feitas por você como suporte, as mais recentes primeiro.</Trans></Text>
      <Table.ScrollContainer minWidth={600}>
        <Table striped verticalSpacing="xs" aria-label={t`O que o suporte fez`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th><Trans>Quando</Trans></Table.Th>
              <Table.Th><Trans>O quê</Trans></Table.Th>
              <Table.Th><Trans>Detalhe</Trans></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => {
              const label = ACTIONS[entry.action];
              return (
                <Table.Tr key={entry.id}>
                  <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.createdAt, locale)}</Text></Table.Td>
                  <Table.Td><Text size="sm">{label ? i18n._(label) : entry.action}</Text></Table.Td>
                  <Table.Td><Code>{operationOf(entry.after) ?? entry.entityType}</Code></Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data?.auditLog.pageInfo.hasNextPage && (
        <Group justify="flex-end">
          <Button variant="default" size="xs" onClick={() => setAfter(data.auditLog.pageInfo.endCursor ?? null)}><Trans>Próxima página</Trans></Button>
        </Group>
      )}
    </Stack>
  );
}
