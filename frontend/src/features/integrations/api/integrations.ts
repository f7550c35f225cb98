import { graphql } from '../../../gql';

export const IntegrationsApiClientsQuery = graphql(`
  query IntegrationsApiClients {
    apiClients {
      id
      name
      clientId
      scopes
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);

export const IntegrationsCreateApiClientMutation = graphql(`
  mutation IntegrationsCreateApiClient($input: CreateApiClientInput!) {
    createApiClient(input: $input) {
      __typename
      ... on CreateApiClientSuccess {
        clientSecret
        apiClient {
          id
          clientId
          name
        }
      }
      ... on ValidationError {
        code
        fields {
          field
          messages
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const IntegrationsRevokeApiClientMutation = graphql(`
  mutation IntegrationsRevokeApiClient($id: ID!) {
    revokeApiClient(id: $id) {
      __typename
      ... on UserError {
        code
      }
    }
  }
`);

export const IntegrationsWebhooksQuery = graphql(`
  query IntegrationsWebhooks {
    webhooks {
      id
      url
      events
      isActive
      createdAt
      updatedAt
    }
  }
`);

export const IntegrationsDeliveriesQuery = graphql(`
  query IntegrationsDeliveries($webhookId: ID, $status: WebhookDeliveryStatus, $first: Int, $after: String) {
    webhookDeliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          webhookId
          eventId
          eventType
          status
          attempts
          lastStatusCode
          deliveredAt
          createdAt
          updatedAt
        }
      }
    }
  }
`);

export const IntegrationsRegisterWebhookMutation = graphql(`
  mutation IntegrationsRegisterWebhook($input: RegisterWebhookInput!) {
    registerWebhook(input: $input) {
      __typename
      ... on WebhookSecretSuccess {
        secret
        webhook {
          id
          url
        }
      }
      ... on ValidationError {
        code
        fields {
          field
          messages
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const IntegrationsUpdateWebhookMutation = graphql(`
  mutation IntegrationsUpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) {
      __typename
      ... on WebhookSuccess {
        webhook {
          id
          url
          events
          isActive
        }
      }
      ... on ValidationError {
        code
        fields {
          field
          messages
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const IntegrationsDeleteWebhookMutation = graphql(`
  mutation IntegrationsDeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      __typename
      ... on UserError {
        code
      }
    }
  }
`);

export const IntegrationsRotateSecretMutation = graphql(`
  mutation IntegrationsRotateSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      __typename
      ... on WebhookSecretSuccess {
        secret
        webhook {
          id
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);

export const IntegrationsRedeliverMutation = graphql(`
  mutation IntegrationsRedeliver($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) {
      __typename
      ... on RedeliverWebhookSuccess {
        delivery {
          id
          status
          attempts
        }
      }
      ... on UserError {
        code
      }
    }
  }
`);
