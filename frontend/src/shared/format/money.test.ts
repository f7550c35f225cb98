import { describe, expect, it } from 'vitest';

import { formatMoney, isNegativeMoney } from './money';

describe('formatMoney', () => {
  it('matches Intl pt-BR, non-breaking space after R$', () => {
    const intl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
    expect(formatMoney('1234.50')).toBe(intl.format(1234.5));
    expect(formatMoney('1234.50')).toBe('R$\u00a01.234,50');
    expect(formatMoney('0.00')).toBe('R$\u00a00,00');
    expect(formatMoney('-15.30')).toBe(intl.format(-15.3));
  });

  it('is exact beyond what a double holds', () => {
    expect(formatMoney('90071992547409931.07')).toBe('R$\u00a090.071.992.547.409.931,07');
    expect(formatMoney('0.10')).toBe('R$\u00a00,10');
  });

  it('keeps more places, never rounds, pads to two', () => {
    expect(formatMoney('1.2345678901')).toBe('R$\u00a01,2345678901');
    expect(formatMoney('7')).toBe('R$\u00a07,00');
    expect(formatMoney('7.5')).toBe('R$\u00a07,50');
  });

  it('writes no minus on zero and strips leading zeros', () => {
    expect(formatMoney('-0.00')).toBe('R$\u00a00,00');
    expect(formatMoney('0001000.00')).toBe('R$\u00a01.000,00');
  });

  it('has an English variant', () => {
    expect(formatMoney('1234567.89', 'en')).toBe('R$1,234,567.89');
    expect(formatMoney('-3.00', 'en')).toBe('-R$3.00');
  });

  it('returns what is not a decimal unchanged', () => {
    expect(formatMoney('abc')).toBe('abc');
    expect(formatMoney('1e5')).toBe('1e5');
  });

  it('tells a negative amount', () => {
    expect(isNegativeMoney('-0.01')).toBe(true);
    expect(isNegativeMoney('-0.00')).toBe(false);
    expect(isNegativeMoney('3.00')).toBe(false);
  });
});
