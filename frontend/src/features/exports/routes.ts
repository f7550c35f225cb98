import type { RouteObject } from 'react-router';

import type { DecidedBy, ExportKind, ReconciliationFilterInput, ReconciliationStatus } from '../../gql/graphql';
import { dayRangeToInstants } from '../../shared/dates/range';
import {
  dateParam,
  DEFAULT_SEARCH,
  listOf,
  oneOf,
  parseDocumentsSearch,
  serializeDocumentsSearch,
  type DocumentsSearch,
} from '../documents/routes';

export const EXPORT_KINDS: readonly ExportKind[] = ['DOCUMENTS', 'RECONCILIATIONS'];
export const RECONCILIATION_STATUSES: readonly ReconciliationStatus[] = ['MATCHED', 'SUGGESTED', 'REJECTED'];
export const DECIDED_BY: readonly DecidedBy[] = ['SYSTEM', 'RULE', 'USER'];

/** The reconciliations filter an export can carry (a subset of ReconciliationFilterInput). */
export interface ReconciliationsExportSearch {
  status: ReconciliationStatus[];
  decidedBy: DecidedBy[];
  counterparty: string;
  company: string;
  createdFrom: string;
  createdTo: string;
}

/**
 * The exports page's URL: which kind to export, and that kind's filters with the same
 * names as its list (so "export what I see" is the list's own query string).
 */
export interface ExportsSearch {
  kind: ExportKind;
  documents: DocumentsSearch;
  reconciliations: ReconciliationsExportSearch;
}

export const DEFAULT_RECONCILIATIONS_EXPORT: ReconciliationsExportSearch = {
  status: [],
  decidedBy: [],
  counterparty: '',
  company: '',
  createdFrom: '',
  createdTo: '',
};

export function parseExportsSearch(params: URLSearchParams): ExportsSearch {
  const kind = oneOf(EXPORT_KINDS, params.get('kind'), 'DOCUMENTS');
  const documents = parseDocumentsSearch(kind === 'DOCUMENTS' ? params : new URLSearchParams());
  const reconciliations: ReconciliationsExportSearch =
    kind === 'RECONCILIATIONS'
      ? {
          status: listOf(RECONCILIATION_STATUSES, params.getAll('status')),
          decidedBy: listOf(DECIDED_BY, params.getAll('decidedBy')),
          counterparty: params.get('counterparty') ?? '',
          company: params.get('company') ?? '',
          createdFrom: dateParam(params, 'createdFrom'),
          createdTo: dateParam(params, 'createdTo'),
        }
      : { ...DEFAULT_RECONCILIATIONS_EXPORT };
  return { kind, documents: { ...documents, after: null, before: null }, reconciliations };
}

export function serializeExportsSearch(search: { kind: ExportKind; documents?: Partial<DocumentsSearch>; reconciliations?: Partial<ReconciliationsExportSearch> }): URLSearchParams {
  const params = new URLSearchParams({ kind: search.kind });
  if (search.kind === 'DOCUMENTS') {
    for (const [key, value] of serializeDocumentsSearch({ ...search.documents, after: null, before: null, sort: DEFAULT_SEARCH.sort, dir: DEFAULT_SEARCH.dir, first: DEFAULT_SEARCH.first })) {
      params.set(key, value);
    }
  } else {
    const r = { ...DEFAULT_RECONCILIATIONS_EXPORT, ...search.reconciliations };
    if (r.status.length) params.set('status', r.status.join(','));
    if (r.decidedBy.length) params.set('decidedBy', r.decidedBy.join(','));
    if (r.counterparty) params.set('counterparty', r.counterparty);
    if (r.company) params.set('company', r.company);
    if (r.createdFrom) params.set('createdFrom', r.createdFrom);
    if (r.createdTo) params.set('createdTo', r.createdTo);
  }
  return params;
}

export function toReconciliationFilter(search: ReconciliationsExportSearch): ReconciliationFilterInput | null {
  const filter: ReconciliationFilterInput = {};
  if (search.status.length) filter.status = search.status;
  if (search.decidedBy.length) filter.decidedBy = search.decidedBy;
  if (search.counterparty) filter.counterparty = search.counterparty;
  if (search.company) filter.companyId = search.company;
  const range = dayRangeToInstants(search.createdFrom, search.createdTo);
  if (range.from) filter.createdFrom = range.from;
  if (range.to) filter.createdTo = range.to;
  return Object.keys(filter).length ? filter : null;
}

/** Same-origin path of a download URL (the API gives an absolute one from BASE_URL). */
export function downloadPath(url: string): string {
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

export const exportsPaths = {
  index: (search?: { kind: ExportKind; documents?: Partial<DocumentsSearch>; reconciliations?: Partial<ReconciliationsExportSearch> }) =>
    search ? `/exports?${serializeExportsSearch(search).toString()}` : '/exports',
};

export const exportsRoutes: RouteObject[] = [
  {
    path: 'exports',
    lazy: async () => ({ Component: (await import('./views/ExportsView')).ExportsView }),
  },
];
