import type { Direction } from '../../../gql/graphql';
import { percentOf, subtractDecimals, sumDecimals } from '../../../shared/format/decimal';

export interface SummaryRowInput {
  periodStart: string;
  direction: Direction;
  amount: string;
  matchedAmount: string;
  suggestedAmount: string;
  openAmount: string;
  installments: number;
  matched: number;
  suggested: number;
  open: number;
}

export interface PeriodTotals {
  periodStart: string;
  amount: string;
  matchedAmount: string;
  suggestedAmount: string;
  /** Open and with no suggestion: what still needs a bank line (open minus suggested). */
  unmatchedAmount: string;
  openAmount: string;
  installments: number;
  matched: number;
  suggested: number;
  open: number;
}

function total(rows: readonly SummaryRowInput[], periodStart: string): PeriodTotals {
  const openAmount = sumDecimals(rows.map((r) => r.openAmount));
  const suggestedAmount = sumDecimals(rows.map((r) => r.suggestedAmount));
  return {
    periodStart,
    amount: sumDecimals(rows.map((r) => r.amount)),
    matchedAmount: sumDecimals(rows.map((r) => r.matchedAmount)),
    suggestedAmount,
    openAmount,
    unmatchedAmount: subtractDecimals(openAmount, suggestedAmount),
    installments: rows.reduce((n, r) => n + r.installments, 0),
    matched: rows.reduce((n, r) => n + r.matched, 0),
    suggested: rows.reduce((n, r) => n + r.suggested, 0),
    open: rows.reduce((n, r) => n + r.open, 0),
  };
}

/**
 * The API's rows (per period, company and direction) added up per period — money as
 * exact decimal strings — oldest first, keeping the last `limit` periods.
 */
export function totalsByPeriod(rows: readonly SummaryRowInput[], limit = 12, direction?: Direction): PeriodTotals[] {
  const chosen = direction ? rows.filter((r) => r.direction === direction) : rows;
  const byPeriod = new Map<string, SummaryRowInput[]>();
  for (const row of chosen) byPeriod.set(row.periodStart, [...(byPeriod.get(row.periodStart) ?? []), row]);
  return [...byPeriod.keys()]
    .sort()
    .slice(-limit)
    .map((period) => total(byPeriod.get(period) ?? [], period));
}

function nextMonth(start: string): string {
  const [year = 0, month = 0] = start.split('-').map(Number);
  const y = month === 12 ? year + 1 : year;
  const m = month === 12 ? 1 : month + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}

const EMPTY = { amount: '0.00', matchedAmount: '0.00', suggestedAmount: '0.00', unmatchedAmount: '0.00', openAmount: '0.00', installments: 0, matched: 0, suggested: 0, open: 0 };

/** Months with no installment as zero bars, so the time axis is even (from the strings, no Date). */
export function fillMonths(periods: readonly PeriodTotals[]): PeriodTotals[] {
  const first = periods[0];
  const last = periods.at(-1);
  if (!first || !last) return [];
  const byStart = new Map(periods.map((p) => [p.periodStart, p]));
  const filled: PeriodTotals[] = [];
  for (let start = first.periodStart; start <= last.periodStart && filled.length < 120; start = nextMonth(start)) {
    filled.push(byStart.get(start) ?? { ...EMPTY, periodStart: start });
  }
  return filled;
}

/** Everything in the window, and the reconciliation rate by amount (settled / total). */
export function overallTotals(periods: readonly PeriodTotals[]): PeriodTotals & { rate: string | null } {
  const all = total(
    periods.map((p) => ({ ...p, direction: 'UNKNOWN' as Direction })),
    periods[0]?.periodStart ?? '',
  );
  return { ...all, rate: percentOf(all.matchedAmount, all.amount) };
}

/** The `since` of each period's window: 12 months, 26 weeks, 60 days back. */
export function sinceFor(period: 'DAY' | 'WEEK' | 'MONTH', now: Date = new Date()): string {
  const days = period === 'DAY' ? 60 : period === 'WEEK' ? 26 * 7 : 366;
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}
