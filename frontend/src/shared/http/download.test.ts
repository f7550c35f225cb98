import { describe, expect, it } from 'vitest';

import { fileNameFrom, outcomeOf } from './download';

describe('downloads', () => {
  it('reads the file name, UTF-8 form first', () => {
    expect(fileNameFrom(`attachment; filename="nota_1.xml"; filename*=UTF-8''nota%201.xml`, 'x')).toBe('nota 1.xml');
    expect(fileNameFrom('attachment; filename="a.csv"', 'x')).toBe('a.csv');
    expect(fileNameFrom(null, 'fallback.bin')).toBe('fallback.bin');
  });

  it('maps statuses to outcomes', () => {
    expect(outcomeOf(200)).toBe('ok');
    expect(outcomeOf(404)).toBe('not-found');
    expect(outcomeOf(409)).toBe('not-ready');
    expect(outcomeOf(410)).toBe('expired');
    expect(outcomeOf(500)).toBe('failed');
  });
});
