/**
 * The screens people open right after the dashboard, fetched while the browser is idle
 * once the shell is up, so their first visit does not wait for a chunk to download and
 * parse (bench/web.py: a documents page drew in ~660 ms on a first visit, ~140 ms after).
 * Each import names the module its route loads lazily, so it is the same chunk.
 */
const SCREENS: (() => Promise<unknown>)[] = [
  () => import('../features/documents/views/DocumentsListView'),
  () => import('../features/review/views/ReviewView'),
  () => import('../features/uploads/views/UploadsView'),
  () => import('../features/transactions/views/TransactionsView'),
];

let started = false;

/** Start fetching the common screens' chunks when the browser is idle (once). */
export function prefetchScreens(): void {
  if (started) return;
  started = true;
  const idle =
    window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 200));
  idle(() => {
    for (const load of SCREENS) void load().catch(() => undefined);
  });
}
