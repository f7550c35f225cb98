import { describe, expect, it } from 'vitest';

import { DEFAULT_SEARCH, documentsPaths, parseDocumentsSearch, serializeDocumentsSearch } from './routes';

describe('documents URL state', () => {
  it('round-trips every field', () => {
    const search = {
      ...DEFAULT_SEARCH,
      q: 'acme',
      status: ['AUTHORIZED' as const, 'CANCELLED' as const],
      kind: ['NFE' as const],
      direction: ['PAYABLE' as const],
      counterparty: '11.222.333/0001-81',
      sort: 'TOTAL' as const,
      dir: 'ASC' as const,
      after: 'abc',
      first: 50,
    };
    expect(parseDocumentsSearch(serializeDocumentsSearch(search))).toEqual(search);
  });

  it('drops unknown values', () => {
    const parsed = parseDocumentsSearch(new URLSearchParams('status=AUTHORIZED,NOPE&sort=DROP&first=7&dir=UP'));
    expect(parsed.status).toEqual(['AUTHORIZED']);
    expect(parsed.sort).toBe('ISSUED_AT');
    expect(parsed.first).toBe(25);
    expect(parsed.dir).toBe('DESC');
  });

  it('builds short paths', () => {
    expect(documentsPaths.list()).toBe('/documents');
    expect(documentsPaths.list({ q: 'x y' })).toBe('/documents?q=x+y');
    expect(documentsPaths.detail('RG9j:1')).toBe('/documents/RG9j%3A1');
  });
});
