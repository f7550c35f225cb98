"""Maintenance activities: each opens its own tenant session."""

from __future__ import annotations

from temporalio import activity

from backend.auth import service as auth_service
from backend.db.session import Database
from workflows.maintenance.models import PurgeExpiredTokensInput, PurgeExpiredTokensResult


class MaintenanceActivities:
    """Activities with their dependencies injected by the worker."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @activity.defn(name="purge_expired_refresh_tokens")
    async def purge_expired_refresh_tokens(
        self, data: PurgeExpiredTokensInput
    ) -> PurgeExpiredTokensResult:
        """Delete the tenant's expired refresh tokens and audit the count."""
        async with self.database.tenant_session(data.organization_id) as session:
            removed = await auth_service.purge_expired_refresh_tokens(session, data.organization_id)
        return PurgeExpiredTokensResult(removed=removed)
