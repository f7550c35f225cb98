import { describe, expect, it } from 'vitest';

import { parseRulesSearch, parseRuleTab, rulesPaths, serializeRulesSearch } from './routes';

describe('rules routes', () => {
  it('parses and drops unknown values', () => {
    expect(parseRulesSearch(new URLSearchParams('q=tar&active=bogus&after=abc'))).toEqual({ q: 'tar', active: 'all', after: 'abc' });
    expect(parseRulesSearch(new URLSearchParams('active=inactive')).active).toBe('inactive');
  });

  it('writes only what differs from the defaults', () => {
    expect(serializeRulesSearch({ active: 'all' }).toString()).toBe('');
    expect(rulesPaths.index({ q: 'x', active: 'active' })).toBe('/rules?q=x&active=active');
    expect(rulesPaths.detail('R1', 'history')).toBe('/rules/R1?tab=history');
    expect(parseRuleTab(new URLSearchParams('tab=history'))).toBe('history');
    expect(parseRuleTab(new URLSearchParams('tab=x'))).toBe('editor');
  });
});
