import { describe, expect, it } from 'vitest';

import { formatAccessKey } from './accessKey';

describe('formatAccessKey', () => {
  it('groups 44 digits by four', () => {
    const key = '35261011222333000181550010000012341000012345';
    expect(formatAccessKey(key)).toBe(
      '3526 1011 2223 3300 0181 5500 1000 0012 3410 0001 2345',
    );
  });

  it('returns anything else unchanged', () => {
    expect(formatAccessKey('123')).toBe('123');
  });
});
