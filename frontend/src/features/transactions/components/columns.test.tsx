import type { MessageDescriptor } from '@lingui/core';
import { describe, expect, it } from 'vitest';

import { visibleColumns } from '../../../shared/ui/columnVisibility';
import { TRANSACTION_SORT_BY_COLUMN, transactionColumnLabels, transactionColumns } from './columns';
import { accountLabel, referenceRows } from './labels';

const t = (d: MessageDescriptor) => d.message ?? d.id;

describe('transactionColumns', () => {
  it('declares the columns in order', () => {
    expect(transactionColumns(t).map((c) => c.id)).toEqual(['postedOn', 'description', 'type', 'counterparty', 'account', 'status', 'amount', 'openAmount']);
  });

  it('sorts only by what the server sorts', () => {
    const ids = transactionColumns(t).map((c) => c.id);
    for (const id of Object.keys(TRANSACTION_SORT_BY_COLUMN)) expect(ids).toContain(id);
    expect(TRANSACTION_SORT_BY_COLUMN.amount).toBe('AMOUNT');
  });

  it('hides chosen columns but never the date link', () => {
    const shown = visibleColumns(transactionColumns(t), ['postedOn', 'account', 'openAmount']).map((c) => c.id);
    expect(shown).toEqual(['postedOn', 'description', 'type', 'counterparty', 'status', 'amount']);
    expect(transactionColumnLabels(t)[0]).toEqual({ id: 'postedOn', label: 'Data' });
  });
});

describe('transaction labels', () => {
  it('names a bank account from its parts', () => {
    expect(accountLabel({ name: 'Itaú', bankCode: '341', branch: '1234', accountNumber: '56789', accountDigit: '0' })).toBe('Itaú · 341 · 1234 · 56789-0');
    expect(accountLabel({ name: 'Caixa' })).toBe('Caixa');
  });

  it('lists references, scalars only, sorted', () => {
    expect(referenceRows({ fitid: 'F1', txid: 'T', nested: { a: 1 }, n: 3 })).toEqual([
      { key: 'fitid', value: 'F1' },
      { key: 'n', value: '3' },
      { key: 'txid', value: 'T' },
    ]);
    expect(referenceRows(null)).toEqual([]);
  });
});
