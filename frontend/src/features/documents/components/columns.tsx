import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Anchor, Badge } from '@mantine/core';
import { Link } from 'react-router';

import type { DocumentStatus, DocumentSort, DocumentsTable_DocumentFragment } from '../../../gql/graphql';
import { Cnpj, DateCell, Money } from '../../../shared/ui/cells';
import type { DataColumn } from '../../../shared/ui/DataTable';
import { documentsPaths } from '../routes';
import { DIRECTION_LABELS, KIND_LABELS } from './labels';

export type DocumentRow = DocumentsTable_DocumentFragment;
type Translate = (descriptor: MessageDescriptor) => string;

export const STATUS_LABELS: Record<DocumentStatus, MessageDescriptor> = {
  AUTHORIZED: msg`Autorizada`,
  CANCELLED: msg`Cancelada`,
  DENIED: msg`Denegada`,
  UNKNOWN: msg`Desconhecida`,
};

const STATUS_COLORS: Record<DocumentStatus, string> = {
  AUTHORIZED: 'teal.9',
  CANCELLED: 'gray.8',
  DENIED: 'red.9',
  UNKNOWN: 'yellow.9',
};

/** The columns the server can sort by, and the sort key each one sends. */
export const SORT_BY_COLUMN: Partial<Record<string, DocumentSort>> = {
  number: 'NUMBER',
  issuedAt: 'ISSUED_AT',
  total: 'TOTAL',
};

/** The table's name for its stored column choice (localStorage). */
export const DOCUMENTS_TABLE = 'documents';

/** Column ids and their headers, for the columns menu. */
export function documentColumnLabels(t: Translate): { id: string; label: string }[] {
  return documentColumns(t).map((column) => ({ id: column.id ?? '', label: typeof column.header === 'function' ? String((column.header as () => string)()) : '' }));
}

/** The documents table, declared once (a pure function of the translator: testable). */
export function documentColumns(t: Translate): DataColumn<DocumentRow>[] {
  return [
    {
      id: 'number',
      header: () => t(msg`Número`),
      accessorFn: (row) => row.number ?? '',
      cell: ({ row }) => (
        <Anchor component={Link} to={documentsPaths.detail(row.original.id)} fz="sm">
          {row.original.number ?? t(msg`(sem número)`)}
        </Anchor>
      ),
    },
    { id: 'kind', header: () => t(msg`Tipo`), accessorFn: (row) => KIND_LABELS[row.kind] },
    {
      id: 'issuedAt',
      header: () => t(msg`Emissão`),
      accessorFn: (row) => row.issuedAt ?? '',
      cell: ({ row }) => <DateCell value={row.original.issuedAt} kind="day" />,
    },
    {
      id: 'counterparty',
      header: () => t(msg`Contraparte`),
      accessorFn: (row) => row.counterpartyDocument ?? '',
      cell: ({ row }) => <Cnpj value={row.original.counterpartyDocument} />,
    },
    {
      id: 'direction',
      header: () => t(msg`Direção`),
      accessorFn: (row) => t(DIRECTION_LABELS[row.direction]),
    },
    {
      id: 'status',
      header: () => t(msg`Situação`),
      accessorFn: (row) => row.status,
      cell: ({ row }) => (
        <Badge variant="dot" color={STATUS_COLORS[row.original.status]} size="sm">
          {t(STATUS_LABELS[row.original.status])}
        </Badge>
      ),
    },
    {
      id: 'total',
      header: () => t(msg`Valor total`),
      accessorFn: (row) => row.total,
      cell: ({ row }) => <Money value={row.original.total} />,
    },
  ];
}
