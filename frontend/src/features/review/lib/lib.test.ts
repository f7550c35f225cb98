import { describe, expect, it } from 'vitest';

import { isZeroDecimal, matchDifference, percentToFraction, scorePercent, trimMoneyPlaces } from './amounts';
import { bandLabel, chunks, cumulativeBands } from './bands';
import { bindingOf, commandFor, REVIEW_KEYMAP } from './keymap';
import { documentParty } from './party';
import { moveSelection, nextAfter } from './selection';

describe('amounts', () => {
  it('computes the manual difference exactly from strings', () => {
    expect(matchDifference(['0.10', '0.20'], ['-0.30'])).toBe('0.00');
    expect(matchDifference(['1000.00'], ['1012.00'])).toBe('12.00');
    expect(matchDifference(['90071992547409931.07'], ['90071992547409931.08'])).toBe('0.01');
    expect(matchDifference(['50.00', '50.00'], ['99.99'])).toBe('-0.01');
  });

  it('trims extra zero places of money', () => {
    expect(trimMoneyPlaces('192.810000')).toBe('192.81');
    expect(trimMoneyPlaces('-1.000000')).toBe('-1.00');
    expect(trimMoneyPlaces('1.2345')).toBe('1.2345');
  });

  it('tells zero', () => {
    expect(isZeroDecimal('-0.00')).toBe(true);
    expect(isZeroDecimal('0.01')).toBe(false);
  });

  it('turns scores and percentages around', () => {
    expect(scorePercent('0.9523')).toBe('95');
    expect(scorePercent('1')).toBe('100');
    expect(percentToFraction('5')).toBe('0.0500');
    expect(percentToFraction('2,5')).toBe('0.0250');
    expect(percentToFraction('80')).toBe('0.8000');
    expect(percentToFraction('x')).toBeNull();
  });
});

describe('bands', () => {
  it('labels a band', () => {
    expect(bandLabel('0.95')).toBe('≥\u00a095\u00a0%');
    expect(bandLabel('0.9', 'en')).toBe('≥\u00a090%');
  });

  it('adds the bands up from the top for "accept all ≥ N %"', () => {
    const bands = cumulativeBands([
      { minScore: '0.90', count: 2, amount: '10.05' },
      { minScore: '0.95', count: 3, amount: '100.10' },
    ]);
    expect(bands).toEqual([
      { minScore: '0.95', count: 3, amount: '100.10' },
      { minScore: '0.90', count: 5, amount: '110.15' },
    ]);
  });

  it('chunks ids by 500', () => {
    const parts = chunks(Array.from({ length: 1201 }, (_, i) => i));
    expect(parts.map((p) => p.length)).toEqual([500, 500, 201]);
  });
});

describe('keymap', () => {
  it('maps keys to commands like the shared layer', () => {
    expect(commandFor({ key: 'j', ctrlKey: false, metaKey: false })).toBe('next');
    expect(commandFor({ key: 'ArrowUp', ctrlKey: false, metaKey: false })).toBe('previous');
    expect(commandFor({ key: 'Enter', ctrlKey: false, metaKey: false })).toBe('accept');
    expect(commandFor({ key: 'z', ctrlKey: true, metaKey: false })).toBe('undo');
    expect(commandFor({ key: 'z', ctrlKey: false, metaKey: true })).toBe('undo');
    expect(commandFor({ key: 'z', ctrlKey: false, metaKey: false })).toBeNull();
    expect(commandFor({ key: '?', ctrlKey: false, metaKey: false })).toBe('help');
  });

  it('gives every command one binding and no key twice', () => {
    const keys = REVIEW_KEYMAP.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(bindingOf('accept').shown).toEqual(['A', 'Enter']);
  });
});

describe('selection', () => {
  it('moves within the ends', () => {
    expect(moveSelection(['a', 'b', 'c'], 'a', 1)).toBe('b');
    expect(moveSelection(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(moveSelection(['a', 'b'], null, 1)).toBe('a');
    expect(moveSelection([], 'a', 1)).toBeNull();
  });

  it('shows the next open item after a decision', () => {
    expect(nextAfter(['a', 'b', 'c'], 'b')).toBe('c');
    expect(nextAfter(['a', 'b', 'c'], 'c')).toBe('b');
    expect(nextAfter(['a'], 'a')).toBeNull();
  });
});

describe('documentParty', () => {
  it('is the receiver of a receivable and the emitter of a payable', () => {
    const doc = { emitter: { name: 'Nós', document: '1' }, receiver: { name: 'Cliente', document: '2' }, counterpartyDocument: null };
    expect(documentParty({ ...doc, direction: 'RECEIVABLE' }).name).toBe('Cliente');
    expect(documentParty({ ...doc, direction: 'PAYABLE' })).toEqual({ name: 'Nós', document: '1' });
  });
});
