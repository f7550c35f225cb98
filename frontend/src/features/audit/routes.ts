import type { RouteObject } from 'react-router';

export const auditPaths = {
  index: () => '/audit',
};

export const auditRoutes: RouteObject[] = [
  {
    path: 'audit',
    lazy: async () => ({ Component: (await import('./views/AuditView')).AuditView }),
  },
];
