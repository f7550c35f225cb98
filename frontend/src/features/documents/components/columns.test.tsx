import type { MessageDescriptor } from '@lingui/core';
import { describe, expect, it } from 'vitest';

import { documentColumnLabels, documentColumns, SORT_BY_COLUMN } from './columns';

const t = (d: MessageDescriptor) => d.message ?? d.id;

describe('documentColumns', () => {
  it('declares the columns in order', () => {
    expect(documentColumns(t).map((c) => c.id)).toEqual(['number', 'kind', 'issuedAt', 'counterparty', 'direction', 'status', 'total']);
  });

  it('sorts only by what the server sorts', () => {
    const ids = documentColumns(t).map((c) => c.id);
    for (const id of Object.keys(SORT_BY_COLUMN)) expect(ids).toContain(id);
    expect(SORT_BY_COLUMN.total).toBe('TOTAL');
  });
});

describe('documentColumnLabels', () => {
  it('names every column for the columns menu', () => {
    const labels = documentColumnLabels(t);
    expect(labels[0]).toEqual({ id: 'number', label: 'Número' });
    expect(labels.map((l) => l.label)).toContain('Valor total');
  });
});
