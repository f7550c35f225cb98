import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';

import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { getSession, refreshSession } from '../app/session';

/**
 * GraphiQL from our own bundle (no CDN), opened from the app's user menu in the same
 * tab: it reads the app's refresh token from sessionStorage, gets an access token, and
 * sends it with every request (refreshing before it expires). Signed out, it still
 * works for public operations (login) and introspection where the server allows it.
 */
async function authorization(): Promise<Record<string, string>> {
  let session = getSession();
  if (!session || session.expiresAt - Date.now() < 30_000) session = await refreshSession();
  return session ? { Authorization: `Bearer ${session.accessToken}` } : {};
}

const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  subscriptionUrl: `${scheme}//${window.location.host}/graphql`,
  fetch: async (input, init) => {
    const headers = { ...(init?.headers as Record<string, string> | undefined), ...(await authorization()) };
    return fetch(input, { ...init, headers });
  },
});

const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <GraphiQL fetcher={fetcher} />
    </StrictMode>,
  );
}
