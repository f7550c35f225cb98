import type { RouteObject } from 'react-router';

export const exportsPaths = {
  index: () => '/exports',
};

export const exportsRoutes: RouteObject[] = [
  {
    path: 'exports',
    lazy: async () => ({ Component: (await import('./views/ExportsView')).ExportsView }),
  },
];
