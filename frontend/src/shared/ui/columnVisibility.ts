import { useCallback, useState } from 'react';

/**
 * Which columns a table shows, kept per table in localStorage (`cc.columns.<table>`:
 * the hidden column ids). Unknown ids in storage are ignored; a column added later is
 * shown. The table's first column (its link) is never hidden.
 */
const PREFIX = 'cc.columns.';

export function readHiddenColumns(table: string, known: readonly string[]): string[] {
  try {
    const raw = JSON.parse(localStorage.getItem(PREFIX + table) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter((id): id is string => typeof id === 'string' && known.includes(id) && id !== known[0]);
  } catch {
    return [];
  }
}

export function writeHiddenColumns(table: string, hidden: readonly string[]): void {
  try {
    localStorage.setItem(PREFIX + table, JSON.stringify(hidden));
  } catch {
    // Storage full or disabled: the choice lasts for this page only.
  }
}

/** The columns to render, in their declared order. */
export function visibleColumns<T extends { id?: string }>(columns: readonly T[], hidden: readonly string[]): T[] {
  return columns.filter((column, index) => index === 0 || !hidden.includes(column.id ?? ''));
}

export function useColumnVisibility(table: string, known: readonly string[]): [string[], (id: string, visible: boolean) => void] {
  const [hidden, setHidden] = useState(() => readHiddenColumns(table, known));
  const toggle = useCallback(
    (id: string, visible: boolean) => {
      setHidden((current) => {
        const next = visible ? current.filter((h) => h !== id) : [...new Set([...current, id])];
        writeHiddenColumns(table, next);
        return next;
      });
    },
    [table],
  );
  return [hidden, toggle];
}
