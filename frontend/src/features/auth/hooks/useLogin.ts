import { useState } from 'react';
import { useMutation } from 'urql';

import { setSession } from '../../../app/session';
import { errorCode } from '../../../shared/graphql/errors';
import { AuthLoginMutation } from '../api/auth';

export type LoginOutcome = { ok: true } | { ok: false; code: string };

/** Calls login; on success stores the session, otherwise answers the error code. */
export function useLogin() {
  const [, login] = useMutation(AuthLoginMutation);
  const [pending, setPending] = useState(false);
  async function submit(variables: { email: string; password: string; organizationId?: string | null; totpCode?: string | null }): Promise<LoginOutcome> {
    setPending(true);
    try {
      const result = await login(variables);
      if (result.error) return { ok: false, code: errorCode(result.error) };
      const answer = result.data?.login;
      if (answer?.__typename === 'AuthTokens') {
        setSession(answer);
        return { ok: true };
      }
      return { ok: false, code: answer && 'code' in answer ? answer.code : 'INTERNAL' };
    } finally {
      setPending(false);
    }
  }
  return { submit, pending };
}
