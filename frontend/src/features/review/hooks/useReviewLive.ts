import { useEffect, useRef } from 'react';
import { useSubscription } from 'urql';

import { ReviewChangedSubscription } from '../api/review';

/**
 * Another reviewer's (or the engine's) decisions without a reload: each
 * reconciliationChanged refetches the queue, debounced; while the subscription is down,
 * polling every 15 s is the fallback (every 60 s otherwise, in case an event was missed).
 */
export function useReviewLive(refetch: () => void, debounceMs = 400): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(refetch);
  useEffect(() => {
    latest.current = refetch;
  }, [refetch]);
  const [{ error }] = useSubscription({ query: ReviewChangedSubscription }, (_previous, event) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), debounceMs);
    return event;
  });
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const every = error ? 15_000 : 60_000;
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') latest.current();
    }, every);
    return () => clearInterval(id);
  }, [every]);
}
