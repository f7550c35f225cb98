import type { MessageDescriptor } from '@lingui/core';
import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Badge, Button, Group, NumberInput, Paper, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';

import type { Role } from '../../../gql/graphql';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { DateCell } from '../../../shared/ui/cells';
import { ListEmpty, ListError, ListLoading } from '../../../shared/ui/states';
import { PeopleGrantSupportMutation, PeopleRevokeSupportMutation, PeopleSupportGrantsQuery } from '../api/people';
import { fieldMessage, PEOPLE_ERRORS, ROLE_LABELS } from './labels';

const GRANTABLE: Role[] = ['AUDITOR', 'OPERATOR', 'MANAGER'];

/** The organization's support-access grants: who from the platform may act here, until when, why. */
export function SupportGrants({ canManage }: { canManage: boolean }) {
  const { t, i18n } = useLingui();
  const [includeInactive, setIncludeInactive] = useState(false);
  const [{ data, error }, reexecute] = useQuery({ query: PeopleSupportGrantsQuery, variables: { includeInactive } });
  const [{ fetching }, grant] = useMutation(PeopleGrantSupportMutation);
  const [, revoke] = useMutation(PeopleRevokeSupportMutation);
  const [staffEmail, setStaffEmail] = useState('');
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState<number | string>(24);
  const [role, setRole] = useState<Role>('AUDITOR');
  const [fields, setFields] = useState<Record<string, MessageDescriptor>>({});
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFields({});
    setProblem(null);
    const result = await grant({ staffEmail: staffEmail.trim(), reason: reason.trim(), hours: Number(hours) || 0, role });
    if (result.error) return setProblem(errorCode(result.error));
    const answer = result.data?.grantSupportAccess;
    if (answer?.__typename === 'GrantSupportAccessSuccess') {
      setStaffEmail('');
      setReason('');
      reexecute({ requestPolicy: 'network-only' });
    } else if (answer?.__typename === 'ValidationError') {
      setFields(Object.fromEntries(answer.fields.map((f) => [f.field, fieldMessage(f.messages[0] ?? '')])));
    } else setProblem(answer && 'code' in answer ? answer.code : 'INTERNAL');
  }

  async function end(id: string) {
    const result = await revoke({ id });
    const answer = result.data?.revokeSupportAccess;
    if (result.error) setProblem(errorCode(result.error));
    else if (answer && 'code' in answer) setProblem(answer.code);
    reexecute({ requestPolicy: 'network-only' });
  }

  const fieldError = (key: string) => (fields[key] ? i18n._(fields[key]) : undefined);
  const grants = data?.supportGrants;
  let list;
  if (error && !grants) list = <ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  else if (!grants) list = <ListLoading rows={2} />;
  else if (grants.length === 0)
    list = (
      <ListEmpty title={includeInactive ? <Trans>Nenhum acesso de suporte concedido até hoje</Trans> : <Trans>Nenhum acesso de suporte ativo</Trans>}>
        {canManage ? <Trans>Quando precisar de ajuda da plataforma, conceda um acesso temporário acima, com motivo e prazo.</Trans> : <Trans>Só administradores concedem acesso ao suporte.</Trans>}
      </ListEmpty>
    );
  else
    list = (
      <Table.ScrollContainer minWidth={640}>
        <Table fz="sm" striped>
          <Table.Caption className="visually-hidden"><Trans>Acessos de suporte</Trans></Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th><Trans>Suporte</Trans></Table.Th>
              <Table.Th><Trans>Papel</Trans></Table.Th>
              <Table.Th><Trans>Motivo</Trans></Table.Th>
              <Table.Th><Trans>Até</Trans></Table.Th>
              <Table.Th><Trans>Situação</Trans></Table.Th>
              {canManage && <Table.Th><Trans>Ações</Trans></Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {grants.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>{g.staffName}<Text size="xs" c="dimmed">{g.staffEmail}</Text></Table.Td>
                <Table.Td>{i18n._(ROLE_LABELS[g.role])}</Table.Td>
                <Table.Td><Text size="sm" lineClamp={2}>{g.reason}</Text></Table.Td>
                <Table.Td><DateCell value={g.revokedAt ?? g.expiresAt} kind="datetime" /></Table.Td>
                <Table.Td>
                  {g.active ? <Badge size="sm" variant="dot" color="teal.9"><Trans>ativo</Trans></Badge> : g.revokedAt ? <Badge size="sm" variant="dot" color="gray.8"><Trans>revogado</Trans></Badge> : <Badge size="sm" variant="dot" color="gray.8"><Trans>expirado</Trans></Badge>}
                </Table.Td>
                {canManage && (
                  <Table.Td>{g.active && <Button size="xs" variant="outline" color="red.9" onClick={() => void end(g.id)}><Trans>Revogar agora</Trans></Button>}</Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed"><Trans>Pessoas do suporte da plataforma só entram na organização com um acesso concedido aqui, por no máximo 72 horas e nunca como administrador.</Trans></Text>
      {canManage && (
        <Paper withBorder p="md">
          <form onSubmit={(event) => void submit(event)}>
            <Group align="flex-start" grow wrap="wrap">
              <TextInput label={t`E-mail do suporte`} type="email" required value={staffEmail} error={fieldError('staffEmail')} onChange={(e) => setStaffEmail(e.currentTarget.value)} miw={220} />
              <TextInput label={t`Motivo`} required value={reason} error={fieldError('reason')} onChange={(e) => setReason(e.currentTarget.value)} miw={220} />
              <NumberInput label={t`Horas`} min={1} max={72} value={hours} error={fieldError('hours')} onChange={setHours} miw={100} />
              <Select label={t`Papel`} allowDeselect={false} value={role} error={fieldError('role')} onChange={(v) => v && setRole(v as Role)} data={GRANTABLE.map((value) => ({ value, label: i18n._(ROLE_LABELS[value]) }))} miw={150} />
            </Group>
            <Button type="submit" mt="sm" loading={fetching}><Trans>Conceder acesso</Trans></Button>
          </form>
        </Paper>
      )}
      {problem && <Alert color="red" role="alert">{i18n._(PEOPLE_ERRORS[problem] ?? messageForCode(problem))}</Alert>}
      <Switch label={t`Mostrar encerrados`} checked={includeInactive} onChange={(e) => setIncludeInactive(e.currentTarget.checked)} />
      {list}
    </Stack>
  );
}
