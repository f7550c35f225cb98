import { describe, expect, it } from 'vitest';

import {
  DEFAULT_SEARCH,
  documentsPaths,
  hasFilters,
  pageVariables,
  parseDocumentsSearch,
  serializeDocumentsSearch,
  toDocumentFilter,
  type DocumentsSearch,
} from './routes';

describe('documents URL state', () => {
  it('round-trips every field', () => {
    const search: DocumentsSearch = {
      ...DEFAULT_SEARCH,
      q: 'acme',
      status: ['AUTHORIZED', 'CANCELLED'],
      kind: ['NFE'],
      direction: ['PAYABLE'],
      open: ['OPEN', 'PARTIAL'],
      counterparty: '11.222.333/0001-81',
      company: 'Q29tcGFueTox',
      issuedFrom: '2026-10-01',
      issuedTo: '2026-10-31',
      amountMin: '100.00',
      amountMax: '2500.5',
      sort: 'TOTAL',
      dir: 'ASC',
      after: 'abc',
      before: null,
      first: 50,
    };
    expect(parseDocumentsSearch(serializeDocumentsSearch(search))).toEqual(search);
    const back = { ...search, after: null, before: 'xyz' };
    expect(parseDocumentsSearch(serializeDocumentsSearch(back))).toEqual(back);
  });

  it('drops unknown values', () => {
    const parsed = parseDocumentsSearch(
      new URLSearchParams('status=AUTHORIZED,NOPE&sort=DROP&first=7&dir=UP&open=OPEN,X&issuedFrom=2026-02-30&amountMin=1e3&amountMax=abc'),
    );
    expect(parsed.status).toEqual(['AUTHORIZED']);
    expect(parsed.open).toEqual(['OPEN']);
    expect(parsed.sort).toBe('ISSUED_AT');
    expect(parsed.first).toBe(25);
    expect(parsed.dir).toBe('DESC');
    expect(parsed.issuedFrom).toBe('');
    expect(parsed.amountMin).toBe('');
    expect(parsed.amountMax).toBe('');
  });

  it('keeps one cursor: after wins over before', () => {
    const parsed = parseDocumentsSearch(new URLSearchParams('after=a&before=b'));
    expect(parsed.after).toBe('a');
    expect(parsed.before).toBeNull();
  });

  it('builds short paths', () => {
    expect(documentsPaths.list()).toBe('/documents');
    expect(documentsPaths.list({ q: 'x y' })).toBe('/documents?q=x+y');
    expect(documentsPaths.detail('RG9j:1')).toBe('/documents/RG9j%3A1');
  });

  it('maps the search to the API filter, days as São Paulo instants', () => {
    expect(toDocumentFilter(DEFAULT_SEARCH)).toBeNull();
    expect(hasFilters(DEFAULT_SEARCH)).toBe(false);
    const search = { ...DEFAULT_SEARCH, issuedFrom: '2026-10-01', issuedTo: '2026-10-31', amountMin: '10.00', open: ['OPEN' as const], company: 'C1' };
    expect(hasFilters(search)).toBe(true);
    expect(toDocumentFilter(search)).toEqual({
      issuedFrom: '2026-10-01T00:00:00-03:00',
      issuedTo: '2026-11-01T00:00:00-03:00',
      amountMin: '10.00',
      openStatus: ['OPEN'],
      companyId: 'C1',
    });
  });

  it('pages back with last/before', () => {
    expect(pageVariables({ first: 25, after: null, before: 'b' })).toEqual({ last: 25, before: 'b', first: null, after: null });
    expect(pageVariables({ first: 25, after: 'a', before: null })).toEqual({ first: 25, after: 'a', last: null, before: null });
  });
});
