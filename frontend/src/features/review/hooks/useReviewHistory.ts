import { useCallback, useState } from 'react';

export type HistoryKind = 'accept' | 'reject' | 'match' | 'unmatch' | 'bulk';

export interface HistoryEntry {
  key: string;
  kind: HistoryKind;
  /** What a person reads: "NF 1001 · R$ 10,00". */
  label: string;
  /** The reconciliation decided (single actions). */
  reconciliationId?: string;
  /** The bulk action's batches (one per call of at most 500). */
  batchIds?: string[];
  count?: number;
  at: string;
  undone: boolean;
}

const STORAGE = 'review.history';
const LIMIT = 50;

function load(): HistoryEntry[] {
  try {
    const raw = sessionStorage.getItem(STORAGE);
    return raw ? (JSON.parse(raw) as HistoryEntry[]) : [];
  } catch {
    return [];
  }
}

/** The last decisions of this tab (newest first), kept across reloads in sessionStorage. */
export function useReviewHistory() {
  const [entries, setEntries] = useState<HistoryEntry[]>(load);
  const save = useCallback((next: (current: HistoryEntry[]) => HistoryEntry[]) => {
    setEntries((current) => {
      const value = next(current).slice(0, LIMIT);
      try {
        sessionStorage.setItem(STORAGE, JSON.stringify(value));
      } catch {
        // Storage full or denied: the history lives in memory only.
      }
      return value;
    });
  }, []);
  const push = useCallback(
    (entry: Omit<HistoryEntry, 'key' | 'at' | 'undone'>) =>
      save((current) => [{ ...entry, key: `${Date.now()}-${Math.random()}`, at: new Date().toISOString(), undone: false }, ...current]),
    [save],
  );
  const markUndone = useCallback((key: string) => save((current) => current.map((e) => (e.key === key ? { ...e, undone: true } : e))), [save]);
  const lastUndoable = entries.find((e) => !e.undone) ?? null;
  return { entries, push, markUndone, lastUndoable };
}
