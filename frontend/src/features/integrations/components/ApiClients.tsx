import type { MessageDescriptor } from '@lingui/core';
import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Badge, Button, Checkbox, Code, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';

import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { isForbidden } from '../../../shared/graphql/forbidden';
import { DateCell } from '../../../shared/ui/cells';
import { ListEmpty, ListError, ListLoading } from '../../../shared/ui/states';
import { IntegrationsApiClientsQuery, IntegrationsCreateApiClientMutation, IntegrationsRevokeApiClientMutation } from '../api/integrations';
import { INTEGRATION_ERRORS, integrationFieldMessage, SCOPE_LABELS, SCOPES } from './labels';
import { IntegrationsForbidden } from './IntegrationsForbidden';
import { SecretOnce } from './SecretOnce';

export function ApiClients() {
  const { t, i18n } = useLingui();
  const [{ data, error }, reexecute] = useQuery({ query: IntegrationsApiClientsQuery });
  const [{ fetching }, create] = useMutation(IntegrationsCreateApiClientMutation);
  const [, revoke] = useMutation(IntegrationsRevokeApiClientMutation);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [fields, setFields] = useState<Record<string, MessageDescriptor>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<{ clientId: string; secret: string; name: string } | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFields({});
    setProblem(null);
    const result = await create({ input: { name: name.trim(), scopes } });
    if (result.error) return setProblem(errorCode(result.error));
    const answer = result.data?.createApiClient;
    if (answer?.__typename === 'CreateApiClientSuccess') {
      setCreated({ clientId: answer.apiClient.clientId, secret: answer.clientSecret, name: answer.apiClient.name });
      setName('');
      refresh();
    } else if (answer?.__typename === 'ValidationError') {
      setFields(Object.fromEntries(answer.fields.map((f) => [f.field, integrationFieldMessage(f.field, f.messages[0] ?? '')])));
    } else setProblem(answer && 'code' in answer ? answer.code : 'INTERNAL');
  }

  async function end(id: string) {
    const result = await revoke({ id });
    const answer = result.data?.revokeApiClient;
    setProblem(result.error ? errorCode(result.error) : answer && 'code' in answer ? answer.code : null);
    refresh();
  }

  if (isForbidden(error) || problem === 'FORBIDDEN') return <IntegrationsForbidden />;
  const clients = data?.apiClients;
  let body;
  if (error && !clients) body = <ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={refresh} />;
  else if (!clients) body = <ListLoading rows={3} />;
  else if (clients.length === 0) body = <ListEmpty title={<Trans>Nenhum cliente de API ainda</Trans>}><Trans>Crie um cliente acima para que um sistema (ERP, robô) use a API com o fluxo OAuth2 client credentials.</Trans></ListEmpty>;
  else
    body = (
      <Table.ScrollContainer minWidth={720}>
        <Table fz="sm" striped>
          <Table.Caption className="visually-hidden"><Trans>Clientes de API</Trans></Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th><Trans>Nome</Trans></Table.Th>
              <Table.Th><Trans>Client ID</Trans></Table.Th>
              <Table.Th><Trans>Permissões</Trans></Table.Th>
              <Table.Th><Trans>Último uso</Trans></Table.Th>
              <Table.Th><Trans>Situação</Trans></Table.Th>
              <Table.Th><Trans>Ações</Trans></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clients.map((client) => (
              <Table.Tr key={client.id}>
                <Table.Td>{client.name}</Table.Td>
                <Table.Td><Code>{client.clientId}</Code></Table.Td>
                <Table.Td>{client.scopes.map((s) => (SCOPE_LABELS[s] ? i18n._(SCOPE_LABELS[s]) : s)).join(', ')}</Table.Td>
                <Table.Td><DateCell value={client.lastUsedAt} kind="datetime" /></Table.Td>
                <Table.Td>{client.revokedAt ? <Badge size="sm" variant="dot" color="gray.8"><Trans>revogado</Trans></Badge> : <Badge size="sm" variant="dot" color="teal.9"><Trans>ativo</Trans></Badge>}</Table.Td>
                <Table.Td>{!client.revokedAt && <Button size="xs" variant="outline" color="red.9" onClick={() => void end(client.id)}><Trans>Revogar</Trans></Button>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  const createdName = created?.name ?? '';
  const createdId = created?.clientId ?? '';
  return (
    <Stack gap="sm">
      {created && (
        <SecretOnce title={t`Cliente ${createdName} criado`} secret={created.secret} onDone={() => setCreated(null)}>
          <Text size="sm"><Trans>Client ID: <Code>{createdId}</Code>. Envie o ID e o segredo para /oauth/token.</Trans></Text>
        </SecretOnce>
      )}
      <Paper withBorder p="md">
        <form onSubmit={(event) => void submit(event)}>
          <Stack gap="sm">
            <TextInput label={t`Nome do cliente`} required value={name} error={fields.name ? i18n._(fields.name) : undefined} onChange={(e) => setName(e.currentTarget.value)} w={{ base: '100%', sm: 320 }} />
            <Checkbox.Group label={t`Permissões`} value={scopes} onChange={setScopes} error={fields.scopes ? i18n._(fields.scopes) : undefined}>
              <Group gap="md" mt={4}>
                {SCOPES.map((scope) => <Checkbox key={scope} value={scope} label={SCOPE_LABELS[scope] ? i18n._(SCOPE_LABELS[scope]) : scope} />)}
              </Group>
            </Checkbox.Group>
            <Group><Button type="submit" loading={fetching}><Trans>Criar cliente de API</Trans></Button></Group>
          </Stack>
        </form>
      </Paper>
      {problem && <Alert color="red" role="alert">{i18n._(INTEGRATION_ERRORS[problem] ?? messageForCode(problem))}</Alert>}
      {body}
    </Stack>
  );
}
