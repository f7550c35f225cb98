import { describe, expect, it } from 'vitest';

import { dayRangeToInstants, isIsoDate, nextIsoDate } from './range';

describe('date-only ranges', () => {
  it('accepts only real dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('05/10/2026')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });

  it('steps over month and year ends', () => {
    expect(nextIsoDate('2026-12-31')).toBe('2027-01-01');
    expect(nextIsoDate('2028-02-28')).toBe('2028-02-29');
  });

  it('turns an inclusive day range into São Paulo instants, upper bound exclusive', () => {
    expect(dayRangeToInstants('2026-10-01', '2026-10-31')).toEqual({
      from: '2026-10-01T00:00:00-03:00',
      to: '2026-11-01T00:00:00-03:00',
    });
    expect(dayRangeToInstants('', 'nope')).toEqual({});
  });
});
