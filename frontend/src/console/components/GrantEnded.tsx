import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Stack } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'react-router';
import type { CombinedError } from 'urql';

import { consoleErrorCode, consoleMessage } from '../errors';
import { consolePaths } from '../routes';

/** Tell the tenant view when an answer says the grant is no longer active. */
export function useReportGrantEnded(error: CombinedError | null, onEnded: () => void): void {
  const ended = error !== null && consoleErrorCode(error) === 'SUPPORT_GRANT_INACTIVE';
  useEffect(() => {
    if (ended) onEnded();
  }, [ended, onEnded]);
}

/** The grant was revoked or expired while we were inside: nothing more runs. */
export function GrantEnded() {
  const { t, i18n } = useLingui();
  return (
    <Alert color="red" role="alert" title={t`Acesso encerrado`}>
      <Stack gap="xs" align="flex-start">
        {i18n._(consoleMessage('SUPPORT_GRANT_INACTIVE'))}
        <Button component={Link} to={consolePaths.grants()} size="xs" variant="white" color="red"><Trans>Voltar aos meus acessos</Trans></Button>
      </Stack>
    </Alert>
  );
}
