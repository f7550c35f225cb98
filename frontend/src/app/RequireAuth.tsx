import { Center, Loader } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';

import { authPaths } from '../features/auth/routes';
import { refreshSession, storedRefreshToken, useSession } from './session';

/**
 * Pages behind a login. After a reload the access token is gone (memory only): the
 * refresh token from sessionStorage gets a new one silently. With no session left the
 * person goes to the login page, which brings them back to this very URL.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const [restoring, setRestoring] = useState(() => !session && !!storedRefreshToken());

  useEffect(() => {
    if (!restoring) return;
    void refreshSession().finally(() => setRestoring(false));
  }, [restoring]);

  if (session) return children;
  if (restoring) {
    return (
      <Center mih="100dvh"><Loader aria-label="…" /></Center>
    );
  }
  return <Navigate to={authPaths.login(location.pathname + location.search)} replace />;
}
