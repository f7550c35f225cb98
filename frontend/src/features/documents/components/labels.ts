import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { DecidedBy, Direction, DocumentKind, OpenItemStatus, ReconciliationStatus } from '../../../gql/graphql';

/** Kinds by their usual Brazilian names (acronyms: the same in every language). */
export const KIND_LABELS: Record<DocumentKind, string> = {
  NFE: 'NF-e',
  NFCE: 'NFC-e',
  NFSE: 'NFS-e',
  CTE: 'CT-e',
  DANFE: 'DANFE',
};

export const DIRECTION_LABELS: Record<Direction, MessageDescriptor> = {
  RECEIVABLE: msg`A receber`,
  PAYABLE: msg`A pagar`,
  UNKNOWN: msg`Indefinida`,
};

export const OPEN_STATUS_LABELS: Record<OpenItemStatus, MessageDescriptor> = {
  OPEN: msg({ message: 'Em aberto', comment: 'An installment or bank line not yet reconciled' }),
  PARTIAL: msg({ message: 'Parcial', comment: 'Partly reconciled (baixa parcial)' }),
  RECONCILED: msg({ message: 'Conciliada', comment: 'Fully reconciled' }),
  IGNORED: msg`Ignorada`,
};

export const OPEN_STATUS_COLORS: Record<OpenItemStatus, string> = {
  OPEN: 'yellow.9',
  PARTIAL: 'orange.9',
  RECONCILED: 'teal.9',
  IGNORED: 'gray.8',
};

export const RECONCILIATION_STATUS_LABELS: Record<ReconciliationStatus, MessageDescriptor> = {
  MATCHED: msg({ message: 'Conciliado', comment: 'A reconciliation that was confirmed' }),
  SUGGESTED: msg({ message: 'Sugerido', comment: 'A reconciliation awaiting review' }),
  REJECTED: msg`Rejeitado`,
};

export const RECONCILIATION_STATUS_COLORS: Record<ReconciliationStatus, string> = {
  MATCHED: 'teal.9',
  SUGGESTED: 'blue.9',
  REJECTED: 'gray.8',
};

export const DECIDED_BY_LABELS: Record<DecidedBy, MessageDescriptor> = {
  SYSTEM: msg({ message: 'Sistema', comment: 'Decided automatically by the matching engine' }),
  RULE: msg({ message: 'Regra', comment: 'Decided by a reconciliation rule' }),
  USER: msg({ message: 'Pessoa', comment: 'Decided by a person' }),
};

/** A 0–1 score string as a whole percentage ("0.875" → "88"), without floating point. */
export function scorePercent(score: string): string {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(score.trim());
  if (!match) return score;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(3, '0');
  const thousandths = Number(whole) * 1000 + Number(fraction.slice(0, 3));
  return String(Math.round(thousandths / 10));
}
