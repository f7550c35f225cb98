import { describe, expect, it } from 'vitest';

import { DEFAULT_SEARCH } from '../documents/routes';
import { downloadPath, exportsPaths, parseExportsSearch, serializeExportsSearch, toReconciliationFilter } from './routes';

describe('exports URL state', () => {
  it('carries the documents list filters under their own names', () => {
    const path = exportsPaths.index({ kind: 'DOCUMENTS', documents: { ...DEFAULT_SEARCH, direction: ['PAYABLE'], q: 'acme', after: 'x', sort: 'TOTAL' } });
    expect(path).toBe('/exports?kind=DOCUMENTS&q=acme&direction=PAYABLE');
    const parsed = parseExportsSearch(new URLSearchParams(path.split('?')[1]));
    expect(parsed.kind).toBe('DOCUMENTS');
    expect(parsed.documents.direction).toEqual(['PAYABLE']);
    expect(parsed.documents.after).toBeNull();
  });

  it('round-trips the reconciliations filter and drops unknown values', () => {
    const reconciliations = { status: ['MATCHED' as const], decidedBy: ['USER' as const], counterparty: 'acme', company: 'C1', createdFrom: '2026-10-01', createdTo: '2026-10-31' };
    const parsed = parseExportsSearch(serializeExportsSearch({ kind: 'RECONCILIATIONS', reconciliations }));
    expect(parsed.reconciliations).toEqual(reconciliations);
    expect(parseExportsSearch(new URLSearchParams('kind=NOPE&status=X')).kind).toBe('DOCUMENTS');
    expect(parseExportsSearch(new URLSearchParams('kind=RECONCILIATIONS&status=X,SUGGESTED')).reconciliations.status).toEqual(['SUGGESTED']);
  });

  it('maps the reconciliations filter with São Paulo instants', () => {
    expect(toReconciliationFilter({ status: [], decidedBy: [], counterparty: '', company: '', createdFrom: '', createdTo: '' })).toBeNull();
    expect(toReconciliationFilter({ status: ['MATCHED'], decidedBy: [], counterparty: '', company: '', createdFrom: '2026-10-01', createdTo: '2026-10-01' })).toEqual({
      status: ['MATCHED'],
      createdFrom: '2026-10-01T00:00:00-03:00',
      createdTo: '2026-10-02T00:00:00-03:00',
    });
  });

  it('downloads from the same origin', () => {
    expect(downloadPath('http://api.example:8000/v1/exports/RXhw')).toBe('/v1/exports/RXhw');
    expect(downloadPath('/v1/exports/a')).toBe('/v1/exports/a');
  });
});
