import type { RouteObject } from 'react-router';

export const integrationsPaths = {
  index: () => '/integrations',
};

export const integrationsRoutes: RouteObject[] = [
  {
    path: 'integrations',
    lazy: async () => ({ Component: (await import('./views/IntegrationsView')).IntegrationsView }),
  },
];
