import type { RouteObject } from 'react-router';

export const authPaths = {
  /** The login page; `next` is where to go back to after signing in. */
  login: (next?: string) => (next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'),
};

/** Only a same-origin path is a valid `next` (no open redirect). */
export function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export const authRoutes: RouteObject[] = [
  {
    path: 'login',
    lazy: async () => ({ Component: (await import('./views/LoginView')).LoginView }),
  },
];
