import { describe, expect, it } from 'vitest';

import { fillMonths, overallTotals, totalsByPeriod, type SummaryRowInput } from './summary';

const row = (periodStart: string, direction: 'RECEIVABLE' | 'PAYABLE', amount: string, matched: string, suggested: string, open: string): SummaryRowInput => ({
  periodStart, direction, amount, matchedAmount: matched, suggestedAmount: suggested, openAmount: open,
  installments: 2, matched: 1, suggested: 0, open: 1,
});

describe('totalsByPeriod', () => {
  const rows = [
    row('2026-10-01', 'RECEIVABLE', '100.10', '50.05', '20.00', '50.05'),
    row('2026-10-01', 'PAYABLE', '0.20', '0.10', '0.00', '0.10'),
    row('2026-09-01', 'RECEIVABLE', '10.00', '0.00', '0.00', '10.00'),
  ];

  it('adds up companies and directions per period, exactly, oldest first', () => {
    const periods = totalsByPeriod(rows);
    expect(periods.map((p) => p.periodStart)).toEqual(['2026-09-01', '2026-10-01']);
    expect(periods[1]).toMatchObject({ amount: '100.30', matchedAmount: '50.15', suggestedAmount: '20.00', openAmount: '50.15', unmatchedAmount: '30.15', installments: 4 });
  });

  it('keeps the last periods and filters a direction', () => {
    expect(totalsByPeriod(rows, 1).map((p) => p.periodStart)).toEqual(['2026-10-01']);
    expect(totalsByPeriod(rows, 12, 'PAYABLE')[0]?.amount).toBe('0.20');
  });

  it('gives the rate by amount, none without amounts', () => {
    expect(overallTotals(totalsByPeriod(rows)).rate).toBe('45.5');
    expect(overallTotals([]).rate).toBeNull();
  });
});

describe('fillMonths', () => {
  it('adds empty months between the first and the last, across a year', () => {
    const periods = totalsByPeriod([
      row('2025-11-01', 'RECEIVABLE', '1.00', '0.00', '0.00', '1.00'),
      row('2026-02-01', 'RECEIVABLE', '2.00', '0.00', '0.00', '2.00'),
    ]);
    expect(fillMonths(periods).map((p) => `${p.periodStart}=${p.amount}`)).toEqual([
      '2025-11-01=1.00', '2025-12-01=0.00', '2026-01-01=0.00', '2026-02-01=2.00',
    ]);
    expect(fillMonths([])).toEqual([]);
  });
});
