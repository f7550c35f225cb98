import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Anchor, Badge, Box, Button, Center, Code, Group, Paper, PasswordInput, PinInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';

import { ConsoleBeginTotpMutation, ConsoleConfirmTotpMutation, ConsoleStaffLoginMutation } from '../api/operations';
import { consoleErrorCode, consoleMessage } from '../errors';
import { LanguageSwitch } from '../LanguageSwitch';
import { safeNext } from '../routes';
import { clearStaffSession, setStaffSession } from '../session';

type Step = 'password' | 'totp' | 'enroll';

/** Staff login: password, then the authenticator code when the account has TOTP; enrollment when it must and has none. */
export function LoginView() {
  const { t, i18n } = useLingui();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<Step>('password');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [login, sendLogin] = useMutation(ConsoleStaffLoginMutation);
  const [enrollment, begin] = useMutation(ConsoleBeginTotpMutation);
  const [confirming, confirm] = useMutation(ConsoleConfirmTotpMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const result = await sendLogin({ email, password, totpCode: step === 'totp' ? code : null });
    const answer = result.data?.staffLogin;
    if (answer?.__typename === 'StaffAuthTokens') {
      setStaffSession(answer);
      if (answer.totpEnrollmentRequired) {
        setStep('enroll');
        setCode('');
        await begin({});
        return;
      }
      void navigate(safeNext(params.get('next')), { replace: true });
      return;
    }
    const failure = result.error ? consoleErrorCode(result.error) : answer && 'code' in answer ? answer.code : 'INTERNAL';
    if (failure === 'TOTP_REQUIRED' && step !== 'totp') {
      setStep('totp');
      return;
    }
    setCode('');
    setError(i18n._(consoleMessage(failure)));
  }

  async function submitEnrollment(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const result = await confirm({ code });
    const answer = result.data?.confirmStaffTotpEnrollment;
    if (answer?.__typename === 'ConfirmTotpEnrollmentSuccess') {
      // The enrollment-only token stays limited: log in again with a fresh code.
      clearStaffSession();
      setStep('totp');
      setCode('');
      setNotice(t`Autenticador cadastrado. Entre de novo com um código novo do aplicativo.`);
      return;
    }
    setCode('');
    setError(i18n._(consoleMessage(result.error ? consoleErrorCode(result.error) : answer && 'code' in answer ? answer.code : 'INTERNAL')));
  }

  const begun = enrollment.data?.beginStaffTotpEnrollment;
  const secret = begun?.__typename === 'BeginTotpEnrollmentSuccess' ? begun : null;

  return (
    <Box component="main" bg="gray.1" mih="100vh">
      <Center mih="100vh" p="md">
        <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
          <Stack gap="md">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Title order={1} size="h2">Conciliacontag</Title>
              <Badge color="yellow" c="dark.9" variant="filled" radius="sm" style={{ flexShrink: 0 }}><Trans>Suporte</Trans></Badge>
            </Group>
            <Text c="dimmed" size="sm">
              <Trans>Console da equipe de suporte da plataforma. Cada acesso a uma organização fica registrado na auditoria dela.</Trans>
            </Text>
            {notice && <Alert color="green" role="status">{notice}</Alert>}
            {error && <Alert color="red" role="alert">{error}</Alert>}
            {step === 'enroll' ? (
              <form onSubmit={(e) => void submitEnrollment(e)}>
                <Stack gap="sm">
                  <Title order={2} size="h4"><Trans>Cadastre um aplicativo autenticador</Trans></Title>
                  <Text size="sm">
                    <Trans>A plataforma exige um segundo fator da equipe de suporte. Adicione esta chave ao seu aplicativo autenticador e digite o código de 6 dígitos.</Trans>
                  </Text>
                  {secret ? (
                    <>
                      <Code block aria-label={t`Chave secreta`} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{secret.secret.replace(/(.{4})/g, '$1 ').trim()}</Code>
                      <Anchor href={secret.otpauthUri} size="sm"><Trans>Abrir no aplicativo autenticador</Trans></Anchor>
                    </>
                  ) : (
                    <Text size="sm" c="dimmed">{enrollment.fetching ? <Trans>Gerando a chave…</Trans> : null}</Text>
                  )}
                  <Text component="label" htmlFor="console-enroll-code" size="sm" fw={500}><Trans>Código do aplicativo</Trans></Text>
                  <PinInput id="console-enroll-code" length={6} type="number" oneTimeCode value={code} onChange={setCode} aria-label={t`Código do aplicativo`} />
                  <Button type="submit" loading={confirming.fetching} disabled={code.length !== 6}><Trans>Confirmar</Trans></Button>
                </Stack>
              </form>
            ) : (
              <form onSubmit={(e) => void submit(e)}>
                <Stack gap="sm">
                  <TextInput label={t`E-mail`} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} readOnly={step === 'totp'} />
                  <PasswordInput label={t`Senha`} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} readOnly={step === 'totp'} />
                  {step === 'totp' && (
                    <TextInput
                      label={t`Código do aplicativo autenticador`}
                      description={t`6 dígitos; cada código vale uma única vez.`}
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      maxLength={6}
                      required
                      autoFocus
                      value={code}
                      onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
                    />
                  )}
                  <Button type="submit" loading={login.fetching}><Trans>Entrar</Trans></Button>
                  {step === 'totp' && (
                    <Button variant="subtle" onClick={() => { setStep('password'); setCode(''); setNotice(null); }}>
                      <Trans>Usar outra conta</Trans>
                    </Button>
                  )}
                </Stack>
              </form>
            )}
            <Group justify="center"><LanguageSwitch /></Group>
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
