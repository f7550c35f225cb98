/**
 * The signed-in session. The access token lives in memory only (never in storage, so a
 * script injected later cannot lift it from there); the refresh token is kept in
 * sessionStorage so a reload or a link opened in the same tab keeps the session, and it
 * dies with the tab. Refresh tokens rotate: each refresh stores the new one.
 */
import { useSyncExternalStore } from 'react';

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token expires. */
  expiresAt: number;
  organizationId: string;
  role: string;
}

export interface TokenAnswer {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  organizationId?: string;
  role?: string;
}

export const REFRESH_KEY = 'cc.refreshToken';
const ORG_KEY = 'cc.organizationId';
const ROLE_KEY = 'cc.role';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

let current: Session | null = null;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<Session | null> | null = null;

function emit(): void {
  for (const listener of listeners) listener();
}

function schedule(session: Session | null): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (!session) return;
  const wait = Math.max(session.expiresAt - Date.now() - REFRESH_MARGIN_MS, 5_000);
  timer = setTimeout(() => void refreshSession(), wait);
}

export function getSession(): Session | null {
  return current;
}

export function setSession(answer: TokenAnswer): Session {
  const organizationId = answer.organizationId ?? current?.organizationId ?? sessionStorage.getItem(ORG_KEY) ?? '';
  const role = answer.role ?? current?.role ?? sessionStorage.getItem(ROLE_KEY) ?? '';
  current = {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    expiresAt: Date.now() + answer.expiresIn * 1000,
    organizationId,
    role,
  };
  sessionStorage.setItem(REFRESH_KEY, answer.refreshToken);
  sessionStorage.setItem(ORG_KEY, organizationId);
  sessionStorage.setItem(ROLE_KEY, role);
  schedule(current);
  emit();
  return current;
}

export function clearSession(): void {
  current = null;
  sessionStorage.removeItem(REFRESH_KEY);
  sessionStorage.removeItem(ORG_KEY);
  sessionStorage.removeItem(ROLE_KEY);
  schedule(null);
  emit();
}

export function storedRefreshToken(): string | null {
  return sessionStorage.getItem(REFRESH_KEY);
}

const REFRESH = `mutation SessionRefresh($refreshToken: String!) {
  refresh(refreshToken: $refreshToken) {
    __typename
    ... on AuthTokens { accessToken refreshToken expiresIn organizationId role }
    ... on UserError { code }
  }
}`;

interface RefreshAnswer {
  data?: { refresh?: ({ __typename: 'AuthTokens' } & TokenAnswer) | { __typename: string; code?: string } };
}

/**
 * Exchange the refresh token for a new pair, once at a time (concurrent callers share
 * the same request: a rotated refresh token may be used only once). Null when the
 * session is over; the caller sends the person to the login page.
 */
export function refreshSession(): Promise<Session | null> {
  if (inFlight) return inFlight;
  const token = current?.refreshToken ?? storedRefreshToken();
  if (!token) return Promise.resolve(null);
  inFlight = (async () => {
    try {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: REFRESH, variables: { refreshToken: token } }),
      });
      const body = (await response.json()) as RefreshAnswer;
      const answer = body.data?.refresh;
      if (answer && answer.__typename === 'AuthTokens' && 'accessToken' in answer) {
        return setSession(answer);
      }
      clearSession();
      return null;
    } catch {
      // Network trouble: keep the refresh token and try again on the next call.
      return null;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession, getSession);
}
