import type { I18n, MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Badge, Button, Stack, Text } from '@mantine/core';

import type { UploadsFileFieldsFragment } from '../../../gql/graphql';
import { DateCell } from '../../../shared/ui/cells';
import type { DataColumn } from '../../../shared/ui/DataTable';
import { describeLocation, failureMessage, readLocation } from './fileMessages';
import { STATUS_COLORS, STATUS_LABELS } from './stageLabels';

export type FileRow = UploadsFileFieldsFragment;

interface Actions {
  i18n: I18n;
  onReprocess: (row: FileRow) => void;
  /** Id of the file being sent back to processing, if any. */
  reprocessing: string | null;
  canUpload: boolean;
}

function count(value: number, danger = false) {
  return <Text span ff="monospace" fz="sm" c={danger && value > 0 ? 'red.9' : undefined}>{value}</Text>;
}

/** The recent files table, declared once. */
export function fileColumns(t: (d: MessageDescriptor) => string, actions: Actions): DataColumn<FileRow>[] {
  return [
    {
      id: 'name',
      header: () => t(msg`Arquivo`),
      accessorFn: (row) => row.name,
      cell: ({ row }) => {
        const file = row.original;
        const where = file.failure ? describeLocation(actions.i18n, readLocation(file.failure.location), file.name) : '';
        return (
          <Stack gap={0} maw={360}>
            <Text fz="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>{file.name}</Text>
            {file.failure && (
              <Text fz="xs" c="red.9">
                {failureMessage(actions.i18n, file.failure.code)}
                {where ? ` (${where})` : ''}
              </Text>
            )}
          </Stack>
        );
      },
    },
    { id: 'kind', header: () => t(msg`Tipo`), accessorFn: (row) => (row.kind ?? '').toUpperCase() },
    {
      id: 'createdAt',
      header: () => t(msg`Enviado em`),
      accessorFn: (row) => row.createdAt,
      cell: ({ row }) => <DateCell value={row.original.createdAt} kind="datetime" />,
    },
    {
      id: 'status',
      header: () => t(msg`Situação`),
      accessorFn: (row) => row.status,
      cell: ({ row }) => {
        const label = STATUS_LABELS[row.original.status];
        return (
          <Badge variant="dot" color={STATUS_COLORS[row.original.status] ?? 'gray.7'} size="sm" style={{ minWidth: 'max-content' }}>
            {label ? t(label) : row.original.status}
          </Badge>
        );
      },
    },
    { id: 'documents', header: () => t(msg`Documentos`), accessorFn: (row) => row.documents, cell: ({ row }) => count(row.original.documents) },
    { id: 'transactions', header: () => t(msg`Transações`), accessorFn: (row) => row.transactions, cell: ({ row }) => count(row.original.transactions) },
    { id: 'errors', header: () => t(msg`Erros`), accessorFn: (row) => row.errors, cell: ({ row }) => count(row.original.errors, true) },
    {
      id: 'actions',
      header: () => t(msg`Ações`),
      cell: ({ row }) => {
        const name = row.original.name;
        return row.original.status === 'failed' && actions.canUpload ? (
          <Button
            size="compact-xs"
            variant="light"
            loading={actions.reprocessing === row.original.id}
            onClick={() => actions.onReprocess(row.original)}
            aria-label={t(msg`Reprocessar ${name}`)}
          >
            {t(msg`Reprocessar`)}
          </Button>
        ) : null;
      },
    },
  ];
}
