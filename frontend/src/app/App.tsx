import { I18nProvider } from '@lingui/react';
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { RouterProvider } from 'react-router';
import { Provider as UrqlProvider } from 'urql';

import { i18n } from './i18n';
import { createRouter } from './router';
import { useSession } from './session';
import { theme } from './theme';
import { createApiClient } from './urql';

/** The providers, outermost first: i18n, theme, dates, notifications, API client, router. */
export function App() {
  const session = useSession();
  // A new client (and so an empty cache) for each organization and each sign-in.
  const identity = session ? session.organizationId : 'anonymous';
  const client = useMemo(() => createApiClient(), [identity]); // eslint-disable-line react-hooks/exhaustive-deps
  const [router] = useState(createRouter);
  return (
    <I18nProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <DatesProvider settings={{ locale: i18n.locale === 'pt-BR' ? 'pt-br' : 'en' }}>
          <Notifications />
          <UrqlProvider value={client}>
            <RouterProvider router={router} />
          </UrqlProvider>
        </DatesProvider>
      </MantineProvider>
    </I18nProvider>
  );
}
