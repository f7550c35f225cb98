import { describe, expect, it } from 'vitest';

import { formatDate } from './date';

describe('formatDate', () => {
  it('writes dd/mm/aaaa from the string', () => {
    expect(formatDate('2026-10-05')).toBe('05/10/2026');
    expect(formatDate('2024-02-29')).toBe('29/02/2024');
  });

  it('never shifts the first day of a month (no Date involved)', () => {
    expect(formatDate('2026-01-01')).toBe('01/01/2026');
  });

  it('has an English variant', () => {
    expect(formatDate('2026-10-05', 'en')).toBe('Oct 5, 2026');
  });

  it('returns what is not a date unchanged', () => {
    expect(formatDate('05/10/2026')).toBe('05/10/2026');
    expect(formatDate('2026-13-01', 'en')).toBe('2026-13-01');
  });
});
