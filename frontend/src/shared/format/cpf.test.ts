import { describe, expect, it } from 'vitest';

import { formatCpf } from './cpf';

describe('formatCpf', () => {
  it('formats eleven digits', () => {
    expect(formatCpf('12345678909')).toBe('123.456.789-09');
    expect(formatCpf('123.456.789-09')).toBe('123.456.789-09');
  });

  it('returns anything else unchanged', () => {
    expect(formatCpf('1234567890')).toBe('1234567890');
    expect(formatCpf('1234567890A')).toBe('1234567890A');
  });
});
