import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { FILTER_KEYS, parseReviewSearch, serializeReviewSearch, type ReviewSearch } from '../routes';

/** Typed keys replace the history entry instead of adding one per keystroke; so does moving the selection. */
const REPLACE: readonly (keyof ReviewSearch)[] = ['counterparty', 'text', 'tolerance', 'days', 'item'];

/**
 * The review screen's state in the URL. A filter change goes back to the first page and
 * clears the selection; the selection and the dialog keep the page.
 */
export function useReviewSearch(): [ReviewSearch, (change: Partial<ReviewSearch>) => void] {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseReviewSearch(params), [params]);
  const update = useCallback(
    (change: Partial<ReviewSearch>) => {
      setParams(
        (current) => {
          const base = parseReviewSearch(current);
          const next = { ...base, ...change };
          if (FILTER_KEYS.some((key) => key in change && change[key] !== base[key])) {
            if (!('after' in change)) next.after = null;
            if (!('item' in change)) next.item = '';
          }
          return serializeReviewSearch(next);
        },
        { replace: REPLACE.some((key) => key in change) && !('dialog' in change) },
      );
    },
    [setParams],
  );
  return [search, update];
}
