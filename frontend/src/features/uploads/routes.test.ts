import { describe, expect, it } from 'vitest';

import { DEFAULT_UPLOADS_SEARCH, parseUploadsSearch, serializeUploadsSearch, uploadsPaths } from './routes';

describe('uploads URL state', () => {
  it('round-trips every field', () => {
    const search = {
      ...DEFAULT_UPLOADS_SEARCH,
      q: 'notas',
      status: ['FAILED' as const, 'PROCESSING' as const],
      kind: ['zip', 'ofx'],
      withErrors: true,
      after: 'abc',
      first: 50,
    };
    expect(parseUploadsSearch(serializeUploadsSearch(search))).toEqual(search);
  });

  it('drops unknown values', () => {
    const parsed = parseUploadsSearch(new URLSearchParams('status=FAILED,NOPE&kind=exe&first=7&errors=yes'));
    expect(parsed.status).toEqual(['FAILED']);
    expect(parsed.kind).toEqual([]);
    expect(parsed.first).toBe(20);
    expect(parsed.withErrors).toBe(false);
  });

  it('builds short paths', () => {
    expect(uploadsPaths.index()).toBe('/uploads');
    expect(uploadsPaths.index({ status: ['FAILED'], kind: ['nfe'] })).toBe('/uploads?status=FAILED&kind=nfe');
  });
});
