import { beforeEach, describe, expect, it } from 'vitest';

import { readHiddenColumns, visibleColumns, writeHiddenColumns } from './columnVisibility';

describe('column visibility', () => {
  beforeEach(() => localStorage.clear());

  it('keeps one choice per table and ignores unknown ids', () => {
    writeHiddenColumns('documents', ['kind', 'gone', 'number']);
    expect(readHiddenColumns('documents', ['number', 'kind', 'total'])).toEqual(['kind']);
    expect(readHiddenColumns('transactions', ['a', 'b'])).toEqual([]);
  });

  it('survives garbage in storage', () => {
    localStorage.setItem('cc.columns.documents', '{oops');
    expect(readHiddenColumns('documents', ['number'])).toEqual([]);
  });

  it('never hides the first column', () => {
    const columns = [{ id: 'number' }, { id: 'kind' }, { id: 'total' }];
    expect(visibleColumns(columns, ['number', 'kind']).map((c) => c.id)).toEqual(['number', 'total']);
  });
});
