import { describe, expect, it } from 'vitest';

import { matches, pushLayer, topLayer } from './hotkeys';

describe('hotkeys', () => {
  it('matches keys and the mod modifier', () => {
    expect(matches('/', new KeyboardEvent('keydown', { key: '/' }))).toBe(true);
    expect(matches('mod+z', new KeyboardEvent('keydown', { key: 'z', ctrlKey: true }))).toBe(true);
    expect(matches('z', new KeyboardEvent('keydown', { key: 'z', metaKey: true }))).toBe(false);
  });

  it('keeps a stack of layers', () => {
    expect(topLayer()).toBe('page');
    const pop = pushLayer('modal');
    expect(topLayer()).toBe('modal');
    pop();
    expect(topLayer()).toBe('page');
  });
});
