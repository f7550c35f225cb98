import { authExchange } from '@urql/exchange-auth';
import { Client, fetchExchange } from 'urql';

import { ConsoleSupportTokenMutation } from './api/operations';
import { clearStaffSession, forgetSupportSession, getStaffSession, getSupportSession, setSupportSession, type SupportSession } from './session';

function codes(error: { graphQLErrors: { extensions: Record<string, unknown> }[] }): unknown[] {
  return error.graphQLErrors.map((e) => e.extensions.code);
}

/**
 * The staff client: the staff token on every request, no websocket (no staff field is
 * a subscription) and no cache sharing with anything else. An UNAUTHENTICATED answer
 * ends the session: staff tokens cannot be refreshed.
 */
export function createStaffClient(): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    exchanges: [
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const session = getStaffSession();
          return session ? utils.appendHeaders(operation, { Authorization: `Bearer ${session.accessToken}` }) : operation;
        },
        didAuthError(error) {
          return codes(error).includes('UNAUTHENTICATED');
        },
        async refreshAuth() {
          clearStaffSession();
        },
      })),
      fetchExchange,
    ],
  });
}

/** Exchange the grant for a support token (audited in the organization); the error code on failure. */
export async function exchangeGrant(staffClient: Client, grantId: string): Promise<{ ok: true; session: SupportSession } | { ok: false; code: string }> {
  const result = await staffClient.mutation(ConsoleSupportTokenMutation, { grantId }, { requestPolicy: 'network-only' }).toPromise();
  const answer = result.data?.supportToken;
  if (answer?.__typename === 'SupportAccessToken') {
    return { ok: true, session: setSupportSession(grantId, answer) };
  }
  if (result.error) {
    if (result.error.networkError) return { ok: false, code: 'NETWORK' };
    const code = codes(result.error)[0];
    return { ok: false, code: typeof code === 'string' ? code : 'INTERNAL' };
  }
  return { ok: false, code: answer && 'code' in answer ? answer.code : 'INTERNAL' };
}

/**
 * A client acting inside one grant's organization with its support token; a new one
 * (empty cache) per grant. The token lives at most 15 minutes: it is exchanged again
 * (with the staff token) shortly before it expires. No subscriptions: the API refuses
 * them to support tokens, so the console polls.
 */
export function createSupportClient(staffClient: Client, grantId: string): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    exchanges: [
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const session = getSupportSession(grantId, 0);
          return session ? utils.appendHeaders(operation, { Authorization: `Bearer ${session.accessToken}` }) : operation;
        },
        willAuthError() {
          return getSupportSession(grantId) === null;
        },
        didAuthError(error) {
          return codes(error).includes('UNAUTHENTICATED');
        },
        async refreshAuth() {
          forgetSupportSession(grantId);
          if (getStaffSession()) await exchangeGrant(staffClient, grantId);
        },
      })),
      fetchExchange,
    ],
  });
}
