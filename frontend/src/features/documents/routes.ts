import type { RouteObject } from 'react-router';

import type { DocumentKind, DocumentSort, DocumentStatus, Direction, SortDirection } from '../../gql/graphql';

/** Every piece of the list's view state, as it stands in the URL. */
export interface DocumentsSearch {
  q: string;
  status: DocumentStatus[];
  kind: DocumentKind[];
  direction: Direction[];
  counterparty: string;
  sort: DocumentSort;
  dir: SortDirection;
  after: string | null;
  first: number;
}

export const DOCUMENT_SORTS: readonly DocumentSort[] = ['ISSUED_AT', 'TOTAL', 'NUMBER', 'CREATED_AT'];
export const DOCUMENT_STATUSES: readonly DocumentStatus[] = ['AUTHORIZED', 'CANCELLED', 'DENIED', 'UNKNOWN'];
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['NFE', 'NFCE', 'NFSE', 'CTE', 'DANFE'];
export const DIRECTIONS: readonly Direction[] = ['RECEIVABLE', 'PAYABLE', 'UNKNOWN'];
export const PAGE_SIZES = [25, 50, 100] as const;

export const DEFAULT_SEARCH: DocumentsSearch = {
  q: '',
  status: [],
  kind: [],
  direction: [],
  counterparty: '',
  sort: 'ISSUED_AT',
  dir: 'DESC',
  after: null,
  first: 25,
};

function oneOf<T extends string>(allowed: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function listOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  const seen = values.flatMap((v) => v.split(',')).filter((v): v is T => (allowed as readonly string[]).includes(v));
  return [...new Set(seen)];
}

/** Reads the URL, dropping anything unknown (a hand-edited link never breaks the page). */
export function parseDocumentsSearch(params: URLSearchParams): DocumentsSearch {
  const first = Number(params.get('first'));
  return {
    q: params.get('q') ?? '',
    status: listOf(DOCUMENT_STATUSES, params.getAll('status')),
    kind: listOf(DOCUMENT_KINDS, params.getAll('kind')),
    direction: listOf(DIRECTIONS, params.getAll('direction')),
    counterparty: params.get('counterparty') ?? '',
    sort: oneOf(DOCUMENT_SORTS, params.get('sort'), DEFAULT_SEARCH.sort),
    dir: oneOf<SortDirection>(['ASC', 'DESC'], params.get('dir'), DEFAULT_SEARCH.dir),
    after: params.get('after') || null,
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
  if (full.counterparty) params.set('counterparty', full.counterparty);
  if (full.sort !== DEFAULT_SEARCH.sort) params.set('sort', full.sort);
  if (full.dir !== DEFAULT_SEARCH.dir) params.set('dir', full.dir);
  if (full.first !== DEFAULT_SEARCH.first) params.set('first', String(full.first));
  if (full.after) params.set('after', full.after);
  return params;
}

export function hasFilters(search: DocumentsSearch): boolean {
  return !!(search.q || search.counterparty || search.status.length || search.kind.length || search.direction.length);
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
