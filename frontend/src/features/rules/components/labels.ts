import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { ActionKind, ConditionKind, FieldOp } from './ruleForm';

export const CONDITION_LABELS: Record<ConditionKind, MessageDescriptor> = {
  memo_contains: msg`Histórico contém`,
  counterparty: msg`Contraparte`,
  amount_tolerance: msg`Tolerância de valor`,
  days_window: msg`Janela de dias`,
  field: msg`Campo`,
  account: msg`Conta bancária`,
  cfop: msg`CFOP`,
  json: msg`Outra condição (JSON)`,
};

export const ACTION_LABELS: Record<ActionKind, MessageDescriptor> = {
  auto_match: msg`Conciliar automaticamente`,
  suggest_only: msg`Apenas sugerir`,
  ignore_transaction: msg`Ignorar a transação`,
  classify: msg`Classificar em conta contábil`,
  require_review: msg`Exigir revisão acima de um valor`,
  json: msg`Outra ação (JSON)`,
};

export const OP_LABELS: Record<FieldOp, MessageDescriptor> = {
  equals: msg`é igual a`,
  contains: msg`contém`,
  in: msg`está na lista`,
  regex: msg`casa com a expressão regular`,
  range: msg`está na faixa`,
};

export const FIELD_LABELS: Record<string, MessageDescriptor> = {
  'transaction.memo': msg`Transação: histórico`,
  'transaction.type': msg`Transação: tipo`,
  'transaction.account_id': msg`Transação: conta`,
  'transaction.amount': msg`Transação: valor`,
  'transaction.posted_on': msg`Transação: data`,
  'transaction.counterparty_tax_id': msg`Transação: CNPJ/CPF`,
  'transaction.counterparty_name': msg`Transação: nome`,
  'transaction.source': msg`Transação: origem`,
  'document.key': msg`Documento: chave de acesso`,
  'document.number': msg`Documento: número`,
  'document.direction': msg`Documento: direção`,
  'document.amount': msg`Documento: valor`,
  'document.issue_date': msg`Documento: emissão`,
  'document.due_date': msg`Documento: vencimento`,
  'document.counterparty_tax_id': msg`Documento: CNPJ/CPF`,
  'document.counterparty_name': msg`Documento: nome`,
  'document.status': msg`Documento: situação`,
};

const OUTCOMES: Record<string, MessageDescriptor> = {
  matched: msg`conciliado`,
  suggested: msg`sugerido`,
  unmatched: msg`em aberto`,
  ignored: msg`ignorado`,
  absent: msg`fora da execução`,
};

/** An outcome of the dry run ("classified:3.1.2.01" included) in words. */
export function outcomeLabel(outcome: string, t: (d: MessageDescriptor) => string): string {
  if (outcome.startsWith('classified:')) {
    const account = outcome.slice('classified:'.length);
    return t(msg`classificado em ${account}`);
  }
  const known = OUTCOMES[outcome];
  return known ? t(known) : outcome;
}

export const RULE_ERROR_MESSAGES: Record<string, MessageDescriptor> = {
  RULE_NAME_TAKEN: msg`Já existe uma regra com este nome.`,
  NOT_FOUND: msg`Esta regra não existe mais (talvez alguém a excluiu).`,
  FORBIDDEN: msg`Seu papel não permite editar regras. Peça a um administrador ou gestor.`,
  INVALID: msg`A regra tem campos inválidos: veja as mensagens ao lado de cada campo.`,
  JSON: msg`O JSON não é válido: corrija antes de testar ou salvar.`,
};
