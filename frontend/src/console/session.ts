/**
 * The staff session, apart from the web app's (src/app/session.ts): its own store, kept
 * in memory only — never in storage, and never the tenant app's `cc.*` keys. A staff
 * token has no refresh token and lives 15 minutes (docs/support.md): a reload or an
 * expired token means logging in again, with the authenticator code.
 *
 * Support tokens (one per grant, exchanged with `supportToken`) live here as well, in
 * memory, and are forgotten with the staff session.
 */
import { useSyncExternalStore } from 'react';

export interface StaffSession {
  accessToken: string;
  /** Epoch milliseconds at which the staff token expires. */
  expiresAt: number;
  /** The staff member's user id (a plain UUID, as staffLogin answers it). */
  userId: string;
  email: string;
  name: string;
  /** The token only works for TOTP enrollment (REQUIRE_ADMIN_TOTP and none yet). */
  enrollmentOnly: boolean;
}

export interface SupportSession {
  grantId: string;
  accessToken: string;
  expiresAt: number;
  organizationId: string;
  role: string;
  grantExpiresAt: string;
}

export interface StaffLoginAnswer {
  accessToken: string;
  expiresIn: number;
  staffUserId: string;
  email: string;
  name: string;
  totpEnrollmentRequired: boolean;
}

export interface SupportTokenAnswer {
  accessToken: string;
  expiresIn: number;
  organizationId: string;
  role: string;
  grantExpiresAt: string;
}

let staff: StaffSession | null = null;
const support = new Map<string, SupportSession>();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

function emit(): void {
  for (const listener of listeners) listener();
}

export function getStaffSession(): StaffSession | null {
  return staff;
}

export function setStaffSession(answer: StaffLoginAnswer, now = Date.now()): StaffSession {
  staff = {
    accessToken: answer.accessToken,
    expiresAt: now + answer.expiresIn * 1000,
    userId: answer.staffUserId,
    email: answer.email,
    name: answer.name,
    enrollmentOnly: answer.totpEnrollmentRequired,
  };
  support.clear();
  if (timer) clearTimeout(timer);
  // The token cannot be refreshed: end the session when it expires.
  timer = setTimeout(clearStaffSession, Math.max(staff.expiresAt - now, 0));
  emit();
  return staff;
}

export function clearStaffSession(): void {
  staff = null;
  support.clear();
  if (timer) clearTimeout(timer);
  timer = undefined;
  emit();
}

/** A support token still valid for at least `marginMs`, or null (exchange again). */
export function getSupportSession(grantId: string, marginMs = 10_000, now = Date.now()): SupportSession | null {
  const found = support.get(grantId);
  return found && found.expiresAt - now > marginMs ? found : null;
}

export function setSupportSession(grantId: string, answer: SupportTokenAnswer, now = Date.now()): SupportSession {
  const session: SupportSession = {
    grantId,
    accessToken: answer.accessToken,
    expiresAt: now + answer.expiresIn * 1000,
    organizationId: answer.organizationId,
    role: answer.role,
    grantExpiresAt: answer.grantExpiresAt,
  };
  support.set(grantId, session);
  return session;
}

export function forgetSupportSession(grantId: string): void {
  support.delete(grantId);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useStaffSession(): StaffSession | null {
  return useSyncExternalStore(subscribe, getStaffSession, getStaffSession);
}
