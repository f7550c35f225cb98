import { describe, expect, it } from 'vitest';

import { agingLink, failedFilesLink, parseReportsSearch, periodLastDay, reportVariables, serializeReportsSearch, summaryLink } from './routes';

describe('reports URL state', () => {
  it('round-trips and drops unknown values', () => {
    const search = { period: 'WEEK' as const, since: '2026-01-01', until: '2026-03-31', company: 'C1' };
    expect(parseReportsSearch(serializeReportsSearch(search))).toEqual(search);
    expect(parseReportsSearch(new URLSearchParams('period=YEAR&since=bad'))).toEqual({ period: 'MONTH', since: '', until: '', company: '' });
    expect(serializeReportsSearch({ period: 'MONTH' }).toString()).toBe('');
  });

  it('sends São Paulo instants, until exclusive', () => {
    expect(reportVariables({ period: 'MONTH', since: '2026-10-01', until: '2026-10-31', company: '' })).toEqual({
      period: 'MONTH',
      since: '2026-10-01T00:00:00-03:00',
      until: '2026-11-01T00:00:00-03:00',
      companyId: null,
    });
  });

  it('knows where each period ends', () => {
    expect(periodLastDay('2026-02-01', 'MONTH')).toBe('2026-02-28');
    expect(periodLastDay('2026-12-28', 'WEEK')).toBe('2027-01-03');
    expect(periodLastDay('2026-10-05', 'DAY')).toBe('2026-10-05');
  });

  it('links each figure to the filtered documents list', () => {
    const row = { periodStart: '2026-10-01', companyId: 'C1', direction: 'RECEIVABLE' as const };
    expect(summaryLink(row, 'MONTH', 'open')).toBe(
      '/documents?direction=RECEIVABLE&open=OPEN%2CPARTIAL&company=C1&issuedFrom=2026-10-01&issuedTo=2026-10-31',
    );
    expect(summaryLink(row, 'MONTH', 'documents')).not.toContain('open=');
    expect(agingLink('PAYABLE')).toBe('/documents?direction=PAYABLE&open=OPEN%2CPARTIAL');
    expect(failedFilesLink('nfe')).toBe('/uploads?status=FAILED&kind=nfe');
  });
});
