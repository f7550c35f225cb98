import { I18nProvider } from '@lingui/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { createContext, useContext, useMemo, useState } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router';
import type { Client } from 'urql';
import { Provider as UrqlProvider } from 'urql';

import { theme } from '../app/theme';
import { createStaffClient } from './client';
import { ConsoleShell } from './ConsoleShell';
import { i18n } from './i18n';
import { CONSOLE_BASENAME, consolePaths } from './routes';
import { useStaffSession } from './session';

const StaffClientContext = createContext<Client | null>(null);

/** The staff client (staff token), also inside a grant's view where the nearest client is the support one. */
export function useStaffClient(): Client {
  const client = useContext(StaffClientContext);
  if (!client) throw new Error('useStaffClient outside ConsoleApp');
  return client;
}

/** Signed-in staff only (a full token, not an enrollment one); else the login page, back here after. */
function RequireStaff() {
  const session = useStaffSession();
  const location = useLocation();
  if (!session || session.enrollmentOnly) {
    return <Navigate to={consolePaths.login(location.pathname + location.search)} replace />;
  }
  return <Outlet />;
}

function createConsoleRouter() {
  return createBrowserRouter(
    [
      { path: '/login', lazy: async () => ({ Component: (await import('./views/LoginView')).LoginView }) },
      {
        element: <RequireStaff />,
        children: [
          {
            element: <ConsoleShell />,
            children: [
              { index: true, lazy: async () => ({ Component: (await import('./views/DirectoryView')).DirectoryView }) },
              { path: 'grants', lazy: async () => ({ Component: (await import('./views/GrantsView')).GrantsView }) },
              { path: 'grants/:grantId', lazy: async () => ({ Component: (await import('./views/TenantView')).TenantView }) },
              { path: '*', element: <Navigate to="/" replace /> },
            ],
          },
        ],
      },
    ],
    { basename: CONSOLE_BASENAME },
  );
}

/** Providers of the support console: i18n, theme, notifications, the staff client, router. */
export function ConsoleApp() {
  const session = useStaffSession();
  // A new client (and so an empty cache) for each sign-in.
  const client = useMemo(() => createStaffClient(), [session?.accessToken]); // eslint-disable-line react-hooks/exhaustive-deps
  const [router] = useState(createConsoleRouter);
  return (
    <I18nProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <Notifications />
        <StaffClientContext.Provider value={client}>
          <UrqlProvider value={client}>
            <RouterProvider router={router} />
          </UrqlProvider>
        </StaffClientContext.Provider>
      </MantineProvider>
    </I18nProvider>
  );
}
