import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Anchor, Button, Center, Loader, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { LanguageSwitch } from '../../../app/LanguageSwitch';
import type { Role } from '../../../gql/graphql';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { DateCell } from '../../../shared/ui/cells';
import { useLogin } from '../../auth/hooks/useLogin';
import { InvitationAcceptMutation, InvitationPreviewQuery } from '../api/invitation';
import { MIN_PASSWORD, tokenFromHash } from '../routes';

const ROLE_LABELS: Record<Role, MessageDescriptor> = {
  ADMIN: msg`Administrador`,
  MANAGER: msg`Gestor`,
  OPERATOR: msg`Operador`,
  AUDITOR: msg`Auditor`,
};

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <Center mih="100dvh" p="md" component="main">
      <Paper withBorder p="xl" w="100%" maw={440} radius="md">
        <Stack gap="md">
          <Title order={1} size="h2">Conciliacontag</Title>
          {children}
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}

/** Signing in right after accepting: the e-mail is filled in, the password asked again. */
function SignIn({ email }: { email: string }) {
  const { t, i18n } = useLingui();
  const navigate = useNavigate();
  const { submit, pending } = useLogin();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const outcome = await submit({ email, password });
    if (outcome.ok) void navigate('/', { replace: true });
    else if (outcome.code === 'TOTP_REQUIRED') void navigate('/login', { replace: true });
    else setProblem(outcome.code);
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)}>
      <Stack gap="sm">
        <Alert color="teal" role="status"><Trans>Convite aceito. Entre para começar.</Trans></Alert>
        {problem && <Alert color="red" role="alert">{i18n._(messageForCode(problem))}</Alert>}
        <TextInput label={t`E-mail`} type="email" autoComplete="username" value={email} readOnly />
        <PasswordInput label={t`Senha`} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoFocus />
        <Button type="submit" loading={pending} fullWidth><Trans>Entrar</Trans></Button>
      </Stack>
    </form>
  );
}

/** The public page the invitation e-mail links to: /convite#token=… */
export function InvitationView() {
  const { t, i18n } = useLingui();
  const location = useLocation();
  const token = tokenFromHash(location.hash);
  const [{ data, error, fetching }] = useQuery({ query: InvitationPreviewQuery, variables: { token }, pause: !token });
  const [{ fetching: accepting }, accept] = useMutation(InvitationAcceptMutation);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<MessageDescriptor | null>(null);
  const [acceptedEmail, setAcceptedEmail] = useState<string | null>(null);

  const invalid = (
    <Frame>
      <Alert color="red" role="alert" title={t`Convite inválido ou expirado`}>
        <Trans>Este link de convite não vale mais: ele expira em 7 dias, só pode ser usado uma vez e deixa de valer quando é revogado ou reenviado. Peça um novo convite a quem convidou você.</Trans>
      </Alert>
      <Anchor component={Link} to="/login" size="sm"><Trans>Ir para a entrada</Trans></Anchor>
    </Frame>
  );

  if (acceptedEmail) return <Frame><SignIn email={acceptedEmail} /></Frame>;
  if (!token) return invalid;
  if (error && !data) {
    return (
      <Frame>
        <Alert color="red" role="alert">{i18n._(messageForCode(errorCode(error)))}</Alert>
      </Frame>
    );
  }
  if (!data || fetching) {
    return (
      <Frame>
        <Center><Loader aria-label={t`Carregando…`} /></Center>
      </Frame>
    );
  }
  const preview = data.invitationPreview;
  if (!preview) return invalid;

  const organization = preview.organizationName;
  const role = i18n._(ROLE_LABELS[preview.role]);
  const email = preview.email;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!preview) return;
    if (!preview.hasAccount) {
      if (password.length < MIN_PASSWORD) return setProblem(msg`A senha precisa de pelo menos 10 caracteres.`);
      if (password !== confirm) return setProblem(msg`As senhas não conferem.`);
    }
    const result = await accept({ token, password, name: preview.hasAccount ? null : name.trim() || null });
    if (result.error) return setProblem(messageForCode(errorCode(result.error)));
    const answer = result.data?.acceptInvitation;
    if (answer?.__typename === 'AcceptInvitationSuccess') {
      setAcceptedEmail(answer.email);
      // The token is spent: drop it from the address bar and the history entry.
      window.history.replaceState(null, '', '/convite');
    } else if (answer?.__typename === 'ValidationError') {
      setProblem(msg`A senha precisa de pelo menos 10 caracteres.`);
    } else if (answer?.__typename === 'AuthenticationError') {
      setProblem(preview.hasAccount ? msg`Senha incorreta. Use a senha atual da sua conta (a mesma de outras organizações).` : msg`Este convite não vale mais. Peça um novo.`);
    } else {
      setProblem(messageForCode('INTERNAL'));
    }
  }

  return (
    <Frame>
      <Stack gap={4}>
        <Text fw={600}><Trans>Você foi convidado para {organization}</Trans></Text>
        <Text size="sm"><Trans>Papel: {role}</Trans></Text>
        <Text size="sm"><Trans>E-mail: {email}</Trans></Text>
        <Text size="xs" c="dimmed"><Trans>Válido até</Trans> <DateCell value={preview.expiresAt} kind="datetime" /></Text>
      </Stack>
      <form onSubmit={(event) => void onSubmit(event)}>
        <Stack gap="sm">
          {problem && <Alert color="red" role="alert">{i18n._(problem)}</Alert>}
          {preview.hasAccount ? (
            <>
              <Text size="sm"><Trans>Este e-mail já tem uma conta no Conciliacontag. Confirme com a senha atual dela; nome e senha continuam os mesmos.</Trans></Text>
              <PasswordInput label={t`Senha atual`} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            </>
          ) : (
            <>
              <TextInput label={t`Seu nome`} autoComplete="name" value={name} onChange={(e) => setName(e.currentTarget.value)} description={t`Em branco: o nome que quem convidou digitou`} />
              <PasswordInput label={t`Nova senha`} description={t`Pelo menos 10 caracteres`} autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              <PasswordInput label={t`Repita a senha`} autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} />
            </>
          )}
          <Button type="submit" loading={accepting} fullWidth><Trans>Aceitar convite</Trans></Button>
        </Stack>
      </form>
    </Frame>
  );
}
