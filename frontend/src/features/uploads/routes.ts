import type { RouteObject } from 'react-router';

import type { FileStatus } from '../../gql/graphql';

/** The recent-files list's view state, as it stands in the URL. */
export interface UploadsSearch {
  q: string;
  status: FileStatus[];
  kind: string[];
  withErrors: boolean;
  after: string | null;
  first: number;
}

export const FILE_STATUSES: readonly FileStatus[] = ['UPLOADED', 'PROCESSING', 'PROCESSED', 'FAILED'];
/** The kinds the sniffer gives (backend/ingest/sniff.py), the ones worth a filter. */
export const FILE_KINDS: readonly string[] = [
  'zip', 'nfe', 'nfce', 'nfe_event', 'cte', 'cte_event', 'mdfe', 'nfse_nacional', 'nfse_abrasf',
  'nfse_sp', 'nfse_dsf', 'nfse_ipm', 'xml', 'pdf', 'ofx', 'cnab240', 'cnab400', 'csv', 'unknown',
];
export const PAGE_SIZES = [20, 50, 100] as const;

export const DEFAULT_UPLOADS_SEARCH: UploadsSearch = {
  q: '',
  status: [],
  kind: [],
  withErrors: false,
  after: null,
  first: 20,
};

function listOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  const seen = values.flatMap((v) => v.split(',')).filter((v): v is T => (allowed as readonly string[]).includes(v));
  return [...new Set(seen)];
}

/** Reads the URL, dropping anything unknown. */
export function parseUploadsSearch(params: URLSearchParams): UploadsSearch {
  const first = Number(params.get('first'));
  return {
    q: params.get('q') ?? '',
    status: listOf(FILE_STATUSES, params.getAll('status')),
    kind: listOf(FILE_KINDS, params.getAll('kind')),
    withErrors: params.get('errors') === '1',
    after: params.get('after') || null,
    first: (PAGE_SIZES as readonly number[]).includes(first) ? first : DEFAULT_UPLOADS_SEARCH.first,
  };
}

/** Writes only what differs from the defaults. */
export function serializeUploadsSearch(search: Partial<UploadsSearch>): URLSearchParams {
  const full = { ...DEFAULT_UPLOADS_SEARCH, ...search };
  const params = new URLSearchParams();
  if (full.q) params.set('q', full.q);
  if (full.status.length) params.set('status', full.status.join(','));
  if (full.kind.length) params.set('kind', full.kind.join(','));
  if (full.withErrors) params.set('errors', '1');
  if (full.first !== DEFAULT_UPLOADS_SEARCH.first) params.set('first', String(full.first));
  if (full.after) params.set('after', full.after);
  return params;
}

export function hasUploadsFilters(search: UploadsSearch): boolean {
  return !!(search.q || search.status.length || search.kind.length || search.withErrors);
}

export const uploadsPaths = {
  index: (search: Partial<UploadsSearch> = {}) => {
    const query = serializeUploadsSearch(search).toString();
    return query ? `/uploads?${query}` : '/uploads';
  },
};

export const uploadsRoutes: RouteObject[] = [
  {
    path: 'uploads',
    lazy: async () => ({ Component: (await import('./views/UploadsView')).UploadsView }),
  },
];
