"""tenantDirectory and mySupportGrants (staff token), supportGrants and node(id) loading of
grants (the organization's admins, managers and auditors)."""

from __future__ import annotations

import uuid

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.relay import node_loader, page_request
from backend.api.graphql.support.types import (
    PlatformLinks,
    StaffSupportGrant,
    SupportGrantType,
    TenantDirectoryConnection,
)
from backend.core.errors import NotFound
from backend.support import service


@strawberry.type
class SupportQueries:
    """Platform support: the staff console's reads, and the organization's grants."""

    @strawberry.field(
        description=(
            "Platform staff only (a staff token from staffLogin): organizations with their "
            "health, by name. Every call is recorded in the platform audit log."
        )
    )
    async def tenant_directory(
        self,
        info: Info,
        text: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> TenantDirectoryConnection:
        """``text`` matches the name or slug (case-insensitive, anywhere)."""
        staff = info.context.require_staff()
        async with info.context.state.database.session(user_id=staff.user_id) as session:
            page = await service.tenant_directory(
                session, staff, text=text, request=page_request(first, after, None, None)
            )
        return TenantDirectoryConnection.from_page(page, after)

    @strawberry.field(
        description="Platform staff only: the caller's active support grants, soonest ending first."
    )
    async def my_support_grants(self, info: Info) -> list[StaffSupportGrant]:
        """Exchange one with supportToken to act inside its organization."""
        staff = info.context.require_staff()
        async with info.context.state.database.session(user_id=staff.user_id) as session:
            grants = await service.my_grants(session)
        return [StaffSupportGrant.from_row(g) for g in grants]

    @strawberry.field(
        description=(
            "Platform staff only: links to the platform's tools (the Temporal web UI and "
            "each file's ingestion workflow there)."
        )
    )
    async def platform_links(self, info: Info) -> PlatformLinks:
        """Re-checks that the caller is still active staff; reads no tenant data."""
        staff = info.context.require_staff()
        async with info.context.state.database.session(user_id=staff.user_id) as session:
            await service.check_staff(session, staff)
        settings = info.context.state.settings
        return PlatformLinks(
            temporal_ui=settings.temporal_ui_base_url,
            temporal_namespace=settings.temporal_namespace,
        )

    @strawberry.field(
        description="The organization's support grants, newest first (admins, managers, auditors)."
    )
    async def support_grants(
        self, info: Info, include_inactive: bool = False
    ) -> list[SupportGrantType]:
        """Revoked and expired grants only with ``includeInactive``."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            grants = await service.list_grants(
                session, principal, include_inactive=include_inactive
            )
        return [SupportGrantType.from_model(g) for g in grants]


@node_loader("SupportGrant")
async def load_support_grant(info: Info, row_id: uuid.UUID) -> SupportGrantType | None:
    """node(id) for support grants."""
    principal = info.context.require_principal()
    async with info.context.state.database.tenant_session(principal.organization_id) as session:
        try:
            return SupportGrantType.from_model(await service.get_grant(session, principal, row_id))
        except NotFound:
            return None
