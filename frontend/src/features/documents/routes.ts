import type { RouteObject } from 'react-router';

import type {
  Direction,
  DocumentFilterInput,
  DocumentKind,
  DocumentSort,
  DocumentStatus,
  OpenItemStatus,
  SortDirection,
} from '../../gql/graphql';
import { dayRangeToInstants, isIsoDate } from '../../shared/dates/range';

/** Every piece of the list's view state, as it stands in the URL. */
export interface DocumentsSearch {
  q: string;
  status: DocumentStatus[];
  kind: DocumentKind[];
  direction: Direction[];
  /** Installment states: documents with one open, partial… */
  open: OpenItemStatus[];
  counterparty: string;
  /** The organization's company (global id). */
  company: string;
  /** Issue date range, inclusive, yyyy-mm-dd (São Paulo days). */
  issuedFrom: string;
  issuedTo: string;
  /** Total range, decimal strings. */
  amountMin: string;
  amountMax: string;
  sort: DocumentSort;
  dir: SortDirection;
  /** Forward cursor (next page) or backward cursor (previous page); never both. */
  after: string | null;
  before: string | null;
  first: number;
}

export const DOCUMENT_SORTS: readonly DocumentSort[] = ['ISSUED_AT', 'TOTAL', 'NUMBER', 'CREATED_AT'];
export const DOCUMENT_STATUSES: readonly DocumentStatus[] = ['AUTHORIZED', 'CANCELLED', 'DENIED', 'UNKNOWN'];
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['NFE', 'NFCE', 'NFSE', 'CTE', 'DANFE'];
export const DIRECTIONS: readonly Direction[] = ['RECEIVABLE', 'PAYABLE', 'UNKNOWN'];
export const OPEN_STATUSES: readonly OpenItemStatus[] = ['OPEN', 'PARTIAL', 'RECONCILED', 'IGNORED'];
export const PAGE_SIZES = [25, 50, 100] as const;
const DECIMAL = /^-?\d{1,18}(\.\d{1,2})?$/;

export const DEFAULT_SEARCH: DocumentsSearch = {
  q: '',
  status: [],
  kind: [],
  direction: [],
  open: [],
  counterparty: '',
  company: '',
  issuedFrom: '',
  issuedTo: '',
  amountMin: '',
  amountMax: '',
  sort: 'ISSUED_AT',
  dir: 'DESC',
  after: null,
  before: null,
  first: 25,
};

export function oneOf<T extends string>(allowed: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function listOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  const seen = values.flatMap((v) => v.split(',')).filter((v): v is T => (allowed as readonly string[]).includes(v));
  return [...new Set(seen)];
}

export function dateParam(params: URLSearchParams, name: string): string {
  const value = params.get(name) ?? '';
  return isIsoDate(value) ? value : '';
}

export function amountParam(params: URLSearchParams, name: string): string {
  const value = params.get(name) ?? '';
  return DECIMAL.test(value) ? value : '';
}

/** Reads the URL, dropping anything unknown (a hand-edited link never breaks the page). */
export function parseDocumentsSearch(params: URLSearchParams): DocumentsSearch {
  const first = Number(params.get('first'));
  const after = params.get('after') || null;
  return {
    q: params.get('q') ?? '',
    status: listOf(DOCUMENT_STATUSES, params.getAll('status')),
    kind: listOf(DOCUMENT_KINDS, params.getAll('kind')),
    direction: listOf(DIRECTIONS, params.getAll('direction')),
    open: listOf(OPEN_STATUSES, params.getAll('open')),
    counterparty: params.get('counterparty') ?? '',
    company: params.get('company') ?? '',
    issuedFrom: dateParam(params, 'issuedFrom'),
    issuedTo: dateParam(params, 'issuedTo'),
    amountMin: amountParam(params, 'amountMin'),
    amountMax: amountParam(params, 'amountMax'),
    sort: oneOf(DOCUMENT_SORTS, params.get('sort'), DEFAULT_SEARCH.sort),
    dir: oneOf<SortDirection>(['ASC', 'DESC'], params.get('dir'), DEFAULT_SEARCH.dir),
    after,
    before: after ? null : params.get('before') || null,
    first: (PAGE_SIZES as readonly number[]).includes(first) ? first : DEFAULT_SEARCH.first,
  };
}

/** Writes only what differs from the defaults, so plain links stay short. */
export function serializeDocumentsSearch(search: Partial<DocumentsSearch>): URLSearchParams {
  const full = { ...DEFAULT_SEARCH, ...search };
  const params = new URLSearchParams();
  if (full.q) params.set('q', full.q);
  if (full.status.length) params.set('status', full.status.join(','));
  if (full.kind.length) params.set('kind', full.kind.join(','));
  if (full.direction.length) params.set('direction', full.direction.join(','));
  if (full.open.length) params.set('open', full.open.join(','));
  if (full.counterparty) params.set('counterparty', full.counterparty);
  if (full.company) params.set('company', full.company);
  if (full.issuedFrom) params.set('issuedFrom', full.issuedFrom);
  if (full.issuedTo) params.set('issuedTo', full.issuedTo);
  if (full.amountMin) params.set('amountMin', full.amountMin);
  if (full.amountMax) params.set('amountMax', full.amountMax);
  if (full.sort !== DEFAULT_SEARCH.sort) params.set('sort', full.sort);
  if (full.dir !== DEFAULT_SEARCH.dir) params.set('dir', full.dir);
  if (full.first !== DEFAULT_SEARCH.first) params.set('first', String(full.first));
  if (full.after) params.set('after', full.after);
  else if (full.before) params.set('before', full.before);
  return params;
}

export function hasFilters(search: DocumentsSearch): boolean {
  return !!(
    search.q ||
    search.counterparty ||
    search.company ||
    search.issuedFrom ||
    search.issuedTo ||
    search.amountMin ||
    search.amountMax ||
    search.status.length ||
    search.kind.length ||
    search.direction.length ||
    search.open.length
  );
}

/** The API filter for the list, and for "export what I see" (same input type). */
export function toDocumentFilter(search: DocumentsSearch): DocumentFilterInput | null {
  const filter: DocumentFilterInput = {};
  if (search.q) filter.text = search.q;
  if (search.counterparty) filter.counterparty = search.counterparty;
  if (search.company) filter.companyId = search.company;
  if (search.status.length) filter.status = search.status;
  if (search.kind.length) filter.kind = search.kind;
  if (search.direction.length) filter.direction = search.direction;
  if (search.open.length) filter.openStatus = search.open;
  const issued = dayRangeToInstants(search.issuedFrom, search.issuedTo);
  if (issued.from) filter.issuedFrom = issued.from;
  if (issued.to) filter.issuedTo = issued.to;
  if (search.amountMin) filter.amountMin = search.amountMin;
  if (search.amountMax) filter.amountMax = search.amountMax;
  return Object.keys(filter).length ? filter : null;
}

/** Paging variables: `first/after` forward, `last/before` back. */
export function pageVariables(search: { first: number; after: string | null; before: string | null }) {
  return search.before
    ? { last: search.first, before: search.before, first: null, after: null }
    : { first: search.first, after: search.after, last: null, before: null };
}

export const documentsPaths = {
  list: (search: Partial<DocumentsSearch> = {}) => {
    const query = serializeDocumentsSearch(search).toString();
    return query ? `/documents?${query}` : '/documents';
  },
  detail: (id: string) => `/documents/${encodeURIComponent(id)}`,
};

export const documentsRoutes: RouteObject[] = [
  {
    path: 'documents',
    lazy: async () => ({ Component: (await import('./views/DocumentsListView')).DocumentsListView }),
  },
  {
    path: 'documents/:id',
    lazy: async () => ({ Component: (await import('./views/DocumentDetailView')).DocumentDetailView }),
  },
];
