import { authExchange } from '@urql/exchange-auth';
import { createClient as createWsClient } from 'graphql-ws';
import { cacheExchange, Client, fetchExchange, subscriptionExchange } from 'urql';

import { clearSession, getSession, refreshSession } from './session';

function websocketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/graphql`;
}

function isUnauthenticated(codes: unknown[]): boolean {
  return codes.includes('UNAUTHENTICATED');
}

/**
 * One client per session (rebuilt on login, logout and organization switch so no cache
 * crosses tenants). Queries go as POST; subscriptions over the same-origin /graphql
 * websocket (graphql-transport-ws) with the token in connection_init, as the API expects.
 */
export function createApiClient(): Client {
  const ws = createWsClient({
    url: websocketUrl(),
    lazy: true,
    connectionParams: async () => {
      let session = getSession();
      if (!session || session.expiresAt - Date.now() < 30_000) session = await refreshSession();
      return session ? { Authorization: `Bearer ${session.accessToken}` } : {};
    },
  });

  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const session = getSession();
          return session
            ? utils.appendHeaders(operation, { Authorization: `Bearer ${session.accessToken}` })
            : operation;
        },
        willAuthError() {
          const session = getSession();
          return !!session && session.expiresAt - Date.now() < 10_000;
        },
        didAuthError(error) {
          return isUnauthenticated(error.graphQLErrors.map((e) => e.extensions.code));
        },
        async refreshAuth() {
          const session = await refreshSession();
          if (!session) clearSession();
        },
      })),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
