import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { parseRulesSearch, serializeRulesSearch, type RulesSearch } from '../routes';

export function useRulesSearch(): [RulesSearch, (change: Partial<RulesSearch>) => void] {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseRulesSearch(params), [params]);
  const update = useCallback(
    (change: Partial<RulesSearch>) => {
      const next = { ...search, ...change };
      if (!('after' in change)) next.after = null;
      setParams(serializeRulesSearch(next), { replace: 'q' in change });
    },
    [search, setParams],
  );
  return [search, update];
}
