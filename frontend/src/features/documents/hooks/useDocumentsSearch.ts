import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { parseDocumentsSearch, serializeDocumentsSearch, type DocumentsSearch } from '../routes';

/**
 * The list's state read from and written to the URL. Any change other than the cursor
 * goes back to the first page (a cursor belongs to one filter and sort).
 */
export function useDocumentsSearch(): [DocumentsSearch, (change: Partial<DocumentsSearch>) => void] {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseDocumentsSearch(params), [params]);
  const update = useCallback(
    (change: Partial<DocumentsSearch>) => {
      const next = { ...search, ...change };
      if (!('after' in change)) next.after = null;
      setParams(serializeDocumentsSearch(next), { replace: !('after' in change) && 'q' in change });
    },
    [search, setParams],
  );
  return [search, update];
}
