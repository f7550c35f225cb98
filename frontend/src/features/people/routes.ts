import type { RouteObject } from 'react-router';

export const peoplePaths = {
  index: () => '/people',
};

export const peopleRoutes: RouteObject[] = [
  {
    path: 'people',
    lazy: async () => ({ Component: (await import('./views/PeopleView')).PeopleView }),
  },
];
