import type { RouteObject } from 'react-router';

export type PeopleTab = 'members' | 'invitations' | 'support';
const TABS: readonly PeopleTab[] = ['members', 'invitations', 'support'];

export function parsePeopleTab(params: URLSearchParams): PeopleTab {
  const tab = params.get('tab');
  return (TABS as readonly (string | null)[]).includes(tab) ? (tab as PeopleTab) : 'members';
}

export const peoplePaths = {
  index: (tab: PeopleTab = 'members') => (tab === 'members' ? '/people' : `/people?tab=${tab}`),
};

export const peopleRoutes: RouteObject[] = [
  {
    path: 'people',
    lazy: async () => ({ Component: (await import('./views/PeopleView')).PeopleView }),
  },
];
