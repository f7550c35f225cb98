/**
 * The console's paths (under /suporte/, the router's basename) and the URL state of each
 * screen, so a link pasted in a ticket reproduces it. Unknown values are dropped.
 */

export const CONSOLE_BASENAME = '/suporte';

export const consolePaths = {
  login: (next?: string) => (next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'),
  directory: () => '/',
  grants: () => '/grants',
  grant: (grantId: string, tab: TenantTab = 'files') =>
    `/grants/${encodeURIComponent(grantId)}${tab === 'files' ? '' : `?tab=${tab}`}`,
};

/** Only paths inside the console (no scheme, no host, no "//"), else the directory. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export const DIRECTORY_SORTS = ['name', 'failedFiles', 'openItems', 'lastActivity'] as const;
export type DirectorySort = (typeof DIRECTORY_SORTS)[number];

export interface DirectorySearch {
  q: string;
  sort: DirectorySort;
  dir: 'asc' | 'desc';
}

const DEFAULT_DIRECTORY: DirectorySearch = { q: '', sort: 'name', dir: 'asc' };

export function parseDirectorySearch(params: URLSearchParams): DirectorySearch {
  const sort = params.get('sort');
  const dir = params.get('dir');
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    sort: (DIRECTORY_SORTS as readonly string[]).includes(sort ?? '') ? (sort as DirectorySort) : DEFAULT_DIRECTORY.sort,
    dir: dir === 'asc' || dir === 'desc' ? dir : DEFAULT_DIRECTORY.dir,
  };
}

export function serializeDirectorySearch(search: DirectorySearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.sort !== DEFAULT_DIRECTORY.sort) params.set('sort', search.sort);
  if (search.dir !== DEFAULT_DIRECTORY.dir) params.set('dir', search.dir);
  return params;
}

export const TENANT_TABS = ['files', 'audit'] as const;
export type TenantTab = (typeof TENANT_TABS)[number];

export function parseTenantTab(params: URLSearchParams): TenantTab {
  const tab = params.get('tab');
  return (TENANT_TABS as readonly string[]).includes(tab ?? '') ? (tab as TenantTab) : 'files';
}

/** The roles whose grants may reprocess files (permission `upload`) and read the audit log. */
export function canReprocess(role: string): boolean {
  return role === 'OPERATOR' || role === 'MANAGER';
}

export function canReadAudit(role: string): boolean {
  return role === 'AUDITOR' || role === 'MANAGER';
}

/** Sorting a page of the directory (the API pages by name only). */
export interface DirectoryRow {
  name: string;
  health: { failedFiles: number; openInstallments: number; openTransactions: number; lastActivityAt?: string | null };
}

export function sortDirectory<T extends DirectoryRow>(rows: readonly T[], sort: DirectorySort, dir: 'asc' | 'desc'): T[] {
  const key = (row: T): number | string => {
    switch (sort) {
      case 'failedFiles':
        return row.health.failedFiles;
      case 'openItems':
        return row.health.openInstallments + row.health.openTransactions;
      case 'lastActivity':
        return row.health.lastActivityAt ? Date.parse(row.health.lastActivityAt) : -Infinity;
      default:
        return row.name.toLocaleLowerCase('pt-BR');
    }
  };
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const order = typeof ka === 'string' && typeof kb === 'string' ? ka.localeCompare(kb, 'pt-BR') : Number(ka) - Number(kb);
    return order * sign || a.name.localeCompare(b.name, 'pt-BR');
  });
}
