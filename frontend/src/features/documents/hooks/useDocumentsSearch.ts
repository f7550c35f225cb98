import { useUrlSearch } from '../../../shared/hooks/useUrlSearch';
import { parseDocumentsSearch, serializeDocumentsSearch, type DocumentsSearch } from '../routes';

const TYPED: readonly (keyof DocumentsSearch)[] = ['q', 'counterparty', 'amountMin', 'amountMax'];

/** The documents list's state in the URL (see useUrlSearch for the paging rules). */
export function useDocumentsSearch(): [DocumentsSearch, (change: Partial<DocumentsSearch>) => void] {
  return useUrlSearch(parseDocumentsSearch, serializeDocumentsSearch, TYPED);
}
