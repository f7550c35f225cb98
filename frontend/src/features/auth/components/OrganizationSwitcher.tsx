import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { useHotkeyLayer } from '../../../shared/hotkeys/hotkeys';
import { messageForCode } from '../../../shared/graphql/errors';
import { useLogin } from '../hooks/useLogin';

interface Props {
  email: string;
  current: { id: string; name: string };
  organizations: { id: string; name: string }[];
}

/**
 * Shown when the person belongs to several organizations. The API issues a token per
 * organization at login, so switching confirms the password (and the code when asked).
 */
export function OrganizationSwitcher({ email, current, organizations }: Props) {
  const { t, i18n } = useLingui();
  const navigate = useNavigate();
  const [target, setTarget] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { submit, pending } = useLogin();
  useHotkeyLayer('modal', target !== null);

  if (organizations.length < 2) return <Text size="sm" fw={500} truncate maw={{ base: 110, sm: 260 }}>{current.name}</Text>;

  function close() {
    setTarget(null);
    setPassword('');
    setTotp(null);
    setError(null);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const outcome = await submit({ email, password, organizationId: target, totpCode: totp });
    if (outcome.ok) {
      close();
      void navigate('/');
    } else if (outcome.code === 'TOTP_REQUIRED' && totp === null) {
      setTotp('');
    } else {
      setError(outcome.code);
    }
  }

  const targetName = organizations.find((o) => o.id === target)?.name ?? '';
  return (
    <>
      <Select
        aria-label={t`Organização`}
        data={organizations.map((o) => ({ value: o.id, label: o.name }))}
        value={current.id}
        onChange={(value) => value && value !== current.id && setTarget(value)}
        allowDeselect={false}
        size="xs"
        w={{ base: 150, sm: 220 }}
      />
      <Modal opened={target !== null} onClose={close} title={t`Trocar para ${targetName}`}>
        <form onSubmit={(event) => void onSubmit(event)}>
          <Stack>
            <Text size="sm"><Trans>Confirme sua senha para entrar nesta organização.</Trans></Text>
            {error && <Alert color="red" role="alert">{i18n._(messageForCode(error))}</Alert>}
            <PasswordInput label={t`Senha`} required value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoFocus />
            {totp !== null && (
              <TextInput label={t`Código do aplicativo autenticador`} inputMode="numeric" value={totp} onChange={(e) => setTotp(e.currentTarget.value)} />
            )}
            <Button type="submit" loading={pending}><Trans>Trocar de organização</Trans></Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
