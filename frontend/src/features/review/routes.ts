import type { RouteObject } from 'react-router';

export const reviewPaths = {
  index: () => '/review',
};

export const reviewRoutes: RouteObject[] = [
  {
    path: 'review',
    lazy: async () => ({ Component: (await import('./views/ReviewView')).ReviewView }),
  },
];
