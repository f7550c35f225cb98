import type { RouteObject } from 'react-router';

import type { OpenItemStatus, SortDirection, TransactionFilterInput, TransactionSort, TransactionType } from '../../gql/graphql';
import { amountParam, dateParam, listOf, OPEN_STATUSES, oneOf, PAGE_SIZES } from '../documents/routes';

/** The transactions list's view state, as it stands in the URL. */
export interface TransactionsSearch {
  q: string;
  status: OpenItemStatus[];
  type: TransactionType[];
  /** Bank account (global id). */
  account: string;
  /** The organization's company (global id). */
  company: string;
  counterparty: string;
  /** Posting date range, inclusive, yyyy-mm-dd. */
  postedFrom: string;
  postedTo: string;
  amountMin: string;
  amountMax: string;
  sort: TransactionSort;
  dir: SortDirection;
  after: string | null;
  before: string | null;
  first: number;
}

export const TRANSACTION_SORTS: readonly TransactionSort[] = ['POSTED_ON', 'AMOUNT', 'CREATED_AT'];
export const TRANSACTION_TYPES: readonly TransactionType[] = ['PIX', 'TED', 'DOC', 'BOLETO', 'CARD', 'FEE', 'TAX', 'TRANSFER', 'INTEREST', 'OTHER'];
export { OPEN_STATUSES as TRANSACTION_STATUSES };

export const DEFAULT_TRANSACTIONS_SEARCH: TransactionsSearch = {
  q: '',
  status: [],
  type: [],
  account: '',
  company: '',
  counterparty: '',
  postedFrom: '',
  postedTo: '',
  amountMin: '',
  amountMax: '',
  sort: 'POSTED_ON',
  dir: 'DESC',
  after: null,
  before: null,
  first: 25,
};

/** Reads the URL, dropping anything unknown. */
export function parseTransactionsSearch(params: URLSearchParams): TransactionsSearch {
  const first = Number(params.get('first'));
  const after = params.get('after') || null;
  return {
    q: params.get('q') ?? '',
    status: listOf(OPEN_STATUSES, params.getAll('status')),
    type: listOf(TRANSACTION_TYPES, params.getAll('type')),
    account: params.get('account') ?? '',
    company: params.get('company') ?? '',
    counterparty: params.get('counterparty') ?? '',
    postedFrom: dateParam(params, 'postedFrom'),
    postedTo: dateParam(params, 'postedTo'),
    amountMin: amountParam(params, 'amountMin'),
    amountMax: amountParam(params, 'amountMax'),
    sort: oneOf(TRANSACTION_SORTS, params.get('sort'), DEFAULT_TRANSACTIONS_SEARCH.sort),
    dir: oneOf<SortDirection>(['ASC', 'DESC'], params.get('dir'), DEFAULT_TRANSACTIONS_SEARCH.dir),
    after,
    before: after ? null : params.get('before') || null,
    first: (PAGE_SIZES as readonly number[]).includes(first) ? first : DEFAULT_TRANSACTIONS_SEARCH.first,
  };
}

/** Writes only what differs from the defaults. */
export function serializeTransactionsSearch(search: Partial<TransactionsSearch>): URLSearchParams {
  const full = { ...DEFAULT_TRANSACTIONS_SEARCH, ...search };
  const params = new URLSearchParams();
  if (full.q) params.set('q', full.q);
  if (full.status.length) params.set('status', full.status.join(','));
  if (full.type.length) params.set('type', full.type.join(','));
  if (full.account) params.set('account', full.account);
  if (full.company) params.set('company', full.company);
  if (full.counterparty) params.set('counterparty', full.counterparty);
  if (full.postedFrom) params.set('postedFrom', full.postedFrom);
  if (full.postedTo) params.set('postedTo', full.postedTo);
  if (full.amountMin) params.set('amountMin', full.amountMin);
  if (full.amountMax) params.set('amountMax', full.amountMax);
  if (full.sort !== DEFAULT_TRANSACTIONS_SEARCH.sort) params.set('sort', full.sort);
  if (full.dir !== DEFAULT_TRANSACTIONS_SEARCH.dir) params.set('dir', full.dir);
  if (full.first !== DEFAULT_TRANSACTIONS_SEARCH.first) params.set('first', String(full.first));
  if (full.after) params.set('after', full.after);
  else if (full.before) params.set('before', full.before);
  return params;
}

export function hasTransactionFilters(search: TransactionsSearch): boolean {
  return !!(
    search.q ||
    search.counterparty ||
    search.account ||
    search.company ||
    search.postedFrom ||
    search.postedTo ||
    search.amountMin ||
    search.amountMax ||
    search.status.length ||
    search.type.length
  );
}

/** The API filter (dates are date-only and inclusive on both ends there). */
export function toTransactionFilter(search: TransactionsSearch): TransactionFilterInput | null {
  const filter: TransactionFilterInput = {};
  if (search.q) filter.text = search.q;
  if (search.counterparty) filter.counterparty = search.counterparty;
  if (search.account) filter.bankAccountId = search.account;
  if (search.company) filter.companyId = search.company;
  if (search.status.length) filter.status = search.status;
  if (search.type.length) filter.type = search.type;
  if (search.postedFrom) filter.postedFrom = search.postedFrom;
  if (search.postedTo) filter.postedTo = search.postedTo;
  if (search.amountMin) filter.amountMin = search.amountMin;
  if (search.amountMax) filter.amountMax = search.amountMax;
  return Object.keys(filter).length ? filter : null;
}

export const transactionsPaths = {
  index: (search: Partial<TransactionsSearch> = {}) => {
    const query = serializeTransactionsSearch(search).toString();
    return query ? `/transactions?${query}` : '/transactions';
  },
  detail: (id: string) => `/transactions/${encodeURIComponent(id)}`,
};

export const transactionsRoutes: RouteObject[] = [
  {
    path: 'transactions',
    lazy: async () => ({ Component: (await import('./views/TransactionsView')).TransactionsView }),
  },
  {
    path: 'transactions/:id',
    lazy: async () => ({ Component: (await import('./views/TransactionDetailView')).TransactionDetailView }),
  },
];
