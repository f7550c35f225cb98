"""GraphQL adapter of outgoing webhooks: endpoints, secrets, the delivery log."""
