import type { CombinedError } from 'urql';

import { errorCode } from './errors';

/** Whether an answer says the caller's role may not do this (top-level or a UserError code). */
export function isForbidden(error: CombinedError | null | undefined, userErrorCode?: string | null): boolean {
  return (!!error && errorCode(error) === 'FORBIDDEN') || userErrorCode === 'FORBIDDEN' || userErrorCode === 'PERMISSION_DENIED';
}
