import type { RouteObject } from 'react-router';

import type { Direction, ReportPeriod } from '../../gql/graphql';
import { dayRangeToInstants } from '../../shared/dates/range';
import { dateParam, documentsPaths, oneOf, type DocumentsSearch } from '../documents/routes';

/** The reports page's state in the URL: grouping, window and company. */
export interface ReportsSearch {
  period: ReportPeriod;
  /** Inclusive days, yyyy-mm-dd (São Paulo). */
  since: string;
  until: string;
  company: string;
}

export const REPORT_PERIODS: readonly ReportPeriod[] = ['DAY', 'WEEK', 'MONTH'];
export const DEFAULT_REPORTS_SEARCH: ReportsSearch = { period: 'MONTH', since: '', until: '', company: '' };

export function parseReportsSearch(params: URLSearchParams): ReportsSearch {
  return {
    period: oneOf(REPORT_PERIODS, params.get('period'), DEFAULT_REPORTS_SEARCH.period),
    since: dateParam(params, 'since'),
    until: dateParam(params, 'until'),
    company: params.get('company') ?? '',
  };
}

export function serializeReportsSearch(search: Partial<ReportsSearch>): URLSearchParams {
  const full = { ...DEFAULT_REPORTS_SEARCH, ...search };
  const params = new URLSearchParams();
  if (full.period !== DEFAULT_REPORTS_SEARCH.period) params.set('period', full.period);
  if (full.since) params.set('since', full.since);
  if (full.until) params.set('until', full.until);
  if (full.company) params.set('company', full.company);
  return params;
}

/** The API's variables: days as São Paulo instants, `until` exclusive. */
export function reportVariables(search: ReportsSearch) {
  const range = dayRangeToInstants(search.since, search.until);
  return { period: search.period, since: range.from ?? null, until: range.to ?? null, companyId: search.company || null };
}

function utcDay(value: string): Date {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function isoOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The last day (inclusive) of the period starting on `start` (calendar arithmetic in UTC). */
export function periodLastDay(start: string, period: ReportPeriod): string {
  const day = utcDay(start);
  if (period === 'DAY') return start;
  if (period === 'WEEK') return isoOf(new Date(day.getTime() + 6 * 86_400_000));
  return isoOf(new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)));
}

export type Figure = 'documents' | 'matched' | 'suggested' | 'open';

/** The documents list behind one figure of the summary (its period, company and direction). */
export function summaryLink(
  row: { periodStart: string; companyId?: string | null; direction: Direction },
  period: ReportPeriod,
  figure: Figure,
): string {
  const search: Partial<DocumentsSearch> = {
    issuedFrom: row.periodStart,
    issuedTo: periodLastDay(row.periodStart, period),
    direction: [row.direction],
    company: row.companyId ?? '',
  };
  if (figure === 'matched') search.open = ['RECONCILED', 'PARTIAL'];
  if (figure === 'open') search.open = ['OPEN', 'PARTIAL'];
  const path = documentsPaths.list(search);
  // Suggestions are decided in the review screen; the documents themselves are listed here.
  return path;
}

/** The open documents of one direction (aging rows: what is still to receive or pay). */
export function agingLink(direction: Direction): string {
  return documentsPaths.list({ direction: [direction], open: ['OPEN', 'PARTIAL'] });
}

/** The uploads list with the failed files of one detected kind. */
export function failedFilesLink(kind: string): string {
  return `/uploads?${new URLSearchParams({ status: 'FAILED', kind }).toString()}`;
}

export const reportsPaths = {
  index: (search: Partial<ReportsSearch> = {}) => {
    const query = serializeReportsSearch(search).toString();
    return query ? `/reports?${query}` : '/reports';
  },
};

export const reportsRoutes: RouteObject[] = [
  {
    path: 'reports',
    lazy: async () => ({ Component: (await import('./views/ReportsView')).ReportsView }),
  },
];
