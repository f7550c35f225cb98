import type { MessageDescriptor } from '@lingui/core';
import { Trans, useLingui } from '@lingui/react/macro';
import { ActionIcon, Alert, Button, Group, JsonInput, Paper, Select, SimpleGrid, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useState } from 'react';

import { ACTION_LABELS, CONDITION_LABELS, FIELD_LABELS, OP_LABELS } from './labels';
import type { RuleErrors } from './fieldErrors';
import {
  ACTION_KINDS,
  CONDITION_KINDS,
  definitionToForm,
  emptyAction,
  emptyCondition,
  FIELD_NAMES,
  FIELD_OPS,
  formToDefinition,
  isTransactionAction,
  JsonSyntaxError,
  type ActionForm,
  type ActionKind,
  type ConditionForm,
  type ConditionKind,
  type FieldOp,
  type RuleForm,
} from './ruleForm';

interface Props {
  form: RuleForm;
  errors: RuleErrors;
  onChange: (form: RuleForm) => void;
  readOnly?: boolean;
}

function useErrorText() {
  const { i18n } = useLingui();
  return (list: MessageDescriptor[] | undefined) => (list && list.length ? list.map((d) => i18n._(d)).join(' ') : undefined);
}

function ConditionFields({ condition, index, errors, onChange, readOnly }: { condition: ConditionForm; index: number; errors: RuleErrors; onChange: (c: ConditionForm) => void; readOnly?: boolean }) {
  const { t } = useLingui();
  const err = useErrorText();
  const at = (field: string) => err(errors[`when.${index}.${field}`]);
  switch (condition.kind) {
    case 'memo_contains':
      return (
        <TextInput readOnly={readOnly} label={t`Palavras (separadas por vírgula)`} description={t`Qualquer uma delas no histórico; maiúsculas e acentos não importam`} value={condition.any} error={at('any')} onChange={(e) => onChange({ ...condition, any: e.currentTarget.value })} />
      );
    case 'counterparty':
      return (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput readOnly={readOnly} label={t`CNPJ/CPF (separados por vírgula)`} value={condition.taxIds} error={at('taxIds')} onChange={(e) => onChange({ ...condition, taxIds: e.currentTarget.value })} />
          <TextInput readOnly={readOnly} label={t`Nome (expressão regular, opcional)`} value={condition.nameRegex} error={at('nameRegex')} onChange={(e) => onChange({ ...condition, nameRegex: e.currentTarget.value })} />
        </SimpleGrid>
      );
    case 'amount_tolerance':
      return (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput readOnly={readOnly} label={t`Diferença máxima em R$`} inputMode="decimal" value={condition.abs} error={at('abs')} onChange={(e) => onChange({ ...condition, abs: e.currentTarget.value })} />
          <TextInput readOnly={readOnly} label={t`Diferença máxima em %`} inputMode="decimal" value={condition.pct} error={at('pct')} onChange={(e) => onChange({ ...condition, pct: e.currentTarget.value })} />
        </SimpleGrid>
      );
    case 'days_window':
      return (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select readOnly={readOnly} label={t`Contados a partir de`} allowDeselect={false} value={condition.reference} error={at('reference')} data={[{ value: 'due_date', label: t`Vencimento` }, { value: 'issue_date', label: t`Emissão` }]} onChange={(v) => onChange({ ...condition, reference: (v as 'due_date' | 'issue_date') ?? 'due_date' })} />
          <TextInput readOnly={readOnly} label={t`De (dias, pode ser negativo)`} inputMode="numeric" value={condition.min} error={at('min')} onChange={(e) => onChange({ ...condition, min: e.currentTarget.value })} />
          <TextInput readOnly={readOnly} label={t`Até (dias)`} inputMode="numeric" value={condition.max} error={at('max')} onChange={(e) => onChange({ ...condition, max: e.currentTarget.value })} />
        </SimpleGrid>
      );
    case 'account':
    case 'cfop':
      return (
        <TextInput readOnly={readOnly} label={condition.kind === 'cfop' ? t`CFOPs (separados por vírgula)` : t`Contas (separadas por vírgula)`} value={condition.values} error={at('values')} onChange={(e) => onChange({ ...condition, values: e.currentTarget.value })} />
      );
    case 'field':
      return (
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select readOnly={readOnly} label={t`Campo`} allowDeselect={false} searchable value={condition.field} error={at('field')} data={FIELD_NAMES.map((value) => ({ value, label: FIELD_LABELS[value] ? t(FIELD_LABELS[value]) : value }))} onChange={(v) => onChange({ ...condition, field: v ?? condition.field })} />
            <Select readOnly={readOnly} label={t`Operador`} allowDeselect={false} value={condition.op} error={at('op')} data={FIELD_OPS.map((value) => ({ value, label: t(OP_LABELS[value]) }))} onChange={(v) => onChange({ ...condition, op: (v as FieldOp) ?? condition.op })} />
          </SimpleGrid>
          {condition.op === 'range' ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput readOnly={readOnly} label={t`Mínimo (valor ou data AAAA-MM-DD)`} value={condition.min} error={at('min') ?? at('value')} onChange={(e) => onChange({ ...condition, min: e.currentTarget.value })} />
              <TextInput readOnly={readOnly} label={t`Máximo`} value={condition.max} error={at('max')} onChange={(e) => onChange({ ...condition, max: e.currentTarget.value })} />
            </SimpleGrid>
          ) : (
            <TextInput readOnly={readOnly} label={condition.op === 'in' ? t`Valores (separados por vírgula)` : t`Valor`} value={condition.value} error={at('value')} onChange={(e) => onChange({ ...condition, value: e.currentTarget.value })} />
          )}
        </Stack>
      );
    case 'json':
      return (
        <JsonInput readOnly={readOnly} label={t`Condição em JSON`} autosize minRows={3} value={condition.json} error={at('json')} onChange={(json) => onChange({ ...condition, json })} />
      );
  }
}

function ActionFields({ action, errors, onChange, readOnly }: { action: ActionForm; errors: RuleErrors; onChange: (a: ActionForm) => void; readOnly?: boolean }) {
  const { t } = useLingui();
  const err = useErrorText();
  const at = (field: string) => err(errors[`then.${field}`]);
  switch (action.kind) {
    case 'auto_match':
      return (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput readOnly={readOnly} label={t`Aceitar diferença de até R$ (opcional)`} inputMode="decimal" value={action.abs} error={at('abs')} onChange={(e) => onChange({ ...action, abs: e.currentTarget.value })} />
          <TextInput readOnly={readOnly} label={t`ou até % (opcional)`} inputMode="decimal" value={action.pct} error={at('pct')} onChange={(e) => onChange({ ...action, pct: e.currentTarget.value })} />
        </SimpleGrid>
      );
    case 'classify':
      return <TextInput readOnly={readOnly} label={t`Conta contábil`} placeholder="3.1.2.01" value={action.ledgerAccount} error={at('ledgerAccount')} onChange={(e) => onChange({ ...action, ledgerAccount: e.currentTarget.value })} />;
    case 'require_review':
      return <TextInput readOnly={readOnly} label={t`Valor acima do qual exige revisão (R$)`} inputMode="decimal" value={action.above} error={at('above')} onChange={(e) => onChange({ ...action, above: e.currentTarget.value })} />;
    case 'json':
      return <JsonInput readOnly={readOnly} label={t`Ação em JSON`} autosize minRows={3} value={action.json} onChange={(json) => onChange({ ...action, json })} />;
    default:
      return null;
  }
}

/** The definition as JSON, for what the form does not cover; edits flow back into the form. */
function JsonView({ form, onChange, readOnly, errors }: Props) {
  const { t } = useLingui();
  const err = useErrorText();
  const [text, setText] = useState(() => {
    try {
      return JSON.stringify(formToDefinition(form), null, 2);
    } catch (error) {
      if (error instanceof JsonSyntaxError) return '';
      throw error;
    }
  });
  const [invalid, setInvalid] = useState(false);
  const problems = Object.entries(errors);
  return (
    <Stack gap="xs">
      <JsonInput
        readOnly={readOnly}
        label={t`Definição da regra (JSON)`}
        description={t`{"when": [condições], "then": ação}; veja docs/reconciliation.md`}
        autosize
        minRows={10}
        value={text}
        error={invalid ? t`JSON inválido` : undefined}
        onChange={(value) => {
          setText(value);
          try {
            onChange(definitionToForm(JSON.parse(value) as unknown));
            setInvalid(false);
          } catch {
            setInvalid(true);
          }
        }}
      />
      {problems.length > 0 && (
        <Stack gap={2}>
          {problems.map(([where, list]) => (
            <Text key={where} size="sm" c="red.8">
              <Text span ff="monospace" size="sm">{where}</Text>: {err(list)}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

export function RuleEditor({ form, errors, onChange, readOnly }: Props) {
  const { t } = useLingui();
  const err = useErrorText();
  const [tab, setTab] = useState<string | null>('form');
  const setCondition = (index: number, condition: ConditionForm) => onChange({ ...form, when: form.when.map((c, i) => (i === index ? condition : c)) });
  const transactionOnly = isTransactionAction(form.then.kind);

  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="form"><Trans>Formulário</Trans></Tabs.Tab>
        <Tabs.Tab value="json"><Trans>JSON</Trans></Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="form" pt="md">
        <Stack gap="md">
          {errors.definition && <Alert color="red" role="alert">{err(errors.definition)}</Alert>}
          <Stack gap="xs">
            <Text fw={600}><Trans>Quando (todas as condições valem)</Trans></Text>
            {transactionOnly && (
              <Text size="sm" c="dimmed"><Trans>Ignorar e classificar só podem testar a transação (histórico, valor, conta, tipo).</Trans></Text>
            )}
            {form.when.length === 0 && <Text size="sm" c="dimmed"><Trans>Sem condições: a regra vale para todos os itens.</Trans></Text>}
            {form.when.map((condition, index) => {
              const position = index + 1;
              return (
                <Paper key={index} withBorder p="sm" data-testid={`condition-${index}`}>
                  <Stack gap="xs">
                    <Group justify="space-between" align="flex-end" wrap="nowrap">
                      <Select
                        readOnly={readOnly}
                        label={t`Condição ${position}`}
                        allowDeselect={false}
                        value={condition.kind}
                        data={CONDITION_KINDS.map((value) => ({ value, label: t(CONDITION_LABELS[value]) }))}
                        onChange={(v) => v && setCondition(index, emptyCondition(v as ConditionKind))}
                        w={{ base: '100%', sm: 280 }}
                      />
                      {!readOnly && (
                        <ActionIcon variant="outline" color="red.9" size="lg" aria-label={t`Remover condição ${position}`} onClick={() => onChange({ ...form, when: form.when.filter((_, i) => i !== index) })}>
                          ×
                        </ActionIcon>
                      )}
                    </Group>
                    <ConditionFields condition={condition} index={index} errors={errors} readOnly={readOnly} onChange={(c) => setCondition(index, c)} />
                    {errors[`when.${index}`] && <Text size="sm" c="red.8" role="alert">{err(errors[`when.${index}`])}</Text>}
                  </Stack>
                </Paper>
              );
            })}
            {errors.when && <Text size="sm" c="red.8">{err(errors.when)}</Text>}
            {!readOnly && (
              <Group>
                <Button variant="outline" size="xs" onClick={() => onChange({ ...form, when: [...form.when, emptyCondition('memo_contains')] })}>
                  <Trans>Adicionar condição</Trans>
                </Button>
              </Group>
            )}
          </Stack>
          <Stack gap="xs">
            <Text fw={600}><Trans>Então</Trans></Text>
            <Paper withBorder p="sm">
              <Stack gap="xs">
                <Select
                  readOnly={readOnly}
                  label={t`Ação`}
                  allowDeselect={false}
                  value={form.then.kind}
                  data={ACTION_KINDS.map((value) => ({ value, label: t(ACTION_LABELS[value]) }))}
                  onChange={(v) => v && onChange({ ...form, then: emptyAction(v as ActionKind) })}
                  w={{ base: '100%', sm: 320 }}
                />
                <ActionFields action={form.then} errors={errors} readOnly={readOnly} onChange={(then) => onChange({ ...form, then })} />
                {errors.then && <Text size="sm" c="red.8" role="alert">{err(errors.then)}</Text>}
              </Stack>
            </Paper>
          </Stack>
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="json" pt="md">
        <JsonView form={form} errors={errors} onChange={onChange} readOnly={readOnly} />
      </Tabs.Panel>
    </Tabs>
  );
}
