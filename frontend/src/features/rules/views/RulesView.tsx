import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { useRole } from '../../../shared/auth/useRole';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { DateCell } from '../../../shared/ui/cells';
import { ListError, ListLoading, ListNoResults } from '../../../shared/ui/states';
import { RulesListQuery } from '../api/rules';
import { ACTION_LABELS } from '../components/labels';
import { RulesEmpty } from '../components/RulesStates';
import { definitionToForm } from '../components/ruleForm';
import { useRulesSearch } from '../hooks/useRulesSearch';
import { DEFAULT_RULES_SEARCH, rulesPaths } from '../routes';

export function RulesView() {
  const { t, i18n } = useLingui();
  const { allowed } = useRole();
  const [search, update] = useRulesSearch();
  const [text, setText] = useState(search.q);
  const push = useDebouncedCallback((q: string) => update({ q }), 300);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: RulesListQuery,
    requestPolicy: 'cache-and-network',
    variables: { text: search.q || null, active: search.active === 'all' ? null : search.active === 'active', first: 50, after: search.after },
  });
  const connection = data?.rules;
  const filtered = !!search.q || search.active !== 'all' || !!search.after;

  let body;
  if (error && !connection) {
    body = <ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!connection) {
    body = <ListLoading rows={5} />;
  } else if (connection.edges.length === 0) {
    body = filtered ? <ListNoResults onClear={() => { setText(''); update({ ...DEFAULT_RULES_SEARCH }); }} /> : <RulesEmpty canEdit={allowed.editRules} />;
  } else {
    body = (
      <Stack gap="sm">
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover fz="sm" verticalSpacing={6}>
            <Table.Caption className="visually-hidden"><Trans>Regras de conciliação</Trans></Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th><Trans>Prioridade</Trans></Table.Th>
                <Table.Th><Trans>Nome</Trans></Table.Th>
                <Table.Th><Trans>Ação</Trans></Table.Th>
                <Table.Th><Trans>Situação</Trans></Table.Th>
                <Table.Th><Trans>Versão</Trans></Table.Th>
                <Table.Th><Trans>Alterada em</Trans></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {connection.edges.map(({ node }) => {
                const action = definitionToForm(node.definition).then.kind;
                return (
                  <Table.Tr key={node.id}>
                    <Table.Td>{node.priority}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={rulesPaths.detail(node.id)} fz="sm">{node.name}</Anchor>
                      {node.description && <Text size="xs" c="dimmed" lineClamp={1}>{node.description}</Text>}
                    </Table.Td>
                    <Table.Td>{t(ACTION_LABELS[action])}</Table.Td>
                    <Table.Td>
                      {node.isActive ? <Badge variant="dot" color="teal.9" size="sm"><Trans>ativa</Trans></Badge> : <Badge variant="dot" color="gray.8" size="sm"><Trans>inativa</Trans></Badge>}
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={rulesPaths.detail(node.id, 'history')} fz="sm">v{node.version}</Anchor>
                    </Table.Td>
                    <Table.Td><DateCell value={node.updatedAt} kind="datetime" /></Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">{plural(connection.totalCount, { one: '# regra', other: '# regras' })}</Text>
          <Group gap="xs">
            {search.after && <Button size="xs" variant="default" onClick={() => update({ after: null })}><Trans>Primeira página</Trans></Button>}
            <Button size="xs" variant="default" disabled={!connection.pageInfo.hasNextPage} onClick={() => update({ after: connection.pageInfo.endCursor ?? null })}>
              <Trans>Próxima página</Trans>
            </Button>
          </Group>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2"><Trans>Regras</Trans></Title>
        <Group gap="sm">
          {fetching && connection && <Text size="xs" c="dimmed" role="status"><Trans>Atualizando…</Trans></Text>}
          {allowed.editRules && <Button component={Link} to={rulesPaths.create()}><Trans>Nova regra</Trans></Button>}
        </Group>
      </Group>
      <Text size="sm" c="dimmed"><Trans>As regras rodam em ordem de prioridade (a menor primeiro); a primeira cujas condições valem decide.</Trans></Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t`Buscar`}
          type="search"
          value={text}
          onChange={(e) => { setText(e.currentTarget.value); push(e.currentTarget.value); }}
          w={{ base: '100%', sm: 280 }}
        />
        <SegmentedControl
          aria-label={t`Situação`}
          value={search.active}
          onChange={(value) => update({ active: value as typeof search.active })}
          data={[
            { value: 'all', label: t`Todas` },
            { value: 'active', label: t`Ativas` },
            { value: 'inactive', label: t`Inativas` },
          ]}
        />
      </Group>
      {body}
    </Stack>
  );
}
