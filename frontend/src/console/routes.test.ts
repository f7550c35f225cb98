import { describe, expect, it } from 'vitest';

import {
  canReadAudit,
  canReprocess,
  consolePaths,
  parseDirectorySearch,
  parseTenantTab,
  safeNext,
  serializeDirectorySearch,
  sortDirectory,
} from './routes';

describe('console routes', () => {
  it('parses the directory search and drops unknown values', () => {
    expect(parseDirectorySearch(new URLSearchParams('q=acme&sort=failedFiles&dir=desc'))).toEqual({
      q: 'acme',
      sort: 'failedFiles',
      dir: 'desc',
    });
    expect(parseDirectorySearch(new URLSearchParams('sort=drop&dir=up'))).toEqual({ q: '', sort: 'name', dir: 'asc' });
  });

  it('serializes only what differs from the defaults', () => {
    expect(serializeDirectorySearch({ q: '', sort: 'name', dir: 'asc' }).toString()).toBe('');
    expect(serializeDirectorySearch({ q: 'a b', sort: 'lastActivity', dir: 'desc' }).toString()).toBe(
      'q=a+b&sort=lastActivity&dir=desc',
    );
  });

  it('builds paths and keeps next inside the console', () => {
    expect(consolePaths.grant('U3Vw==', 'audit')).toBe('/grants/U3Vw%3D%3D?tab=audit');
    expect(consolePaths.grant('x')).toBe('/grants/x');
    expect(consolePaths.login('/grants/x')).toBe('/login?next=%2Fgrants%2Fx');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/grants')).toBe('/grants');
    expect(parseTenantTab(new URLSearchParams('tab=audit'))).toBe('audit');
    expect(parseTenantTab(new URLSearchParams('tab=x'))).toBe('files');
  });

  it('knows what each grant role may do', () => {
    expect([canReprocess('OPERATOR'), canReprocess('MANAGER'), canReprocess('AUDITOR')]).toEqual([true, true, false]);
    expect([canReadAudit('OPERATOR'), canReadAudit('MANAGER'), canReadAudit('AUDITOR')]).toEqual([false, true, true]);
  });

  it('sorts a page by health', () => {
    const rows = [
      { name: 'B', health: { failedFiles: 1, openInstallments: 5, openTransactions: 0, lastActivityAt: null } },
      { name: 'a', health: { failedFiles: 3, openInstallments: 0, openTransactions: 1, lastActivityAt: '2026-01-02T00:00:00Z' } },
    ];
    expect(sortDirectory(rows, 'name', 'asc').map((r) => r.name)).toEqual(['a', 'B']);
    expect(sortDirectory(rows, 'failedFiles', 'desc').map((r) => r.name)).toEqual(['a', 'B']);
    expect(sortDirectory(rows, 'openItems', 'desc').map((r) => r.name)).toEqual(['B', 'a']);
    expect(sortDirectory(rows, 'lastActivity', 'desc').map((r) => r.name)).toEqual(['a', 'B']);
  });
});
