import type { MessageDescriptor } from '@lingui/core';
import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Button, Group, Paper, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';

import type { Role } from '../../../gql/graphql';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { PeopleInviteMutation } from '../api/people';
import { fieldMessage, PEOPLE_ERRORS, ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from './labels';

/** Invite by e-mail: the token goes by e-mail only; the page says where it went. */
export function InviteForm({ onInvited }: { onInvited: () => void }) {
  const { t, i18n } = useLingui();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('OPERATOR');
  const [fields, setFields] = useState<Record<string, MessageDescriptor>>({});
  const [outcome, setOutcome] = useState<{ kind: 'sent' | 'not-sent'; email: string } | { kind: 'error'; code: string } | null>(null);
  const [{ fetching }, invite] = useMutation(PeopleInviteMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFields({});
    setOutcome(null);
    const result = await invite({ input: { email: email.trim(), name: name.trim(), role } });
    if (result.error) return setOutcome({ kind: 'error', code: errorCode(result.error) });
    const answer = result.data?.inviteUser;
    if (answer?.__typename === 'InviteUserSuccess') {
      setOutcome({ kind: answer.emailSent ? 'sent' : 'not-sent', email: answer.invitation.email });
      setEmail('');
      setName('');
      onInvited();
    } else if (answer?.__typename === 'ValidationError') {
      setFields(Object.fromEntries(answer.fields.map((f) => [f.field, fieldMessage(f.messages[0] ?? '')])));
    } else {
      setOutcome({ kind: 'error', code: answer && 'code' in answer ? answer.code : 'INTERNAL' });
    }
  }

  const fieldError = (key: string) => (fields[key] ? i18n._(fields[key]) : undefined);
  const sentTo = outcome && 'email' in outcome ? outcome.email : '';
  const errorText = outcome?.kind === 'error' ? i18n._(PEOPLE_ERRORS[outcome.code] ?? messageForCode(outcome.code)) : null;

  return (
    <Paper withBorder p="md">
      <form onSubmit={(event) => void submit(event)}>
        <Stack gap="sm">
          <Group align="flex-start" grow wrap="wrap">
            <TextInput label={t`E-mail`} type="email" required value={email} error={fieldError('email')} onChange={(e) => setEmail(e.currentTarget.value)} miw={220} />
            <TextInput label={t`Nome`} required value={name} error={fieldError('name')} onChange={(e) => setName(e.currentTarget.value)} miw={200} />
            <Select
              label={t`Papel`}
              allowDeselect={false}
              value={role}
              onChange={(value) => value && setRole(value as Role)}
              data={ROLES.map((value) => ({ value, label: i18n._(ROLE_LABELS[value]) }))}
              description={i18n._(ROLE_DESCRIPTIONS[role])}
              miw={180}
            />
          </Group>
          <Group>
            <Button type="submit" loading={fetching}><Trans>Enviar convite</Trans></Button>
          </Group>
          {outcome?.kind === 'sent' && <Alert color="teal" role="status"><Trans>Convite enviado para {sentTo}. O link vale por 7 dias.</Trans></Alert>}
          {outcome?.kind === 'not-sent' && (
            <Alert color="yellow" role="alert">
              <Trans>O convite para {sentTo} foi criado, mas o servidor de e-mail recusou a mensagem. Convide de novo para reenviar.</Trans>
            </Alert>
          )}
          {errorText && <Alert color="red" role="alert">{errorText}</Alert>}
        </Stack>
      </form>
    </Paper>
  );
}
