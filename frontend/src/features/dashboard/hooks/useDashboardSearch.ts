import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { parseDashboardSearch, serializeDashboardSearch, type DashboardSearch } from '../routes';

export function useDashboardSearch(): [DashboardSearch, (change: Partial<DashboardSearch>) => void] {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseDashboardSearch(params), [params]);
  const update = useCallback(
    (change: Partial<DashboardSearch>) => setParams(serializeDashboardSearch({ ...search, ...change }), { replace: true }),
    [search, setParams],
  );
  return [search, update];
}
