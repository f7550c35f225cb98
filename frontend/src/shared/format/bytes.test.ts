import { describe, expect, it } from 'vitest';

import { formatBytes } from './bytes';

describe('formatBytes', () => {
  it('writes pt-BR decimals with a non-breaking space', () => {
    expect(formatBytes(0)).toBe('0\u00a0B');
    expect(formatBytes(1023)).toBe('1.023\u00a0B');
    expect(formatBytes(1536)).toBe('1,5\u00a0KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5\u00a0MB');
  });

  it('has an English variant and passes 2^31', () => {
    expect(formatBytes(1536, 'en')).toBe('1.5\u00a0KB');
    expect(formatBytes(2 ** 31, 'en')).toBe('2\u00a0GB');
  });
});
