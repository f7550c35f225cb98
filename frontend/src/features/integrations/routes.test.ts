import { describe, expect, it } from 'vitest';

import { parseIntegrationsSearch, serializeIntegrationsSearch } from './routes';

describe('integrations routes', () => {
  it('round-trips the delivery filters and drops unknown values', () => {
    const search = parseIntegrationsSearch(new URLSearchParams('tab=webhooks&webhook=W1&status=FAILED'));
    expect(search).toEqual({ tab: 'webhooks', webhookId: 'W1', status: 'FAILED', after: null });
    expect(serializeIntegrationsSearch(search).toString()).toBe('tab=webhooks&webhook=W1&status=FAILED');
    expect(parseIntegrationsSearch(new URLSearchParams('tab=x&status=LOST'))).toEqual({ tab: 'clients', webhookId: null, status: null, after: null });
  });
});
