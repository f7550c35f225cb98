import { describe, expect, it } from 'vitest';

import { parseAuditSearch, serializeAuditSearch, toAuditFilter } from './routes';

describe('audit routes', () => {
  it('keeps every filter in the URL and drops invalid ones', () => {
    const search = parseAuditSearch(new URLSearchParams('entityType=rule&action=rule.&actorType=USER&since=2026-12-01T00:00:00.000Z&until=nonsense'));
    expect(search).toMatchObject({ entityType: 'rule', action: 'rule.', actorType: 'USER', since: '2026-12-01T00:00:00.000Z', until: '' });
    expect(serializeAuditSearch(search).toString()).toBe('entityType=rule&actorType=USER&action=rule.&since=2026-12-01T00%3A00%3A00.000Z');
    expect(toAuditFilter(search)).toEqual({ entityType: 'rule', actorType: 'USER', action: 'rule.', since: '2026-12-01T00:00:00.000Z' });
    expect(toAuditFilter(parseAuditSearch(new URLSearchParams('actorType=ROBOT')))).toBeNull();
  });
});
