import { describe, expect, it } from 'vitest';

import { formatDateOfDateTime, formatDateTime } from './dateTime';

describe('formatDateTime', () => {
  it('shows São Paulo time whatever the offset given', () => {
    expect(formatDateTime('2026-10-05T17:30:00+00:00')).toBe('05/10/2026 14:30');
    expect(formatDateTime('2026-10-05T14:30:00-03:00')).toBe('05/10/2026 14:30');
  });

  it('moves the day when UTC has passed midnight but Brasília has not', () => {
    expect(formatDateOfDateTime('2026-10-06T01:00:00Z')).toBe('05/10/2026');
  });

  it('has an English variant', () => {
    expect(formatDateTime('2026-10-05T17:30:00Z', 'en')).toBe('Oct 5, 2026, 02:30 PM');
    expect(formatDateOfDateTime('2026-10-05T17:30:00Z', 'en')).toBe('Oct 5, 2026');
  });

  it('returns what is not a date-time unchanged', () => {
    expect(formatDateTime('nope')).toBe('nope');
  });
});
