import type { RouteObject } from 'react-router';

export const reportsPaths = {
  index: () => '/reports',
};

export const reportsRoutes: RouteObject[] = [
  {
    path: 'reports',
    lazy: async () => ({ Component: (await import('./views/ReportsView')).ReportsView }),
  },
];
