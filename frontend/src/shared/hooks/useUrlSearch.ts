import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

interface Paged {
  after: string | null;
  before: string | null;
}

/**
 * A list's state read from and written to the URL through its own parse/serialize pair.
 * A change that moves no cursor goes back to the first page (a cursor belongs to one
 * filter and sort); moving one cursor drops the other. Typing in a search box replaces
 * the history entry instead of adding one per keystroke.
 */
export function useUrlSearch<S extends Paged>(
  parse: (params: URLSearchParams) => S,
  serialize: (search: S) => URLSearchParams,
  replaceKeys: readonly (keyof S)[] = [],
): [S, (change: Partial<S>) => void] {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parse(params), [params, parse]);
  const update = useCallback(
    (change: Partial<S>) => {
      const next = { ...search, ...change };
      if ('after' in change) next.before = null;
      else if ('before' in change) next.after = null;
      else {
        next.after = null;
        next.before = null;
      }
      const replace = replaceKeys.some((key) => key in change);
      setParams(serialize(next), { replace });
    },
    [search, setParams, serialize, replaceKeys],
  );
  return [search, update];
}
