import type { RouteObject } from 'react-router';

export const transactionsPaths = {
  index: () => '/transactions',
};

export const transactionsRoutes: RouteObject[] = [
  {
    path: 'transactions',
    lazy: async () => ({ Component: (await import('./views/TransactionsView')).TransactionsView }),
  },
];
