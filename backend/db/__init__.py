"""Database access: engines, the tenant-scoped session, roles and migrations."""

from backend.db.session import (
    Database,
    configure_database,
    get_database,
    set_context,
    tenant_session,
)

__all__ = ["Database", "configure_database", "get_database", "set_context", "tenant_session"]
