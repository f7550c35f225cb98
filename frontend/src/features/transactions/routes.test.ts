import { describe, expect, it } from 'vitest';

import {
  DEFAULT_TRANSACTIONS_SEARCH,
  hasTransactionFilters,
  parseTransactionsSearch,
  serializeTransactionsSearch,
  toTransactionFilter,
  transactionsPaths,
  type TransactionsSearch,
} from './routes';

describe('transactions URL state', () => {
  it('round-trips every field', () => {
    const search: TransactionsSearch = {
      q: 'pix recebido',
      status: ['OPEN', 'PARTIAL'],
      type: ['PIX', 'TED'],
      account: 'QmFuazox',
      company: 'Q29tcGFueTox',
      counterparty: '12.345.678/0001-95',
      postedFrom: '2026-10-01',
      postedTo: '2026-10-31',
      amountMin: '-500.00',
      amountMax: '1000',
      sort: 'AMOUNT',
      dir: 'ASC',
      after: null,
      before: 'cursor',
      first: 100,
    };
    expect(parseTransactionsSearch(serializeTransactionsSearch(search))).toEqual(search);
  });

  it('writes nothing for the defaults and drops unknown values', () => {
    expect(serializeTransactionsSearch(DEFAULT_TRANSACTIONS_SEARCH).toString()).toBe('');
    const parsed = parseTransactionsSearch(new URLSearchParams('type=PIX,WIRE&status=NOPE&sort=X&postedTo=31/10/2026&first=3'));
    expect(parsed.type).toEqual(['PIX']);
    expect(parsed.status).toEqual([]);
    expect(parsed.sort).toBe('POSTED_ON');
    expect(parsed.postedTo).toBe('');
    expect(parsed.first).toBe(25);
  });

  it('maps to the API filter with inclusive dates', () => {
    expect(toTransactionFilter(DEFAULT_TRANSACTIONS_SEARCH)).toBeNull();
    const search = { ...DEFAULT_TRANSACTIONS_SEARCH, status: ['OPEN' as const], postedFrom: '2026-10-01', postedTo: '2026-10-31', account: 'A1', q: 'tarifa' };
    expect(hasTransactionFilters(search)).toBe(true);
    expect(toTransactionFilter(search)).toEqual({ status: ['OPEN'], postedFrom: '2026-10-01', postedTo: '2026-10-31', bankAccountId: 'A1', text: 'tarifa' });
  });

  it('builds paths', () => {
    expect(transactionsPaths.index()).toBe('/transactions');
    expect(transactionsPaths.index({ status: ['OPEN'] })).toBe('/transactions?status=OPEN');
    expect(transactionsPaths.detail('VHJ:1')).toBe('/transactions/VHJ%3A1');
  });
});
