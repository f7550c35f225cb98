import { describe, expect, it } from 'vitest';

import { formatPercent, percentOf, subtractDecimals, sumDecimals } from './decimal';

describe('sumDecimals', () => {
  it('adds exactly, where doubles would not', () => {
    expect(sumDecimals(['0.10', '0.20'])).toBe('0.30');
    expect(sumDecimals(['90071992547409931.07', '0.01'])).toBe('90071992547409931.08');
  });

  it('keeps the most places, pads to two, handles signs and nothing', () => {
    expect(sumDecimals(['1.2345', '1'])).toBe('2.2345');
    expect(sumDecimals(['-5.00', '2.50'])).toBe('-2.50');
    expect(sumDecimals(['-1.00', '1.00'])).toBe('0.00');
    expect(sumDecimals([])).toBe('0.00');
    expect(sumDecimals(['abc', '3.00'])).toBe('3.00');
  });
});

describe('percentOf', () => {
  it('divides with BigInt and rounds half up', () => {
    expect(percentOf('5', '8')).toBe('62.5');
    expect(percentOf('1.00', '3.00')).toBe('33.3');
    expect(percentOf('2.00', '3.00')).toBe('66.7');
    expect(percentOf('1234.56', '1234.56')).toBe('100.0');
    expect(percentOf('0.00', '10.00', 0)).toBe('0');
  });

  it('has no answer for a zero whole', () => {
    expect(percentOf('1.00', '0.00')).toBeNull();
    expect(percentOf('x', '1.00')).toBeNull();
  });
});

describe('formatPercent', () => {
  it('writes the pt-BR comma and a non-breaking space', () => {
    expect(formatPercent('62.5')).toBe('62,5\u00a0%');
    expect(formatPercent('62.5', 'en')).toBe('62.5%');
  });
});

describe('subtractDecimals', () => {
  it('subtracts exactly', () => {
    expect(subtractDecimals('0.30', '0.10')).toBe('0.20');
    expect(subtractDecimals('1.00', '-2.5')).toBe('3.50');
    expect(subtractDecimals('1.00', '1.00')).toBe('0.00');
  });
});
