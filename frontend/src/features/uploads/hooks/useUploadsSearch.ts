import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { parseUploadsSearch, serializeUploadsSearch, type UploadsSearch } from '../routes';

/** The recent-files list's state in the URL; a change other than the cursor goes back to page one. */
export function useUploadsSearch(): [UploadsSearch, (change: Partial<UploadsSearch>) => void] {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseUploadsSearch(params), [params]);
  const update = useCallback(
    (change: Partial<UploadsSearch>) => {
      const next = { ...search, ...change };
      if (!('after' in change)) next.after = null;
      setParams(serializeUploadsSearch(next), { replace: !('after' in change) && 'q' in change });
    },
    [search, setParams],
  );
  return [search, update];
}
