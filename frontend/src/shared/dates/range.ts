/**
 * Date-only filter values ("2026-10-05") as the API's instants and bounds, computed on
 * the strings (calendar arithmetic in UTC, never a local `Date` reading of the value).
 * São Paulo has had no daylight saving time since 2019: its offset is -03:00.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const SAO_PAULO_OFFSET = '-03:00';

/** A real calendar date written yyyy-mm-dd. */
export function isIsoDate(value: string | null | undefined): value is string {
  const match = value ? ISO_DATE.exec(value) : null;
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const utc = new Date(Date.UTC(y, m - 1, d));
  return utc.getUTCFullYear() === y && utc.getUTCMonth() === m - 1 && utc.getUTCDate() === d;
}

/** The calendar day after `value` ("2026-12-31" → "2027-01-01"). */
export function nextIsoDate(value: string): string {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(y, m - 1, d + 1));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${utc.getUTCFullYear()}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;
}

/** Midnight of that São Paulo day, as an ISO instant the API reads. */
export function startOfDaySaoPaulo(value: string): string {
  return `${value}T00:00:00${SAO_PAULO_OFFSET}`;
}

/** An inclusive day range as the API's `[from, to)` instants (either side optional). */
export function dayRangeToInstants(from: string, to: string): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {};
  if (isIsoDate(from)) range.from = startOfDaySaoPaulo(from);
  if (isIsoDate(to)) range.to = startOfDaySaoPaulo(nextIsoDate(to));
  return range;
}
