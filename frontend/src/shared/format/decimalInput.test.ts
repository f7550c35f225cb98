import { describe, expect, it } from 'vitest';

import { decimalToInput, parseDecimalInput } from './decimalInput';

describe('parseDecimalInput', () => {
  it.each([
    ['1.234,50', '1234.50'],
    ['1234,5', '1234.50'],
    ['1234.5', '1234.50'],
    ['1.234.567', '1234567.00'],
    ['R$ 10', '10.00'],
    ['-0,10', '-0.10'],
    ['007', '7.00'],
  ])('%s → %s', (raw, expected) => {
    expect(parseDecimalInput(raw)).toBe(expected);
  });

  it('refuses what is not an amount', () => {
    expect(parseDecimalInput('')).toBeNull();
    expect(parseDecimalInput('abc')).toBeNull();
    expect(parseDecimalInput('1,2,3')).toBeNull();
  });

  it('shows the string back with a comma', () => {
    expect(decimalToInput('1234.50')).toBe('1234,50');
  });
});
