import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { TransactionType } from '../../../gql/graphql';

export const TYPE_LABELS: Record<TransactionType, MessageDescriptor> = {
  PIX: msg`Pix`,
  TED: msg`TED`,
  DOC: msg`DOC`,
  BOLETO: msg`Boleto`,
  CARD: msg`Cartão`,
  FEE: msg`Tarifa`,
  TAX: msg`Tributo`,
  TRANSFER: msg`Transferência`,
  INTEREST: msg`Juros`,
  OTHER: msg`Outro`,
};

/** "Banco 341 · ag 1234 · cc 56789-0" from the parts a bank account has. */
export function accountLabel(account: { name: string; bankCode?: string | null; branch?: string | null; accountNumber?: string | null; accountDigit?: string | null }): string {
  const number = account.accountNumber ? `${account.accountNumber}${account.accountDigit ? `-${account.accountDigit}` : ''}` : '';
  return [account.name, account.bankCode, account.branch, number].filter(Boolean).join(' · ');
}

/** The references JSON as label/value pairs (strings and numbers only, keys sorted). */
export function referenceRows(references: unknown): { key: string; value: string }[] {
  if (!references || typeof references !== 'object' || Array.isArray(references)) return [];
  return Object.entries(references as Record<string, unknown>)
    .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
    .map(([key, value]) => ({ key, value: String(value) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
