"""The in-process app of tests/api, for the GraphQL side of webhooks."""

from ..api.conftest import app_state, client, demo

__all__ = ["app_state", "client", "demo"]
