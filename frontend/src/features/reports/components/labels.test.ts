import { describe, expect, it } from 'vitest';

import { rateToPercent } from './labels';

describe('rateToPercent', () => {
  it.each([
    ['0', '0.0'],
    ['0.125', '12.5'],
    ['0.33333', '33.3'],
    ['0.66666', '66.7'],
    ['1', '100.0'],
  ])('%s → %s', (rate, expected) => expect(rateToPercent(rate)).toBe(expected));
});
