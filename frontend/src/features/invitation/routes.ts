import type { RouteObject } from 'react-router';

/** The token from the e-mail's link (`/convite#token=…`): a fragment, never sent to a server. */
export function tokenFromHash(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return (params.get('token') ?? '').trim();
}

export const MIN_PASSWORD = 10;

export const invitationPaths = {
  accept: (token?: string) => (token ? `/convite#token=${encodeURIComponent(token)}` : '/convite'),
};

/** Public: outside RequireAuth (the invited person has no session here yet). */
export const invitationRoutes: RouteObject[] = [
  {
    path: 'convite',
    lazy: async () => ({ Component: (await import('./views/InvitationView')).InvitationView }),
  },
];
