/** Moves the selection by `step` in the list shown, staying at the ends. */
export function moveSelection(ids: readonly string[], current: string | null, step: number): string | null {
  if (!ids.length) return null;
  const at = current ? ids.indexOf(current) : -1;
  if (at < 0) return ids[0] ?? null;
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))] ?? null;
}

/**
 * The next open item once `decided` leaves the list: the one after it, or the one
 * before when it was the last, or null when nothing is left.
 */
export function nextAfter(ids: readonly string[], decided: string): string | null {
  const at = ids.indexOf(decided);
  const rest = ids.filter((id) => id !== decided);
  if (at < 0) return rest[0] ?? null;
  return rest[at] ?? rest[at - 1] ?? null;
}
