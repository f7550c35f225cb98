import type { MessageDescriptor } from '@lingui/core';
import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Badge, Button, Checkbox, Group, Modal, Paper, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';

import type { WebhookDeliveryStatus, WebhookEvent } from '../../../gql/graphql';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { isForbidden } from '../../../shared/graphql/forbidden';
import { DateCell } from '../../../shared/ui/cells';
import { ListEmpty, ListError, ListLoading, ListNoResults } from '../../../shared/ui/states';
import {
  IntegrationsDeleteWebhookMutation,
  IntegrationsDeliveriesQuery,
  IntegrationsRedeliverMutation,
  IntegrationsRegisterWebhookMutation,
  IntegrationsRotateSecretMutation,
  IntegrationsUpdateWebhookMutation,
  IntegrationsWebhooksQuery,
} from '../api/integrations';
import { DELIVERY_LABELS, DELIVERY_STATUSES, EVENT_LABELS, EVENTS, INTEGRATION_ERRORS, integrationFieldMessage } from './labels';
import { IntegrationsForbidden } from './IntegrationsForbidden';
import { SecretOnce } from './SecretOnce';

const STATUS_COLORS: Record<WebhookDeliveryStatus, string> = { PENDING: 'yellow.9', DELIVERED: 'teal.9', FAILED: 'red.9' };

interface DeliveryFilter {
  webhookId: string | null;
  status: WebhookDeliveryStatus | null;
  after: string | null;
}

function Deliveries({ filter, webhooks, onChange }: { filter: DeliveryFilter; webhooks: { id: string; url: string }[]; onChange: (f: Partial<DeliveryFilter>) => void }) {
  const { t, i18n } = useLingui();
  const [{ data, error }, reexecute] = useQuery({ query: IntegrationsDeliveriesQuery, variables: { webhookId: filter.webhookId, status: filter.status, first: 25, after: filter.after } });
  const [, redeliver] = useMutation(IntegrationsRedeliverMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const urls = new Map(webhooks.map((w) => [w.id, w.url]));

  async function again(id: string) {
    const result = await redeliver({ deliveryId: id });
    const answer = result.data?.redeliverWebhook;
    setProblem(result.error ? errorCode(result.error) : answer && 'code' in answer ? answer.code : null);
    refresh();
  }

  const connection = data?.webhookDeliveries;
  let body;
  if (error && !connection) body = <ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={refresh} />;
  else if (!connection) body = <ListLoading rows={3} />;
  else if (connection.edges.length === 0)
    body = filter.status || filter.webhookId || filter.after ? <ListNoResults onClear={() => onChange({ webhookId: null, status: null, after: null })} /> : <ListEmpty title={<Trans>Nenhuma entrega ainda</Trans>}><Trans>As entregas aparecem aqui quando um arquivo termina de processar ou uma conciliação muda.</Trans></ListEmpty>;
  else
    body = (
      <Stack gap="xs">
        <Table.ScrollContainer minWidth={720}>
          <Table fz="sm" striped>
            <Table.Caption className="visually-hidden"><Trans>Registro de entregas</Trans></Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th><Trans>Evento</Trans></Table.Th>
                <Table.Th><Trans>Destino</Trans></Table.Th>
                <Table.Th><Trans>Situação</Trans></Table.Th>
                <Table.Th><Trans>Tentativas</Trans></Table.Th>
                <Table.Th><Trans>Resposta HTTP</Trans></Table.Th>
                <Table.Th><Trans>Última tentativa</Trans></Table.Th>
                <Table.Th><Trans>Ações</Trans></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {connection.edges.map(({ node }) => (
                <Table.Tr key={node.id}>
                  <Table.Td>{i18n._(EVENT_LABELS[node.eventType])}</Table.Td>
                  <Table.Td><Text size="sm" truncate maw={240}>{urls.get(node.webhookId) ?? '—'}</Text></Table.Td>
                  <Table.Td><Badge size="sm" variant="dot" color={STATUS_COLORS[node.status]}>{i18n._(DELIVERY_LABELS[node.status])}</Badge></Table.Td>
                  <Table.Td>{node.attempts}</Table.Td>
                  <Table.Td>{node.lastStatusCode ?? <Text span c="dimmed" size="sm"><Trans>sem resposta</Trans></Text>}</Table.Td>
                  <Table.Td><DateCell value={node.updatedAt} kind="datetime" /></Table.Td>
                  <Table.Td><Button size="xs" variant="outline" color="indigo.9" onClick={() => void again(node.id)}><Trans>Reenviar</Trans></Button></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="flex-end" gap="xs">
          {filter.after && <Button size="xs" variant="default" onClick={() => onChange({ after: null })}><Trans>Primeira página</Trans></Button>}
          <Button size="xs" variant="default" disabled={!connection.pageInfo.hasNextPage} onClick={() => onChange({ after: connection.pageInfo.endCursor ?? null })}><Trans>Próxima página</Trans></Button>
        </Group>
      </Stack>
    );

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select label={t`Webhook`} clearable placeholder={t`Todos`} value={filter.webhookId} onChange={(value) => onChange({ webhookId: value })} data={webhooks.map((w) => ({ value: w.id, label: w.url }))} w={{ base: '100%', sm: 320 }} />
        <Select label={t`Situação`} clearable placeholder={t`Todas`} value={filter.status} onChange={(value) => onChange({ status: value as WebhookDeliveryStatus | null })} data={DELIVERY_STATUSES.map((value) => ({ value, label: i18n._(DELIVERY_LABELS[value]) }))} w={{ base: '100%', sm: 180 }} />
      </Group>
      {problem && <Alert color="red" role="alert">{i18n._(INTEGRATION_ERRORS[problem] ?? messageForCode(problem))}</Alert>}
      {body}
    </Stack>
  );
}

export function Webhooks({ filter, onFilter }: { filter: DeliveryFilter; onFilter: (f: Partial<DeliveryFilter>) => void }) {
  const { t, i18n } = useLingui();
  const [{ data, error }, reexecute] = useQuery({ query: IntegrationsWebhooksQuery });
  const [{ fetching }, register] = useMutation(IntegrationsRegisterWebhookMutation);
  const [, update] = useMutation(IntegrationsUpdateWebhookMutation);
  const [, remove] = useMutation(IntegrationsDeleteWebhookMutation);
  const [, rotate] = useMutation(IntegrationsRotateSecretMutation);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([...EVENTS]);
  const [fields, setFields] = useState<Record<string, MessageDescriptor>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string; rotated: boolean } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<{ id: string; url: string } | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  function userCode(answer: { __typename: string } | undefined): string | null {
    return answer && 'code' in answer && typeof answer.code === 'string' ? answer.code : null;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFields({});
    setProblem(null);
    const result = await register({ input: { url: url.trim(), events: events as WebhookEvent[] } });
    if (result.error) return setProblem(errorCode(result.error));
    const answer = result.data?.registerWebhook;
    if (answer?.__typename === 'WebhookSecretSuccess') {
      setSecret({ url: answer.webhook.url, secret: answer.secret, rotated: false });
      setUrl('');
      refresh();
    } else if (answer?.__typename === 'ValidationError') {
      setFields(Object.fromEntries(answer.fields.map((f) => [f.field, integrationFieldMessage(f.field, f.messages[0] ?? '')])));
    } else setProblem(userCode(answer) ?? 'INTERNAL');
  }

  async function toggle(id: string, isActive: boolean) {
    const result = await update({ id, input: { isActive } });
    setProblem(result.error ? errorCode(result.error) : result.data?.updateWebhook.__typename === 'WebhookSuccess' ? null : userCode(result.data?.updateWebhook) ?? 'INTERNAL');
    refresh();
  }

  async function newSecret(id: string, target: string) {
    const result = await rotate({ id });
    const answer = result.data?.rotateWebhookSecret;
    if (answer?.__typename === 'WebhookSecretSuccess') setSecret({ url: target, secret: answer.secret, rotated: true });
    else setProblem(result.error ? errorCode(result.error) : userCode(answer) ?? 'INTERNAL');
  }

  async function destroy() {
    if (!confirmDelete) return;
    const result = await remove({ id: confirmDelete.id });
    setProblem(result.error ? errorCode(result.error) : result.data?.deleteWebhook.__typename === 'DeleteWebhookSuccess' ? null : userCode(result.data?.deleteWebhook) ?? 'INTERNAL');
    setConfirmDelete(null);
    refresh();
  }

  if (isForbidden(error) || problem === 'FORBIDDEN') return <IntegrationsForbidden />;
  const webhooks = data?.webhooks;
  let body;
  if (error && !webhooks) body = <ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={refresh} />;
  else if (!webhooks) body = <ListLoading rows={2} />;
  else if (webhooks.length === 0) body = <ListEmpty title={<Trans>Nenhum webhook ainda</Trans>}><Trans>Cadastre um endereço https:// acima para receber avisos assinados quando arquivos terminam de processar ou conciliações mudam.</Trans></ListEmpty>;
  else
    body = (
      <Table.ScrollContainer minWidth={720}>
        <Table fz="sm" striped>
          <Table.Caption className="visually-hidden"><Trans>Webhooks</Trans></Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th><Trans>Endereço</Trans></Table.Th>
              <Table.Th><Trans>Eventos</Trans></Table.Th>
              <Table.Th><Trans>Ativo</Trans></Table.Th>
              <Table.Th><Trans>Ações</Trans></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {webhooks.map((hook) => (
              <Table.Tr key={hook.id}>
                <Table.Td><Text size="sm" style={{ wordBreak: 'break-all' }}>{hook.url}</Text></Table.Td>
                <Table.Td>{hook.events.map((e) => i18n._(EVENT_LABELS[e])).join(', ')}</Table.Td>
                <Table.Td><Switch aria-label={t`Ativo`} checked={hook.isActive} onChange={(e) => void toggle(hook.id, e.currentTarget.checked)} /></Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="xs" variant="outline" color="indigo.9" onClick={() => onFilter({ webhookId: hook.id, after: null })}><Trans>Entregas</Trans></Button>
                    <Button size="xs" variant="outline" color="indigo.9" onClick={() => void newSecret(hook.id, hook.url)}><Trans>Trocar segredo</Trans></Button>
                    <Button size="xs" variant="outline" color="red.9" onClick={() => setConfirmDelete({ id: hook.id, url: hook.url })}><Trans>Excluir</Trans></Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  const secretUrl = secret?.url ?? '';
  const deleteUrl = confirmDelete?.url ?? '';
  return (
    <Stack gap="sm">
      {secret && (
        <SecretOnce title={secret.rotated ? t`Novo segredo de ${secretUrl}` : t`Webhook ${secretUrl} cadastrado`} secret={secret.secret} onDone={() => setSecret(null)}>
          <Text size="sm"><Trans>Use-o para conferir a assinatura de cada entrega (docs/webhooks.md).</Trans></Text>
          {secret.rotated && <Text size="sm"><Trans>O segredo anterior parou de assinar agora.</Trans></Text>}
        </SecretOnce>
      )}
      <Paper withBorder p="md">
        <form onSubmit={(event) => void submit(event)}>
          <Stack gap="sm">
            <TextInput label={t`Endereço (https://)`} required type="url" value={url} error={fields.url ? i18n._(fields.url) : undefined} onChange={(e) => setUrl(e.currentTarget.value)} />
            <Checkbox.Group label={t`Eventos`} value={events} onChange={setEvents} error={fields.events ? i18n._(fields.events) : undefined}>
              <Group gap="md" mt={4}>{EVENTS.map((e) => <Checkbox key={e} value={e} label={i18n._(EVENT_LABELS[e])} />)}</Group>
            </Checkbox.Group>
            <Group><Button type="submit" loading={fetching}><Trans>Cadastrar webhook</Trans></Button></Group>
          </Stack>
        </form>
      </Paper>
      {problem && <Alert color="red" role="alert">{i18n._(INTEGRATION_ERRORS[problem] ?? messageForCode(problem))}</Alert>}
      {body}
      <Text fw={600} mt="md"><Trans>Registro de entregas</Trans></Text>
      <Deliveries filter={filter} webhooks={webhooks ?? []} onChange={onFilter} />
      <Modal opened={!!confirmDelete} onClose={() => setConfirmDelete(null)} title={t`Excluir o webhook?`} centered>
        <Stack>
          <Text size="sm"><Trans>{deleteUrl} deixa de receber eventos e o registro de entregas dele é apagado.</Trans></Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(null)}><Trans>Cancelar</Trans></Button>
            <Button color="red" onClick={() => void destroy()}><Trans>Excluir</Trans></Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
