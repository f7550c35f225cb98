"""REST /v1: a thin adapter over the services the GraphQL resolvers call (docs/rest.md)."""
