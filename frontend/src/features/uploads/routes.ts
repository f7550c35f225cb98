import type { RouteObject } from 'react-router';

export const uploadsPaths = {
  index: () => '/uploads',
};

export const uploadsRoutes: RouteObject[] = [
  {
    path: 'uploads',
    lazy: async () => ({ Component: (await import('./views/UploadsView')).UploadsView }),
  },
];
