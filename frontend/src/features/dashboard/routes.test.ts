import { describe, expect, it } from 'vitest';

import { dashboardPaths, parseDashboardSearch, serializeDashboardSearch } from './routes';

describe('dashboard URL state', () => {
  it('round-trips the period and drops unknown values', () => {
    expect(parseDashboardSearch(serializeDashboardSearch({ period: 'WEEK' }))).toEqual({ period: 'WEEK' });
    expect(parseDashboardSearch(new URLSearchParams('period=YEAR'))).toEqual({ period: 'MONTH' });
  });

  it('builds short paths', () => {
    expect(dashboardPaths.index()).toBe('/');
    expect(dashboardPaths.index({ period: 'DAY' })).toBe('/?period=DAY');
  });
});
