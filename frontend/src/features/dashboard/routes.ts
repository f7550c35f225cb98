import type { RouteObject } from 'react-router';

import type { ReportPeriod } from '../../gql/graphql';

/** The dashboard's view state in the URL: the period of the summary and the chart. */
export interface DashboardSearch {
  period: ReportPeriod;
}

export const REPORT_PERIODS: readonly ReportPeriod[] = ['MONTH', 'WEEK', 'DAY'];
export const DEFAULT_DASHBOARD_SEARCH: DashboardSearch = { period: 'MONTH' };

export function parseDashboardSearch(params: URLSearchParams): DashboardSearch {
  const period = params.get('period');
  return {
    period: period && (REPORT_PERIODS as readonly string[]).includes(period) ? (period as ReportPeriod) : DEFAULT_DASHBOARD_SEARCH.period,
  };
}

export function serializeDashboardSearch(search: Partial<DashboardSearch>): URLSearchParams {
  const full = { ...DEFAULT_DASHBOARD_SEARCH, ...search };
  const params = new URLSearchParams();
  if (full.period !== DEFAULT_DASHBOARD_SEARCH.period) params.set('period', full.period);
  return params;
}

export const dashboardPaths = {
  index: (search: Partial<DashboardSearch> = {}) => {
    const query = serializeDashboardSearch(search).toString();
    return query ? `/?${query}` : '/';
  },
};

export const dashboardRoutes: RouteObject[] = [
  {
    index: true,
    lazy: async () => ({ Component: (await import('./views/DashboardView')).DashboardView }),
  },
];
