import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Anchor, Badge, Text } from '@mantine/core';
import { Link } from 'react-router';

import type { TransactionSort, TransactionsTable_TransactionFragment } from '../../../gql/graphql';
import { Cnpj, DateCell } from '../../../shared/ui/cells';
import type { DataColumn } from '../../../shared/ui/DataTable';
import { OPEN_STATUS_COLORS, OPEN_STATUS_LABELS } from '../../documents/components/labels';
import { transactionsPaths } from '../routes';
import { AmountCell } from './AmountCell';
import { TYPE_LABELS } from './labels';

export type TransactionRow = TransactionsTable_TransactionFragment;
type Translate = (descriptor: MessageDescriptor) => string;

export const TRANSACTIONS_TABLE = 'transactions';

/** The columns the server can sort by, and the sort key each one sends. */
export const TRANSACTION_SORT_BY_COLUMN: Partial<Record<string, TransactionSort>> = {
  postedOn: 'POSTED_ON',
  amount: 'AMOUNT',
};

/** The transactions table, declared once (pure: testable). */
export function transactionColumns(t: Translate): DataColumn<TransactionRow>[] {
  return [
    {
      id: 'postedOn',
      header: () => t(msg`Data`),
      accessorFn: (row) => row.postedOn,
      cell: ({ row }) => (
        <Anchor component={Link} to={transactionsPaths.detail(row.original.id)} fz="sm">
          <DateCell value={row.original.postedOn} kind="date" />
        </Anchor>
      ),
    },
    {
      id: 'description',
      header: () => t(msg`Histórico`),
      accessorFn: (row) => row.description,
      cell: ({ row }) => <Text fz="sm" lineClamp={1} maw={320}>{row.original.description}</Text>,
    },
    { id: 'type', header: () => t(msg`Tipo`), accessorFn: (row) => t(TYPE_LABELS[row.type]) },
    {
      id: 'counterparty',
      header: () => t(msg`Contraparte`),
      accessorFn: (row) => row.counterparty.name ?? row.counterparty.document ?? '',
      cell: ({ row }) =>
        row.original.counterparty.document ? (
          <Cnpj value={row.original.counterparty.document} />
        ) : (
          <Text span fz="sm">{row.original.counterparty.name ?? '—'}</Text>
        ),
    },
    { id: 'account', header: () => t(msg`Conta`), accessorFn: (row) => row.bankAccount?.name ?? '—' },
    {
      id: 'status',
      header: () => t(msg`Situação`),
      accessorFn: (row) => row.status,
      cell: ({ row }) => (
        <Badge variant="dot" size="sm" color={OPEN_STATUS_COLORS[row.original.status]}>{t(OPEN_STATUS_LABELS[row.original.status])}</Badge>
      ),
    },
    { id: 'amount', header: () => t(msg`Valor`), accessorFn: (row) => row.amount, cell: ({ row }) => <AmountCell value={row.original.amount} /> },
    { id: 'openAmount', header: () => t(msg`Em aberto`), accessorFn: (row) => row.openAmount, cell: ({ row }) => <AmountCell value={row.original.openAmount} /> },
  ];
}

export function transactionColumnLabels(t: Translate): { id: string; label: string }[] {
  return transactionColumns(t).map((column) => ({ id: column.id ?? '', label: typeof column.header === 'function' ? String((column.header as () => string)()) : '' }));
}
