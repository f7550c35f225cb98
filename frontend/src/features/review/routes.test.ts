import { describe, expect, it } from 'vitest';

import { DEFAULT_REVIEW_SEARCH, parseReviewSearch, reviewPaths, serializeReviewSearch, toReviewFilter } from './routes';

describe('review URL state', () => {
  it('round-trips what differs from the defaults and drops malformed values', () => {
    const search = parseReviewSearch(new URLSearchParams('item=abc&scoreMin=90&dialog=candidates&text=acme&x=1'));
    expect(search).toEqual({ ...DEFAULT_REVIEW_SEARCH, item: 'abc', scoreMin: '90', dialog: 'candidates', text: 'acme' });
    expect(serializeReviewSearch(search).toString()).toBe('scoreMin=90&item=abc&dialog=candidates&text=acme');
    expect(parseReviewSearch(new URLSearchParams('scoreMin=0.7&dialog=evil&view=nope&days=x'))).toEqual(DEFAULT_REVIEW_SEARCH);
  });

  it('builds the API filter', () => {
    expect(toReviewFilter(DEFAULT_REVIEW_SEARCH)).toBeNull();
    expect(toReviewFilter({ ...DEFAULT_REVIEW_SEARCH, scoreMin: '80', counterparty: 'ACME', view: 'matched' })).toEqual({
      status: ['MATCHED'],
      counterparty: 'ACME',
      scoreMin: '0.8000',
    });
  });

  it('builds links', () => {
    expect(reviewPaths.index()).toBe('/review');
    expect(reviewPaths.index({ view: 'matched' })).toBe('/review?view=matched');
  });
});
