import { describe, expect, it } from 'vitest';

import { changeAmount, summarize, sumMoney, type PreviewNode } from './preview';

describe('preview money', () => {
  it('adds decimal strings exactly', () => {
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney(['1234.5678901234', '0.0000000001'])).toBe('1234.5678901235');
    expect(sumMoney([])).toBe('0.00');
    expect(sumMoney(['-39.90', '10.00'])).toBe('-29.90');
  });

  it('takes the installment, the document or the bank line (unsigned)', () => {
    const doc: PreviewNode = { __typename: 'Document', id: 'D', kind: 'NFE', total: '100.00', installments: [{ number: '001', amount: '40.00' }] };
    const tx: PreviewNode = { __typename: 'Transaction', id: 'T', amount: '-39.90', description: 'TARIFA', postedOn: '2026-10-31' };
    const base = { before: 'unmatched', after: 'ignored', byThisRule: true };
    expect(changeAmount({ ...base, side: 'document', itemId: 'D', installment: '001' }, doc)).toBe('40.00');
    expect(changeAmount({ ...base, side: 'document', itemId: 'D', installment: null }, doc)).toBe('100.00');
    expect(changeAmount({ ...base, side: 'transaction', itemId: 'T' }, tx)).toBe('39.90');
    expect(changeAmount({ ...base, side: 'transaction', itemId: 'X' }, undefined)).toBeNull();
    const summary = summarize(2, 1, [{ ...base, side: 'transaction', itemId: 'T' }, { ...base, side: 'document', itemId: 'D', installment: '001' }], new Map<string, PreviewNode>([['T', tx], ['D', doc]]));
    expect(summary).toEqual({ items: 2, byThisRule: 1, amount: '79.90', complete: true });
  });
});
