import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { ConditionForm, RuleForm } from './ruleForm';

export interface ServerFieldError {
  field: string;
  messages: string[];
}

/** Form location → our messages (never the server's text). */
export type RuleErrors = Record<string, MessageDescriptor[]>;

/**
 * The validator's messages (English, from pydantic and the rule checks) → pt-BR
 * descriptors. Unknown ones become "Valor inválido."; the server's words never show.
 */
export function describeFieldMessage(message: string): MessageDescriptor {
  const text = message.toLowerCase();
  const atLeast = /at least (\d+) characters/.exec(text);
  if (atLeast) {
    const n = Number(atLeast[1]);
    return msg`Use pelo menos ${n} caracteres.`;
  }
  const atMost = /at most (\d+) characters/.exec(text);
  if (atMost) {
    const n = Number(atMost[1]);
    return msg`Use no máximo ${n} caracteres.`;
  }
  if (text === 'required' || text.includes('field required')) return msg`Obrigatório.`;
  if (text.includes('needs a') && text.includes('value')) return msg`Este operador pede outro tipo de valor (texto, lista ou faixa).`;
  if (text.includes('backreference')) return msg`Expressões regulares não aceitam referências como \\1.`;
  if (text.includes('lookaround') || text.includes('lookahead') || text.includes('lookbehind')) return msg`Expressões regulares não aceitam lookarounds (?=, ?!, ?<=, ?<!).`;
  if (text.includes('regular expression') || text.includes('regex') || text.includes('re2')) return msg`Expressão regular inválida.`;
  if (text.includes('extra inputs') || text.includes('extra fields')) return msg`Campo não reconhecido.`;
  if (text.includes('tag') || text.includes('does not match any of the expected')) return msg`Tipo desconhecido.`;
  if (text.includes('transaction rule') || text.includes('may only test the transaction') || text.includes('only test')) return msg`Esta ação só pode testar a transação: remova as condições sobre o documento.`;
  if (text.includes('tax_ids or name_regex')) return msg`Informe um CNPJ/CPF ou uma expressão para o nome.`;
  if (text.includes('valid number') || text.includes('valid decimal') || text.includes('decimal')) return msg`Informe um número.`;
  if (text.includes('valid integer')) return msg`Informe um número inteiro.`;
  if (text.includes('greater than') || text.includes('less than')) return msg`Fora dos limites permitidos.`;
  if (text.includes('valid date')) return msg`Informe uma data (AAAA-MM-DD).`;
  if (text.includes('e-mail')) return msg`E-mail inválido.`;
  if (text.includes('exists') || text.includes('taken')) return msg`Já existe uma regra com este nome.`;
  return msg`Valor inválido.`;
}

/** The definition keys of each condition kind → the form field that edits them. */
const CONDITION_FIELDS: Record<ConditionForm['kind'], Record<string, string>> = {
  memo_contains: { any: 'any' },
  counterparty: { tax_ids: 'taxIds', name_regex: 'nameRegex' },
  amount_tolerance: { abs: 'abs', pct: 'pct' },
  days_window: { reference: 'reference', min: 'min', max: 'max' },
  account: { in: 'values' },
  cfop: { in: 'values' },
  field: { field: 'field', op: 'op', value: 'value', 'value.min': 'min', 'value.max': 'max' },
  json: {},
};

const ACTION_FIELDS: Record<string, string> = {
  'tolerance.abs': 'abs',
  'tolerance.pct': 'pct',
  tolerance: 'abs',
  ledger_account: 'ledgerAccount',
  above: 'above',
};

const TOP_LEVEL = ['name', 'description', 'priority', 'isActive'];

/**
 * A server path (`definition.when[2].value`, `definition.then.tolerance.pct`, `name`)
 * → the form location that shows it: `when.2.value`, `when.2` (the condition card, when
 * the form has no such field), `then.pct`, `then`, `name`, or `definition` (the rule as
 * a whole, shown above the form).
 */
export function formLocation(path: string, form: RuleForm): string {
  if (TOP_LEVEL.includes(path)) return path;
  const inner = path.replace(/^definition\.?/, '');
  const condition = /^when\[(\d+)\]\.?(.*)$/.exec(inner);
  if (condition) {
    const index = Number(condition[1]);
    const rest = (condition[2] ?? '').replace(/\[\d+\]/g, '');
    const kind = form.when[index]?.kind;
    if (kind === undefined) return 'definition';
    // A discriminated-union error carries the tag in the path (`when[0].field.value`).
    const key = rest.replace(/^(memo_contains|counterparty|amount_tolerance|days_window|account|cfop|field)\./, '');
    const field = CONDITION_FIELDS[kind][key] ?? CONDITION_FIELDS[kind][key.split('.')[0] ?? ''];
    return field ? `when.${index}.${field}` : `when.${index}`;
  }
  const action = /^then\.?(.*)$/.exec(inner);
  if (action) {
    const key = (action[1] ?? '').replace(/^(auto_match|suggest_only|ignore_transaction|classify|require_review)\.?/, '');
    const field = form.then.kind === 'json' ? undefined : ACTION_FIELDS[key];
    return field ? `then.${field}` : 'then';
  }
  if (inner === 'when') return 'when';
  return 'definition';
}

export function mapRuleErrors(fields: readonly ServerFieldError[], form: RuleForm): RuleErrors {
  const errors: RuleErrors = {};
  for (const { field, messages } of fields) {
    const location = formLocation(field, form);
    const list = (errors[location] ??= []);
    for (const message of messages.length ? messages : ['']) list.push(describeFieldMessage(message));
  }
  return errors;
}
