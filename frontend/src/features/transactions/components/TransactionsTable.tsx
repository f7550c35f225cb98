import { useLingui } from '@lingui/react/macro';

import { graphql, useFragment, type FragmentType } from '../../../gql';
import type { TransactionSort } from '../../../gql/graphql';
import { visibleColumns } from '../../../shared/ui/columnVisibility';
import { DataTable, type ServerSort } from '../../../shared/ui/DataTable';
import { TRANSACTION_SORT_BY_COLUMN, transactionColumns } from './columns';

export const TransactionsTableFragment = graphql(`
  fragment TransactionsTable_transaction on Transaction {
    id
    postedOn
    amount
    openAmount
    description
    type
    status
    counterparty {
      document
      name
    }
    bankAccount {
      id
      name
    }
  }
`);

interface Props {
  transactions: FragmentType<typeof TransactionsTableFragment>[];
  sort: TransactionSort;
  direction: 'ASC' | 'DESC';
  onSort: (sort: TransactionSort, direction: 'ASC' | 'DESC') => void;
  hidden?: readonly string[];
}

export function TransactionsTable({ transactions, sort, direction, onSort, hidden = [] }: Props) {
  const { t } = useLingui();
  const rows = useFragment(TransactionsTableFragment, transactions);
  const serverSort: ServerSort<TransactionSort> = { keys: TRANSACTION_SORT_BY_COLUMN, current: sort, direction, onChange: onSort };
  return (
    <DataTable
      data={[...rows]}
      columns={visibleColumns(transactionColumns(t), hidden)}
      caption={t`Transações bancárias`}
      getRowId={(row) => row.id}
      sort={serverSort}
    />
  );
}
