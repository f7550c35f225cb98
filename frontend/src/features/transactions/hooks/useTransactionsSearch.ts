import { useUrlSearch } from '../../../shared/hooks/useUrlSearch';
import { parseTransactionsSearch, serializeTransactionsSearch, type TransactionsSearch } from '../routes';

const TYPED: readonly (keyof TransactionsSearch)[] = ['q', 'counterparty', 'amountMin', 'amountMax'];

export function useTransactionsSearch(): [TransactionsSearch, (change: Partial<TransactionsSearch>) => void] {
  return useUrlSearch(parseTransactionsSearch, serializeTransactionsSearch, TYPED);
}
