/** Before/after of an audit entry as a list of changed fields (dotted paths), readable. */
export interface DiffLine {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>, depth: number): void {
  if (isObject(value) && depth < 3 && Object.keys(value).length) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out, depth + 1);
  } else if (prefix) {
    out.set(prefix, value);
  } else if (value !== null && value !== undefined) {
    out.set('(valor)', value);
  }
}

export function diffEntries(before: unknown, after: unknown): DiffLine[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a, 0);
  flatten(after, '', b, 0);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const lines: DiffLine[] = [];
  for (const path of paths) {
    const inBefore = a.has(path);
    const inAfter = b.has(path);
    if (inBefore && !inAfter) lines.push({ path, kind: 'removed', before: a.get(path) });
    else if (!inBefore && inAfter) lines.push({ path, kind: 'added', after: b.get(path) });
    else if (JSON.stringify(a.get(path)) !== JSON.stringify(b.get(path))) lines.push({ path, kind: 'changed', before: a.get(path), after: b.get(path) });
  }
  return lines;
}

export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
