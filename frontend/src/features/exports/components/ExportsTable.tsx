import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Badge, Button, Loader, Table, Text } from '@mantine/core';

import { graphql, useFragment, type FragmentType } from '../../../gql';
import type { ExportKind, ExportStatus } from '../../../gql/graphql';
import { formatBytes } from '../../../shared/format/bytes';
import { DateCell } from '../../../shared/ui/cells';

export const ExportsTableFragment = graphql(`
  fragment ExportsTable_export on Export {
    id
    kind
    format
    status
    rowCount
    sizeBytes
    createdAt
    finishedAt
    expiresAt
    expired
    downloadUrl
  }
`);

export const EXPORT_STATUS_LABELS: Record<ExportStatus, MessageDescriptor> = {
  PENDING: msg`Na fila`,
  RUNNING: msg`Gerando`,
  READY: msg`Pronta`,
  FAILED: msg`Falhou`,
};

const STATUS_COLORS: Record<ExportStatus, string> = { PENDING: 'gray.8', RUNNING: 'blue.9', READY: 'teal.9', FAILED: 'red.9' };

export const EXPORT_KIND_LABELS: Record<ExportKind, MessageDescriptor> = {
  DOCUMENTS: msg`Documentos`,
  RECONCILIATIONS: msg`Conciliações`,
};

/** True while the list must keep polling (an export still being built). */
export function isBuilding(status: ExportStatus): boolean {
  return status === 'PENDING' || status === 'RUNNING';
}

interface Props {
  exports: readonly FragmentType<typeof ExportsTableFragment>[];
  onDownload: (row: { id: string; downloadUrl: string; name: string }) => void;
  busy: string | null;
}

export function ExportsTable({ exports, onDownload, busy }: Props) {
  const { t } = useLingui();
  const rows = useFragment(ExportsTableFragment, exports);
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table fz="sm" verticalSpacing={6} striped>
        <Table.Caption className="visually-hidden">{t`Exportações pedidas`}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th><Trans>Pedida em</Trans></Table.Th>
            <Table.Th><Trans>Conteúdo</Trans></Table.Th>
            <Table.Th><Trans>Formato</Trans></Table.Th>
            <Table.Th><Trans>Situação</Trans></Table.Th>
            <Table.Th><Trans>Linhas</Trans></Table.Th>
            <Table.Th><Trans>Tamanho</Trans></Table.Th>
            <Table.Th><Trans>Disponível até</Trans></Table.Th>
            <Table.Th><Trans>Arquivo</Trans></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const format = row.format;
            return (
            <Table.Tr key={row.id}>
              <Table.Td><DateCell value={row.createdAt} kind="datetime" /></Table.Td>
              <Table.Td>{t(EXPORT_KIND_LABELS[row.kind])}</Table.Td>
              <Table.Td>{row.format}</Table.Td>
              <Table.Td>
                <Badge variant="dot" size="sm" color={row.expired ? 'gray.8' : STATUS_COLORS[row.status]} leftSection={isBuilding(row.status) ? <Loader size={10} /> : undefined}>
                  {row.expired ? t`Expirada` : t(EXPORT_STATUS_LABELS[row.status])}
                </Badge>
              </Table.Td>
              <Table.Td>{row.rowCount ?? '—'}</Table.Td>
              <Table.Td>{row.sizeBytes != null ? formatBytes(row.sizeBytes) : '—'}</Table.Td>
              <Table.Td><DateCell value={row.expiresAt} kind="datetime" /></Table.Td>
              <Table.Td>
                {row.downloadUrl && !row.expired ? (
                  <Button
                    size="xs"
                    variant="default"
                    loading={busy === row.id}
                    onClick={() => row.downloadUrl && onDownload({ id: row.id, downloadUrl: row.downloadUrl, name: `conciliacontag.${row.format.toLowerCase()}` })}
                  >
                    <Trans>Baixar {format}</Trans>
                  </Button>
                ) : (
                  <Text span c="dimmed" fz="sm">—</Text>
                )}
              </Table.Td>
            </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
