import type { RouteObject } from 'react-router';

export const dashboardPaths = {
  index: () => '/',
};

export const dashboardRoutes: RouteObject[] = [
  {
    index: true,
    lazy: async () => ({ Component: (await import('./views/DashboardView')).DashboardView }),
  },
];
