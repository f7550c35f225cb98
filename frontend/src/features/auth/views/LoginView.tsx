import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Center, Paper, PasswordInput, PinInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';

import { LanguageSwitch } from '../../../app/LanguageSwitch';
import { useSession } from '../../../app/session';
import { messageForCode } from '../../../shared/graphql/errors';
import { useLogin } from '../hooks/useLogin';
import { safeNext } from '../routes';

/** E-mail and password; a second step for the authenticator code when the login asks. */
export function LoginView() {
  const { t, i18n } = useLingui();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const { submit, pending } = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (session) return <Navigate to={next} replace />;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const outcome = await submit({ email, password, totpCode: totp });
    if (outcome.ok) {
      void navigate(next, { replace: true });
    } else if (outcome.code === 'TOTP_REQUIRED' && totp === null) {
      setTotp('');
    } else {
      setError(outcome.code);
    }
  }

  return (
    <Center mih="100dvh" p="md" component="main">
      <Paper withBorder p="xl" w="100%" maw={400} radius="md">
        <form onSubmit={(event) => void onSubmit(event)}>
          <Stack gap="md">
            <Stack gap={4}>
              <Title order={1} size="h2">Conciliacontag</Title>
              <Text c="dimmed" size="sm"><Trans>Entre com sua conta</Trans></Text>
            </Stack>
            {error && (
              <Alert color="red" role="alert">{i18n._(messageForCode(error))}</Alert>
            )}
            {totp === null ? (
              <>
                <TextInput label={t`E-mail`} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} autoFocus />
                <PasswordInput label={t`Senha`} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              </>
            ) : (
              <Stack gap={4}>
                <Text size="sm" fw={500} id="totp-label"><Trans>Código do aplicativo autenticador</Trans></Text>
                <PinInput length={6} type="number" oneTimeCode value={totp} onChange={setTotp} aria-label={t`Código do aplicativo autenticador`} autoFocus />
              </Stack>
            )}
            <Button type="submit" loading={pending} fullWidth>
              {totp === null ? <Trans>Entrar</Trans> : <Trans>Confirmar código</Trans>}
            </Button>
            <LanguageSwitch />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
