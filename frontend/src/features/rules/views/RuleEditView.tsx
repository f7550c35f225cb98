import { Trans, useLingui } from '@lingui/react/macro';
import { Alert, Anchor, Button, Group, Modal, NumberInput, Paper, SimpleGrid, Stack, Switch, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';

import type { RuleInput } from '../../../gql/graphql';
import { useRole } from '../../../shared/auth/useRole';
import { errorCode, messageForCode } from '../../../shared/graphql/errors';
import { ListError, ListLoading, NotFound } from '../../../shared/ui/states';
import { RuleDetailQuery, RulesCreateMutation, RulesDeleteMutation, RulesPeopleQuery, RulesPreviewItemsQuery, RulesTestMutation, RulesUpdateMutation } from '../api/rules';
import { mapRuleErrors, type RuleErrors } from '../components/fieldErrors';
import { RULE_ERROR_MESSAGES } from '../components/labels';
import { RuleEditor } from '../components/RuleEditor';
import { RulePreview } from '../components/RulePreview';
import { RulesForbidden } from '../components/RulesStates';
import { RuleVersions, type RuleVersionRow } from '../components/RuleVersions';
import { summarize, type PreviewChange, type PreviewNode, type PreviewSummary } from '../components/preview';
import { definitionToForm, EMPTY_FORM, formToDefinition, JsonSyntaxError, type RuleForm } from '../components/ruleForm';
import { parseRuleTab, rulesPaths } from '../routes';

interface Initial {
  id: string | null;
  name: string;
  description: string;
  priority: number;
  isActive: boolean;
  form: RuleForm;
}

interface Preview {
  key: string;
  summary: PreviewSummary;
  changes: PreviewChange[];
  nodes: Map<string, PreviewNode>;
}

type UserErrorAnswer = { __typename: string; code?: string; fields?: { field: string; messages: string[] }[] };

function EditorScreen({ initial, canEdit, onSaved }: { initial: Initial; canEdit: boolean; onSaved: (id: string) => void }) {
  const { t, i18n } = useLingui();
  const navigate = useNavigate();
  const client = useClient();
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [priority, setPriority] = useState<number | string>(initial.priority);
  const [isActive, setIsActive] = useState(initial.isActive);
  const [form, setForm] = useState<RuleForm>(initial.form);
  const [errors, setErrors] = useState<RuleErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [testing, setTesting] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [{ fetching: saving }, createRule] = useMutation(RulesCreateMutation);
  const [, updateRule] = useMutation(RulesUpdateMutation);
  const [{ fetching: deleting }, deleteRule] = useMutation(RulesDeleteMutation);
  const [, testRule] = useMutation(RulesTestMutation);

  const built = useMemo((): { input: RuleInput; key: string } | { jsonError: string } => {
    try {
      const definition = formToDefinition(form);
      const input: RuleInput = { name: name.trim(), description, priority: typeof priority === 'number' ? priority : Number(priority) || 0, isActive, definition };
      return { input, key: JSON.stringify(input) };
    } catch (error) {
      if (error instanceof JsonSyntaxError) return { jsonError: error.path };
      throw error;
    }
  }, [form, name, description, priority, isActive]);

  const tested = !!preview && 'key' in built && preview.key === built.key;

  function showAnswerErrors(answer: UserErrorAnswer | undefined, fallback: string) {
    if (answer?.__typename === 'ValidationError' && answer.fields) {
      setErrors(mapRuleErrors(answer.fields, form));
      setProblem('INVALID');
    } else {
      setProblem(answer?.code ?? fallback);
    }
  }

  function locationOfJsonError(path: string): RuleErrors {
    const match = /^when\[(\d+)\]$/.exec(path);
    const message = RULE_ERROR_MESSAGES.JSON ?? messageForCode('INVALID');
    return match ? { [`when.${match[1]}.json`]: [message] } : { then: [message] };
  }

  async function runTest() {
    if (!('input' in built)) {
      setErrors(locationOfJsonError(built.jsonError));
      setProblem('JSON');
      return;
    }
    setTesting(true);
    setErrors({});
    setProblem(null);
    try {
      const result = await testRule({ input: built.input, replaces: initial.id });
      if (result.error) {
        setProblem(errorCode(result.error));
        return;
      }
      const answer = result.data?.testRule;
      if (answer?.__typename !== 'TestRuleSuccess') {
        showAnswerErrors(answer as UserErrorAnswer | undefined, 'INTERNAL');
        setPreview(null);
        return;
      }
      const ids = [...new Set(answer.changes.map((c) => c.itemId))];
      const nodes = new Map<string, PreviewNode>();
      if (ids.length) {
        const items = await client.query(RulesPreviewItemsQuery, { ids }, { requestPolicy: 'network-only' }).toPromise();
        for (const node of items.data?.nodes ?? []) if (node) nodes.set(node.id, node as PreviewNode);
      }
      setPreview({ key: built.key, changes: answer.changes, nodes, summary: summarize(answer.changesTotal, answer.byThisRule, answer.changes, nodes) });
    } finally {
      setTesting(false);
    }
  }

  async function save() {
    if (!('input' in built) || !tested) return;
    setProblem(null);
    const result = initial.id ? await updateRule({ id: initial.id, input: built.input }) : await createRule({ input: built.input });
    if (result.error) {
      setProblem(errorCode(result.error));
      return;
    }
    const answer = result.data && ('updateRule' in result.data ? result.data.updateRule : result.data.createRule);
    if (answer?.__typename === 'RuleSuccess') {
      const version = answer.rule.version;
      notifications.show({ color: 'teal', closeButtonProps: { 'aria-label': t`Fechar aviso` }, message: t`Regra salva (versão ${version}).` });
      onSaved(answer.rule.id);
      return;
    }
    showAnswerErrors(answer as UserErrorAnswer | undefined, 'INTERNAL');
  }

  async function remove() {
    if (!initial.id) return;
    const result = await deleteRule({ id: initial.id });
    const answer = result.data?.deleteRule;
    if (answer?.__typename === 'DeleteRuleSuccess') {
      setConfirmDelete(false);
      notifications.show({ color: 'teal', closeButtonProps: { 'aria-label': t`Fechar aviso` }, message: t`Regra excluída. O histórico e as decisões dela continuam no registro.` });
      void navigate(rulesPaths.index(), { replace: true });
      return;
    }
    setConfirmDelete(false);
    setProblem(result.error ? errorCode(result.error) : ((answer as UserErrorAnswer | undefined)?.code ?? 'INTERNAL'));
  }

  const problemText = problem ? i18n._(RULE_ERROR_MESSAGES[problem] ?? messageForCode(problem)) : null;
  const nameError = errors.name?.map((d) => i18n._(d)).join(' ');
  const readOnly = !canEdit;
  const forbidden = problem === 'FORBIDDEN';

  return (
    <Stack gap="md">
      {readOnly && (
        <Alert color="gray"><Trans>Somente leitura: seu papel pode ver as regras, mas só administradores e gestores as alteram.</Trans></Alert>
      )}
      {forbidden ? <RulesForbidden /> : problemText && <Alert color="red" role="alert">{problemText}</Alert>}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput readOnly={readOnly} label={t`Nome`} required value={name} error={nameError} onChange={(e) => setName(e.currentTarget.value)} />
          <Group grow align="flex-end">
            <NumberInput readOnly={readOnly} label={t`Prioridade`} description={t`Menor roda primeiro`} value={priority} onChange={setPriority} allowDecimal={false} />
            <Switch readOnly={readOnly} label={t`Ativa`} checked={isActive} onChange={(e) => setIsActive(e.currentTarget.checked)} mb={8} />
          </Group>
        </SimpleGrid>
        <Textarea readOnly={readOnly} mt="sm" label={t`Descrição`} autosize minRows={1} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
      </Paper>
      <RuleEditor form={form} errors={errors} readOnly={readOnly} onChange={(next) => { setForm(next); setErrors({}); }} />
      {canEdit && (
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Button variant="outline" loading={testing} onClick={() => void runTest()}>
              <Trans>Testar (prévia)</Trans>
            </Button>
            <Button disabled={!tested} loading={saving} onClick={() => void save()}>
              {initial.id ? <Trans>Salvar nova versão</Trans> : <Trans>Salvar regra</Trans>}
            </Button>
            {!tested && <Text size="xs" c="dimmed"><Trans>Teste antes de salvar: a prévia mostra o que mudaria.</Trans></Text>}
          </Group>
          {initial.id && (
            <Button variant="outline" color="red.9" onClick={() => setConfirmDelete(true)}><Trans>Excluir regra</Trans></Button>
          )}
        </Group>
      )}
      {preview && <RulePreview summary={preview.summary} changes={preview.changes} nodes={preview.nodes} />}
      {preview && !tested && <Text size="sm" c="dimmed"><Trans>A regra mudou depois da prévia: teste de novo para salvar.</Trans></Text>}
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={t`Excluir a regra?`} centered>
        <Stack gap="md">
          <Text size="sm"><Trans>A regra deixa de rodar nas próximas conciliações. As decisões que ela já tomou e o histórico de versões ficam.</Trans></Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}><Trans>Cancelar</Trans></Button>
            <Button color="red" loading={deleting} onClick={() => void remove()}><Trans>Excluir</Trans></Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

export function RuleEditView() {
  const { t, i18n } = useLingui();
  const { id } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = parseRuleTab(params);
  const { allowed } = useRole();
  const [{ data, error }, reexecute] = useQuery({ query: RuleDetailQuery, variables: { id: id ?? '' }, pause: !id });
  const [{ data: people }] = useQuery({ query: RulesPeopleQuery, pause: !id || tab !== 'history' });
  const names = useMemo(() => new Map((people?.users ?? []).map((u) => [u.id, u.name || u.email])), [people]);

  const back = <Anchor component={Link} to={rulesPaths.index()} size="sm"><Trans>← Regras</Trans></Anchor>;

  if (!id) {
    return (
      <Stack gap="md">
        {back}
        <Title order={1} size="h2"><Trans>Nova regra</Trans></Title>
        {allowed.editRules ? (
          <EditorScreen
            initial={{ id: null, name: '', description: '', priority: 100, isActive: true, form: EMPTY_FORM }}
            canEdit
            onSaved={(newId) => void navigate(rulesPaths.detail(newId), { replace: true })}
          />
        ) : (
          <RulesForbidden />
        )}
      </Stack>
    );
  }

  if (error && !data) return <Stack>{back}<ListError message={i18n._(messageForCode(errorCode(error)))} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /></Stack>;
  if (!data) return <ListLoading rows={6} />;
  const rule = data.node;
  if (!rule || rule.__typename !== 'Rule') return <Stack>{back}<NotFound /></Stack>;
  const ruleName = rule.name;

  return (
    <Stack gap="md">
      {back}
      <Title order={1} size="h2">{t`Regra: ${ruleName}`}</Title>
      <Tabs keepMounted={false} value={tab} onChange={(value) => setParams(value === 'history' ? { tab: 'history' } : {}, { replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="editor"><Trans>Definição</Trans></Tabs.Tab>
          <Tabs.Tab value="history"><Trans>Histórico de versões</Trans></Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="editor" pt="md">
          <EditorScreen
            key={`${rule.id}:${rule.version}`}
            initial={{ id: rule.id, name: rule.name, description: rule.description, priority: rule.priority, isActive: rule.isActive, form: definitionToForm(rule.definition) }}
            canEdit={allowed.editRules}
            onSaved={() => reexecute({ requestPolicy: 'network-only' })}
          />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <RuleVersions versions={rule.versions as RuleVersionRow[]} people={names} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
