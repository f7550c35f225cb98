import type { RouteObject } from 'react-router';

import type { ReconciliationFilterInput } from '../../gql/graphql';
import { percentToScore } from './lib/amounts';

export const REVIEW_DIALOGS = ['reject', 'candidates', 'bulk', 'history', 'help', 'unmatch'] as const;
export type ReviewDialog = (typeof REVIEW_DIALOGS)[number];
export const REVIEW_VIEWS = ['queue', 'matched'] as const;
export type ReviewListView = (typeof REVIEW_VIEWS)[number];

/** The review screen's whole state as it stands in the URL: a pasted link reproduces it. */
export interface ReviewSearch {
  /** The queue (suggestions) or the matches (to unmatch). */
  view: ReviewListView;
  company: string;
  counterparty: string;
  /** Score range in whole percent, "" for no bound. */
  scoreMin: string;
  scoreMax: string;
  after: string | null;
  /** The selected reconciliation (global id). */
  item: string;
  dialog: ReviewDialog | null;
  /** Candidate search: amount tolerance in percent, days apart, text. */
  tolerance: string;
  days: string;
  text: string;
}

export const DEFAULT_REVIEW_SEARCH: ReviewSearch = {
  view: 'queue',
  company: '',
  counterparty: '',
  scoreMin: '',
  scoreMax: '',
  after: null,
  item: '',
  dialog: null,
  tolerance: '5',
  days: '30',
  text: '',
};

const PERCENT = /^(100|[1-9]?\d)$/;
const TOLERANCE = /^\d{1,2}([.,]\d{1,2})?$/;
const DAYS = /^\d{1,3}$/;

function pick<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Reads the URL, dropping anything unknown (a hand-edited link never breaks the page). */
export function parseReviewSearch(params: URLSearchParams): ReviewSearch {
  const get = (name: string) => params.get(name) ?? '';
  const percent = (name: string) => (PERCENT.test(get(name)) ? get(name) : '');
  return {
    view: pick(REVIEW_VIEWS, params.get('view')) ?? 'queue',
    company: get('company'),
    counterparty: get('counterparty'),
    scoreMin: percent('scoreMin'),
    scoreMax: percent('scoreMax'),
    after: params.get('after') || null,
    item: get('item'),
    dialog: pick(REVIEW_DIALOGS, params.get('dialog')),
    tolerance: TOLERANCE.test(get('tolerance')) ? get('tolerance') : DEFAULT_REVIEW_SEARCH.tolerance,
    days: DAYS.test(get('days')) ? get('days') : DEFAULT_REVIEW_SEARCH.days,
    text: get('text'),
  };
}

/** Writes only what differs from the defaults, in a stable order. */
export function serializeReviewSearch(search: Partial<ReviewSearch>): URLSearchParams {
  const full = { ...DEFAULT_REVIEW_SEARCH, ...search };
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_REVIEW_SEARCH) as (keyof ReviewSearch)[]) {
    const value = full[key];
    if (value !== null && value !== '' && value !== DEFAULT_REVIEW_SEARCH[key]) params.set(key, String(value));
  }
  return params;
}

/** Keys that change which rows the list holds: changing one goes back to the first page. */
export const FILTER_KEYS: readonly (keyof ReviewSearch)[] = ['view', 'company', 'counterparty', 'scoreMin', 'scoreMax'];

export function hasReviewFilters(search: ReviewSearch): boolean {
  return !!(search.company || search.counterparty || search.scoreMin || search.scoreMax);
}

/** The API filter for the queue, the bands and the bulk id collection (same input type). */
export function toReviewFilter(search: ReviewSearch, extra: Partial<ReconciliationFilterInput> = {}): ReconciliationFilterInput | null {
  const filter: ReconciliationFilterInput = {};
  if (search.view === 'matched') filter.status = ['MATCHED'];
  if (search.company) filter.companyId = search.company;
  if (search.counterparty) filter.counterparty = search.counterparty;
  const min = search.scoreMin ? percentToScore(search.scoreMin) : null;
  const max = search.scoreMax ? percentToScore(search.scoreMax) : null;
  if (min) filter.scoreMin = min;
  if (max) filter.scoreMax = max;
  Object.assign(filter, extra);
  return Object.keys(filter).length ? filter : null;
}

export const reviewPaths = {
  index: (search: Partial<ReviewSearch> = {}) => {
    const query = serializeReviewSearch(search).toString();
    return query ? `/review?${query}` : '/review';
  },
};

export const reviewRoutes: RouteObject[] = [
  {
    path: 'review',
    lazy: async () => ({ Component: (await import('./views/ReviewView')).ReviewView }),
  },
];
