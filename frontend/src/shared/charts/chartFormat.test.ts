import { describe, expect, it } from 'vitest';

import { formatBrlTick, formatPeriodLabel, toPlotNumber } from './chartFormat';

describe('formatPeriodLabel', () => {
  it('names pt-BR months from the string, without shifting a day', () => {
    expect(formatPeriodLabel('2026-10-01', 'MONTH')).toBe('out/2026');
    expect(formatPeriodLabel('2026-01-01', 'MONTH')).toBe('jan/2026');
    expect(formatPeriodLabel('2026-12-01', 'MONTH', 'en')).toBe('Dec 2026');
  });

  it('writes days and weeks as day/month', () => {
    expect(formatPeriodLabel('2026-10-05', 'DAY')).toBe('05/10');
    expect(formatPeriodLabel('2026-10-05', 'WEEK', 'en')).toBe('Oct 5');
  });

  it('returns what is not a date unchanged', () => {
    expect(formatPeriodLabel('soon', 'MONTH')).toBe('soon');
  });
});

describe('formatBrlTick', () => {
  it('is BRL, compact, as Intl pt-BR writes it', () => {
    const intl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL', notation: 'compact', maximumFractionDigits: 1 });
    expect(formatBrlTick(1200)).toBe(intl.format(1200));
    expect(formatBrlTick(1200)).toMatch(/^R\$\s?1,2\smil$/);
    expect(formatBrlTick(0)).toMatch(/^R\$\s?0$/);
    expect(formatBrlTick(2_500_000, 'en')).toBe('R$2.5M');
  });
});

describe('toPlotNumber', () => {
  it('turns a decimal string into a plot coordinate, zero when absent', () => {
    expect(toPlotNumber('1234.50')).toBe(1234.5);
    expect(toPlotNumber(null)).toBe(0);
    expect(toPlotNumber('abc')).toBe(0);
  });
});
