import type { RouteObject } from 'react-router';

/** The list's view state, as it stands in the URL. */
export interface RulesSearch {
  q: string;
  active: 'all' | 'active' | 'inactive';
  after: string | null;
}

export const DEFAULT_RULES_SEARCH: RulesSearch = { q: '', active: 'all', after: null };
const ACTIVE_VALUES = ['all', 'active', 'inactive'] as const;

export function parseRulesSearch(params: URLSearchParams): RulesSearch {
  const active = params.get('active');
  return {
    q: params.get('q') ?? '',
    active: (ACTIVE_VALUES as readonly string[]).includes(active ?? '') ? (active as RulesSearch['active']) : 'all',
    after: params.get('after') || null,
  };
}

export function serializeRulesSearch(search: Partial<RulesSearch>): URLSearchParams {
  const full = { ...DEFAULT_RULES_SEARCH, ...search };
  const params = new URLSearchParams();
  if (full.q) params.set('q', full.q);
  if (full.active !== 'all') params.set('active', full.active);
  if (full.after) params.set('after', full.after);
  return params;
}

/** The editor's tab (the version history is a tab: a link can open it). */
export type RuleTab = 'editor' | 'history';
export function parseRuleTab(params: URLSearchParams): RuleTab {
  return params.get('tab') === 'history' ? 'history' : 'editor';
}

export const rulesPaths = {
  index: (search: Partial<RulesSearch> = {}) => {
    const query = serializeRulesSearch(search).toString();
    return query ? `/rules?${query}` : '/rules';
  },
  create: () => '/rules/new',
  detail: (id: string, tab: RuleTab = 'editor') => `/rules/${encodeURIComponent(id)}${tab === 'history' ? '?tab=history' : ''}`,
};

export const rulesRoutes: RouteObject[] = [
  {
    path: 'rules',
    lazy: async () => ({ Component: (await import('./views/RulesView')).RulesView }),
  },
  {
    path: 'rules/new',
    lazy: async () => ({ Component: (await import('./views/RuleEditView')).RuleEditView }),
  },
  {
    path: 'rules/:id',
    lazy: async () => ({ Component: (await import('./views/RuleEditView')).RuleEditView }),
  },
];
