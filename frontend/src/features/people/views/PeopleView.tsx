import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Badge, Button, Group, Modal, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import type { Role } from '../../../gql/graphql';
import { useRole } from '../../../shared/auth/useRole';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { DateCell } from '../../../shared/ui/cells';
import { ListEmpty, ListError, ListLoading, ListNoResults } from '../../../shared/ui/states';
import { PeopleChangeRoleMutation, PeopleDeactivateMutation, PeopleInvitationsQuery, PeopleMembersQuery, PeopleRevokeInvitationMutation } from '../api/people';
import { InviteForm } from '../components/InviteForm';
import { PEOPLE_ERRORS, ROLE_LABELS, ROLES } from '../components/labels';
import { SupportGrants } from '../components/SupportGrants';
import { parsePeopleTab, type PeopleTab } from '../routes';

function Members({ canManage, myId }: { canManage: boolean; myId: string | null }) {
  const { t, i18n } = useLingui();
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 300);
  const [{ data, error }, reexecute] = useQuery({ query: PeopleMembersQuery, variables: { text: debounced || null } });
  const [, changeRole] = useMutation(PeopleChangeRoleMutation);
  const [{ fetching: deactivating }, deactivate] = useMutation(PeopleDeactivateMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ id: string; name: string } | null>(null);

  async function setRole(userId: string, role: Role) {
    setProblem(null);
    const result = await changeRole({ userId, role });
    const answer = result.data?.changeRole;
    if (result.error) setProblem(errorCode(result.error));
    else if (answer && answer.__typename !== 'MemberSuccess' && 'code' in answer) setProblem(answer.code);
    reexecute({ requestPolicy: 'network-only' });
  }

  async function end() {
    if (!confirm) return;
    setProblem(null);
    const result = await deactivate({ userId: confirm.id });
    const answer = result.data?.deactivateUser;
    if (result.error) setProblem(errorCode(result.error));
    else if (answer && answer.__typename !== 'MemberSuccess' && 'code' in answer) setProblem(answer.code);
    setConfirm(null);
    reexecute({ requestPolicy: 'network-only' });
  }

  const users = data?.users;
  let body;
  if (error && !users) body = <ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  else if (!users) body = <ListLoading rows={4} />;
  else if (users.length === 0) body = debounced ? <ListNoResults onClear={() => setText('')} /> : <ListEmpty title={<Trans>Ninguém por aqui ainda</Trans>}><Trans>Convide as pessoas do escritório pela aba Convites.</Trans></ListEmpty>;
  else
    body = (
      <Table.ScrollContainer minWidth={680}>
        <Table fz="sm" striped verticalSpacing={6}>
          <Table.Caption className="visually-hidden"><Trans>Membros da organização</Trans></Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th><Trans>Pessoa</Trans></Table.Th>
              <Table.Th><Trans>Papel</Trans></Table.Th>
              <Table.Th><Trans>Situação</Trans></Table.Th>
              <Table.Th><Trans>Último acesso</Trans></Table.Th>
              {canManage && <Table.Th><Trans>Ações</Trans></Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((user) => {
              const who = user.name || user.email;
              return (
                <Table.Tr key={user.id}>
                  <Table.Td>{user.name}<Text size="xs" c="dimmed">{user.email}</Text></Table.Td>
                  <Table.Td>
                    {canManage && user.isActive ? (
                      <Select
                        aria-label={t`Papel de ${who}`}
                        size="xs"
                        w={160}
                        allowDeselect={false}
                        value={user.role}
                        data={ROLES.map((value) => ({ value, label: i18n._(ROLE_LABELS[value]) }))}
                        onChange={(value) => value && value !== user.role && void setRole(user.id, value as Role)}
                      />
                    ) : (
                      i18n._(ROLE_LABELS[user.role])
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!user.isActive ? <Badge size="sm" variant="dot" color="gray.8"><Trans>desativado</Trans></Badge> : user.invited ? <Badge size="sm" variant="dot" color="yellow.9"><Trans>convidado</Trans></Badge> : <Badge size="sm" variant="dot" color="teal.9"><Trans>ativo</Trans></Badge>}
                  </Table.Td>
                  <Table.Td><DateCell value={user.lastLoginAt} kind="datetime" /></Table.Td>
                  {canManage && (
                    <Table.Td>
                      {user.isActive && user.id !== myId && (
                        <Button size="xs" variant="outline" color="red.9" onClick={() => setConfirm({ id: user.id, name: who })}><Trans>Desativar</Trans></Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  const confirmName = confirm?.name ?? '';
  return (
    <Stack gap="sm">
      <TextInput label={t`Buscar por nome ou e-mail`} type="search" value={text} onChange={(e) => setText(e.currentTarget.value)} w={{ base: '100%', sm: 320 }} />
      {problem && <Alert color="red" role="alert">{i18n._(PEOPLE_ERRORS[problem] ?? messageForCode(problem))}</Alert>}
      {body}
      <Modal opened={!!confirm} onClose={() => setConfirm(null)} title={t`Desativar ${confirmName}?`} centered>
        <Stack>
          <Text size="sm"><Trans>A pessoa perde o acesso a esta organização na próxima requisição. O histórico dela continua na auditoria; um novo convite a traz de volta.</Trans></Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}><Trans>Cancelar</Trans></Button>
            <Button color="red" loading={deactivating} onClick={() => void end()}><Trans>Desativar</Trans></Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function Invitations() {
  const { i18n } = useLingui();
  const [{ data, error }, reexecute] = useQuery({ query: PeopleInvitationsQuery, requestPolicy: 'cache-and-network' });
  const [, revoke] = useMutation(PeopleRevokeInvitationMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  async function end(id: string) {
    const result = await revoke({ id });
    const answer = result.data?.revokeInvitation;
    setProblem(result.error ? errorCode(result.error) : answer && 'code' in answer ? answer.code : null);
    refresh();
  }

  const invitations = data?.invitations;
  let body;
  if (error && !invitations) body = <ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={refresh} />;
  else if (!invitations) body = <ListLoading rows={2} />;
  else if (invitations.length === 0) body = <ListEmpty title={<Trans>Nenhum convite em aberto</Trans>}><Trans>Convide alguém acima: a pessoa recebe um link por e-mail, válido por 7 dias.</Trans></ListEmpty>;
  else
    body = (
      <Table.ScrollContainer minWidth={600}>
        <Table fz="sm" striped>
          <Table.Caption className="visually-hidden"><Trans>Convites em aberto</Trans></Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th><Trans>Convidado</Trans></Table.Th>
              <Table.Th><Trans>Papel</Trans></Table.Th>
              <Table.Th><Trans>Enviado em</Trans></Table.Th>
              <Table.Th><Trans>Expira em</Trans></Table.Th>
              <Table.Th><Trans>Ações</Trans></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invitations.map((invitation) => (
              <Table.Tr key={invitation.id}>
                <Table.Td>{invitation.name}<Text size="xs" c="dimmed">{invitation.email}</Text></Table.Td>
                <Table.Td>{i18n._(ROLE_LABELS[invitation.role])}</Table.Td>
                <Table.Td><DateCell value={invitation.createdAt} kind="datetime" /></Table.Td>
                <Table.Td><DateCell value={invitation.expiresAt} kind="datetime" /></Table.Td>
                <Table.Td><Button size="xs" variant="outline" color="red.9" onClick={() => void end(invitation.id)}><Trans>Revogar</Trans></Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack gap="sm">
      <InviteForm onInvited={refresh} />
      {problem && <Alert color="red" role="alert">{i18n._(PEOPLE_ERRORS[problem] ?? messageForCode(problem))}</Alert>}
      <Title order={2} size="h4"><Trans>Convites em aberto</Trans></Title>
      {body}
    </Stack>
  );
}

export function PeopleView() {
  const [params, setParams] = useSearchParams();
  const { allowed, id: myId } = useRole();
  const requested = parsePeopleTab(params);
  // Tabs a role may not use are not offered (a link to one shows the members).
  const tab: PeopleTab = (requested === 'invitations' && !allowed.manageMembers) || (requested === 'support' && !allowed.seeSupportGrants) ? 'members' : requested;
  return (
    <Stack gap="md">
      <Title order={1} size="h2"><Trans>Pessoas</Trans></Title>
      {!allowed.manageMembers && (
        <Text size="sm" c="dimmed"><Trans>Só administradores convidam pessoas, mudam papéis e desativam acessos.</Trans></Text>
      )}
      <Tabs keepMounted={false} value={tab} onChange={(value) => setParams(value && value !== 'members' ? { tab: value } : {}, { replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="members"><Trans>Membros</Trans></Tabs.Tab>
          {allowed.manageMembers && <Tabs.Tab value="invitations"><Trans>Convites</Trans></Tabs.Tab>}
          {allowed.seeSupportGrants && <Tabs.Tab value="support"><Trans>Acesso do suporte</Trans></Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="members" pt="md"><Members canManage={allowed.manageMembers} myId={myId} /></Tabs.Panel>
        {allowed.manageMembers && <Tabs.Panel value="invitations" pt="md"><Invitations /></Tabs.Panel>}
        {allowed.seeSupportGrants && <Tabs.Panel value="support" pt="md"><SupportGrants canManage={allowed.manageSupportGrants} /></Tabs.Panel>}
      </Tabs>
    </Stack>
  );
}
