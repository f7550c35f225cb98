import type { RouteObject } from 'react-router';

import type { WebhookDeliveryStatus } from '../../gql/graphql';

export interface IntegrationsSearch {
  tab: 'clients' | 'webhooks';
  webhookId: string | null;
  status: WebhookDeliveryStatus | null;
  after: string | null;
}

const STATUSES: readonly string[] = ['PENDING', 'DELIVERED', 'FAILED'];

export function parseIntegrationsSearch(params: URLSearchParams): IntegrationsSearch {
  const status = params.get('status');
  return {
    tab: params.get('tab') === 'webhooks' ? 'webhooks' : 'clients',
    webhookId: params.get('webhook') || null,
    status: status && STATUSES.includes(status) ? (status as WebhookDeliveryStatus) : null,
    after: params.get('after') || null,
  };
}

export function serializeIntegrationsSearch(search: IntegrationsSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.tab !== 'clients') params.set('tab', search.tab);
  if (search.webhookId) params.set('webhook', search.webhookId);
  if (search.status) params.set('status', search.status);
  if (search.after) params.set('after', search.after);
  return params;
}

export const integrationsPaths = {
  index: () => '/integrations',
  webhooks: () => '/integrations?tab=webhooks',
};

export const integrationsRoutes: RouteObject[] = [
  {
    path: 'integrations',
    lazy: async () => ({ Component: (await import('./views/IntegrationsView')).IntegrationsView }),
  },
];
