import type { RouteObject } from 'react-router';

import type { ActorType, AuditFilterInput } from '../../gql/graphql';

/** Every filter of the audit log, as it stands in the URL. */
export interface AuditSearch {
  entityType: string;
  entityId: string;
  actorType: ActorType | null;
  actorId: string;
  action: string;
  /** ISO date-times (the form edits them as local dates and times). */
  since: string;
  until: string;
  after: string | null;
}

export const ACTOR_TYPES: readonly ActorType[] = ['USER', 'API_CLIENT', 'SYSTEM', 'RULE', 'SUPPORT'];
export const DEFAULT_AUDIT_SEARCH: AuditSearch = { entityType: '', entityId: '', actorType: null, actorId: '', action: '', since: '', until: '', after: null };

function isoOrEmpty(value: string | null): string {
  if (!value) return '';
  return Number.isNaN(Date.parse(value)) ? '' : value;
}

export function parseAuditSearch(params: URLSearchParams): AuditSearch {
  const actorType = params.get('actorType');
  return {
    entityType: params.get('entityType') ?? '',
    entityId: params.get('entityId') ?? '',
    actorType: actorType && (ACTOR_TYPES as readonly string[]).includes(actorType) ? (actorType as ActorType) : null,
    actorId: params.get('actorId') ?? '',
    action: params.get('action') ?? '',
    since: isoOrEmpty(params.get('since')),
    until: isoOrEmpty(params.get('until')),
    after: params.get('after') || null,
  };
}

export function serializeAuditSearch(search: Partial<AuditSearch>): URLSearchParams {
  const full = { ...DEFAULT_AUDIT_SEARCH, ...search };
  const params = new URLSearchParams();
  for (const key of ['entityType', 'entityId', 'actorType', 'actorId', 'action', 'since', 'until', 'after'] as const) {
    const value = full[key];
    if (value) params.set(key, value);
  }
  return params;
}

export function hasAuditFilters(search: AuditSearch): boolean {
  return !!(search.entityType || search.entityId || search.actorType || search.actorId || search.action || search.since || search.until);
}

export function toAuditFilter(search: AuditSearch): AuditFilterInput | null {
  const filter: AuditFilterInput = {};
  if (search.entityType) filter.entityType = search.entityType;
  if (search.entityId) filter.entityId = search.entityId;
  if (search.actorType) filter.actorType = search.actorType;
  if (search.actorId) filter.actorId = search.actorId;
  if (search.action) filter.action = search.action;
  if (search.since) filter.since = search.since;
  if (search.until) filter.until = search.until;
  return Object.keys(filter).length ? filter : null;
}

export const auditPaths = {
  index: (search: Partial<AuditSearch> = {}) => {
    const query = serializeAuditSearch(search).toString();
    return query ? `/audit?${query}` : '/audit';
  },
};

export const auditRoutes: RouteObject[] = [
  {
    path: 'audit',
    lazy: async () => ({ Component: (await import('./views/AuditView')).AuditView }),
  },
];
