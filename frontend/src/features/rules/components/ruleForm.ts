/**
 * The rule editor's form ↔ the rule definition (`{"when": [...], "then": {...}}`,
 * docs/reconciliation.md). The common conditions and actions have fields; anything else
 * (an unknown key, a shape the form does not model) is kept as JSON, so a definition
 * goes through the form unchanged.
 */

export const FIELD_NAMES = [
  'transaction.memo',
  'transaction.type',
  'transaction.account_id',
  'transaction.amount',
  'transaction.posted_on',
  'transaction.counterparty_tax_id',
  'transaction.counterparty_name',
  'transaction.source',
  'document.key',
  'document.number',
  'document.direction',
  'document.amount',
  'document.issue_date',
  'document.due_date',
  'document.counterparty_tax_id',
  'document.counterparty_name',
  'document.status',
] as const;
export const FIELD_OPS = ['equals', 'contains', 'in', 'regex', 'range'] as const;
export type FieldOp = (typeof FIELD_OPS)[number];

export type ConditionForm =
  | { kind: 'memo_contains'; any: string }
  | { kind: 'counterparty'; taxIds: string; nameRegex: string }
  | { kind: 'amount_tolerance'; abs: string; pct: string }
  | { kind: 'days_window'; reference: 'due_date' | 'issue_date'; min: string; max: string }
  | { kind: 'account'; values: string }
  | { kind: 'cfop'; values: string }
  | { kind: 'field'; field: string; op: FieldOp; value: string; min: string; max: string }
  | { kind: 'json'; json: string };

export type ConditionKind = ConditionForm['kind'];
export const CONDITION_KINDS: readonly ConditionKind[] = [
  'memo_contains',
  'counterparty',
  'amount_tolerance',
  'days_window',
  'field',
  'account',
  'cfop',
  'json',
];

export type ActionForm =
  | { kind: 'auto_match'; abs: string; pct: string }
  | { kind: 'suggest_only' }
  | { kind: 'ignore_transaction' }
  | { kind: 'classify'; ledgerAccount: string }
  | { kind: 'require_review'; above: string }
  | { kind: 'json'; json: string };

export type ActionKind = ActionForm['kind'];
export const ACTION_KINDS: readonly ActionKind[] = ['auto_match', 'suggest_only', 'ignore_transaction', 'classify', 'require_review', 'json'];

export interface RuleForm {
  when: ConditionForm[];
  then: ActionForm;
  /** Keys of the definition besides when/then, kept as they were. */
  extra: Record<string, unknown>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function only(object: Json, keys: readonly string[]): boolean {
  return Object.keys(object).every((key) => keys.includes(key));
}

function str(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** "A, B\nC" → ["A", "B", "C"] (commas or new lines; blanks dropped). */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

function joinList(values: string[]): string {
  return values.join(', ');
}

function asJson(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 2);
}

export function emptyCondition(kind: ConditionKind): ConditionForm {
  switch (kind) {
    case 'memo_contains':
      return { kind, any: '' };
    case 'counterparty':
      return { kind, taxIds: '', nameRegex: '' };
    case 'amount_tolerance':
      return { kind, abs: '', pct: '' };
    case 'days_window':
      return { kind, reference: 'due_date', min: '', max: '' };
    case 'account':
    case 'cfop':
      return { kind, values: '' };
    case 'field':
      return { kind, field: 'transaction.memo', op: 'contains', value: '', min: '', max: '' };
    case 'json':
      return { kind, json: '{\n  "type": ""\n}' };
  }
}

export function emptyAction(kind: ActionKind): ActionForm {
  switch (kind) {
    case 'auto_match':
      return { kind, abs: '', pct: '' };
    case 'classify':
      return { kind, ledgerAccount: '' };
    case 'require_review':
      return { kind, above: '' };
    case 'json':
      return { kind, json: '{\n  "type": ""\n}' };
    default:
      return { kind };
  }
}

export const EMPTY_FORM: RuleForm = { when: [emptyCondition('memo_contains')], then: emptyAction('ignore_transaction'), extra: {} };

function conditionToForm(raw: unknown): ConditionForm {
  if (!isObject(raw)) return { kind: 'json', json: asJson(raw) };
  const fallback: ConditionForm = { kind: 'json', json: asJson(raw) };
  switch (raw.type) {
    case 'memo_contains':
      return only(raw, ['type', 'any']) && isStringList(raw.any) ? { kind: 'memo_contains', any: joinList(raw.any) } : fallback;
    case 'counterparty': {
      const taxIds = raw.tax_ids ?? [];
      if (!only(raw, ['type', 'tax_ids', 'name_regex']) || !isStringList(taxIds)) return fallback;
      if (raw.name_regex !== undefined && raw.name_regex !== null && typeof raw.name_regex !== 'string') return fallback;
      return { kind: 'counterparty', taxIds: joinList(taxIds), nameRegex: str(raw.name_regex) };
    }
    case 'amount_tolerance':
      return only(raw, ['type', 'abs', 'pct']) ? { kind: 'amount_tolerance', abs: str(raw.abs), pct: str(raw.pct) } : fallback;
    case 'days_window':
      if (!only(raw, ['type', 'reference', 'min', 'max'])) return fallback;
      if (raw.reference !== undefined && raw.reference !== 'due_date' && raw.reference !== 'issue_date') return fallback;
      return { kind: 'days_window', reference: (raw.reference as 'due_date' | 'issue_date' | undefined) ?? 'due_date', min: str(raw.min), max: str(raw.max) };
    case 'account':
    case 'cfop':
      return only(raw, ['type', 'in']) && isStringList(raw.in) ? { kind: raw.type, values: joinList(raw.in) } : fallback;
    case 'field': {
      if (!only(raw, ['type', 'field', 'op', 'value']) || typeof raw.field !== 'string') return fallback;
      const op = raw.op as FieldOp;
      if (!(FIELD_OPS as readonly string[]).includes(op)) return fallback;
      const base = { kind: 'field' as const, field: raw.field, op, value: '', min: '', max: '' };
      if (op === 'in') return isStringList(raw.value) ? { ...base, value: joinList(raw.value) } : fallback;
      if (op === 'range') {
        return isObject(raw.value) && only(raw.value, ['min', 'max']) ? { ...base, min: str(raw.value.min), max: str(raw.value.max) } : fallback;
      }
      return typeof raw.value === 'string' ? { ...base, value: raw.value } : fallback;
    }
    default:
      return fallback;
  }
}

function actionToForm(raw: unknown): ActionForm {
  const fallback: ActionForm = { kind: 'json', json: asJson(raw) };
  if (!isObject(raw)) return fallback;
  switch (raw.type) {
    case 'auto_match': {
      if (!only(raw, ['type', 'tolerance'])) return fallback;
      const tolerance = raw.tolerance ?? {};
      if (!isObject(tolerance) || !only(tolerance, ['abs', 'pct'])) return fallback;
      return { kind: 'auto_match', abs: str(tolerance.abs), pct: str(tolerance.pct) };
    }
    case 'suggest_only':
    case 'ignore_transaction':
      return only(raw, ['type']) ? { kind: raw.type } : fallback;
    case 'classify':
      return only(raw, ['type', 'ledger_account']) && typeof raw.ledger_account === 'string' ? { kind: 'classify', ledgerAccount: raw.ledger_account } : fallback;
    case 'require_review':
      return only(raw, ['type', 'above']) ? { kind: 'require_review', above: str(raw.above) } : fallback;
    default:
      return fallback;
  }
}

/** A stored definition → the form (what the form cannot show stays JSON). */
export function definitionToForm(definition: unknown): RuleForm {
  const object = isObject(definition) ? definition : {};
  const { when, then, ...extra } = object;
  return {
    when: Array.isArray(when) ? when.map(conditionToForm) : [],
    then: then === undefined ? emptyAction('ignore_transaction') : actionToForm(then),
    extra,
  };
}

/** A blank number field is left out; anything typed goes as the text the API parses. */
function setIfFilled(target: Json, key: string, value: string): void {
  const trimmed = value.trim();
  if (trimmed) target[key] = trimmed;
}

function setIntIfFilled(target: Json, key: string, value: string): void {
  const trimmed = value.trim();
  if (!trimmed) return;
  const number = Number(trimmed);
  target[key] = Number.isInteger(number) ? number : trimmed;
}

/** JSON text that does not parse: kept as the text, so the server says where it is wrong. */
export class JsonSyntaxError extends Error {
  constructor(readonly path: string) {
    super(`invalid JSON at ${path}`);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new JsonSyntaxError(path);
  }
}

function conditionToDefinition(condition: ConditionForm, index: number): unknown {
  switch (condition.kind) {
    case 'memo_contains':
      return { type: 'memo_contains', any: splitList(condition.any) };
    case 'counterparty': {
      const out: Json = { type: 'counterparty' };
      const taxIds = splitList(condition.taxIds).map((id) => id.replace(/[.\-/\s]/g, ''));
      if (taxIds.length) out.tax_ids = taxIds;
      setIfFilled(out, 'name_regex', condition.nameRegex);
      return out;
    }
    case 'amount_tolerance': {
      const out: Json = { type: 'amount_tolerance' };
      setIfFilled(out, 'abs', condition.abs);
      setIfFilled(out, 'pct', condition.pct);
      return out;
    }
    case 'days_window': {
      const out: Json = { type: 'days_window', reference: condition.reference };
      setIntIfFilled(out, 'min', condition.min);
      setIntIfFilled(out, 'max', condition.max);
      return out;
    }
    case 'account':
    case 'cfop':
      return { type: condition.kind, in: splitList(condition.values) };
    case 'field': {
      const out: Json = { type: 'field', field: condition.field, op: condition.op };
      if (condition.op === 'in') out.value = splitList(condition.value);
      else if (condition.op === 'range') {
        const range: Json = {};
        setIfFilled(range, 'min', condition.min);
        setIfFilled(range, 'max', condition.max);
        out.value = range;
      } else out.value = condition.value;
      return out;
    }
    case 'json':
      return parseJson(condition.json, `when[${index}]`);
  }
}

function actionToDefinition(action: ActionForm): unknown {
  switch (action.kind) {
    case 'auto_match': {
      const tolerance: Json = {};
      setIfFilled(tolerance, 'abs', action.abs);
      setIfFilled(tolerance, 'pct', action.pct);
      return Object.keys(tolerance).length ? { type: 'auto_match', tolerance } : { type: 'auto_match' };
    }
    case 'classify':
      return { type: 'classify', ledger_account: action.ledgerAccount.trim() };
    case 'require_review': {
      const out: Json = { type: 'require_review' };
      setIfFilled(out, 'above', action.above);
      return out;
    }
    case 'json':
      return parseJson(action.json, 'then');
    default:
      return { type: action.kind };
  }
}

/** The form → the definition the API validates (throws JsonSyntaxError on bad JSON). */
export function formToDefinition(form: RuleForm): Record<string, unknown> {
  return { ...form.extra, when: form.when.map(conditionToDefinition), then: actionToDefinition(form.then) };
}

/** Transaction rules (ignore, classify) may only test the transaction (the API says so too). */
export function isTransactionAction(kind: ActionKind): boolean {
  return kind === 'ignore_transaction' || kind === 'classify';
}
