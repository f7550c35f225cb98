import type { RouteObject } from 'react-router';

export const rulesPaths = {
  index: () => '/rules',
};

export const rulesRoutes: RouteObject[] = [
  {
    path: 'rules',
    lazy: async () => ({ Component: (await import('./views/RulesView')).RulesView }),
  },
];
