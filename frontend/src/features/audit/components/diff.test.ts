import { describe, expect, it } from 'vitest';

import { diffEntries, showValue } from './diff';

describe('diffEntries', () => {
  it('lists changed, added and removed fields by dotted path', () => {
    expect(diffEntries({ role: 'operator', name: 'Ana', definition: { then: { type: 'suggest_only' } } }, { role: 'manager', name: 'Ana', email: 'a@x', definition: { then: { type: 'auto_match' } } })).toEqual([
      { path: 'definition.then.type', kind: 'changed', before: 'suggest_only', after: 'auto_match' },
      { path: 'email', kind: 'added', after: 'a@x' },
      { path: 'role', kind: 'changed', before: 'operator', after: 'manager' },
    ]);
  });

  it('treats a created or deleted entity as all added or all removed', () => {
    expect(diffEntries(null, { a: 1 })).toEqual([{ path: 'a', kind: 'added', after: 1 }]);
    expect(diffEntries({ a: [1, 2] }, null)).toEqual([{ path: 'a', kind: 'removed', before: [1, 2] }]);
    expect(diffEntries(null, null)).toEqual([]);
  });

  it('shows values plainly', () => {
    expect(showValue('x')).toBe('x');
    expect(showValue(null)).toBe('—');
    expect(showValue(['a'])).toBe('["a"]');
  });
});
