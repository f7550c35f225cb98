"""GraphQL types of platform support."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import quote

import strawberry

from backend.api.graphql.enums import RoleEnum
from backend.api.graphql.errors import (
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from backend.api.graphql.relay import Edge, Node, PageInfo, from_global_id, to_global_id
from backend.core.errors import Invalid
from backend.db.base import utcnow
from backend.db.enums import Role
from backend.support.models import SupportGrant
from backend.support.repository import StaffGrant, TenantHealth
from backend.support.service import DirectoryPage, StaffSession, SupportSession, SupportVisitor


@strawberry.type
class TenantHealthFigures:
    """What support staff look at first: counts and times only, never the tenant's rows."""

    failed_files: int = strawberry.field(description="Files that failed in the last 30 days.")
    files_processing: int = strawberry.field(
        description="Files uploaded or being processed (not finished yet)."
    )
    open_installments: int = strawberry.field(description="Installments open or partial.")
    open_transactions: int = strawberry.field(description="Transactions open or partial.")
    pending_suggestions: int = strawberry.field(
        description="Reconciliation suggestions waiting for review."
    )
    last_activity_at: datetime | None = strawberry.field(
        description="The latest audit entry made by the tenant's users or API clients."
    )


@strawberry.type
class TenantDirectoryEntry:
    """One organization of the tenant directory."""

    id: strawberry.ID = strawberry.field(description="The organization's global id.")
    name: str
    slug: str
    created_at: datetime
    is_active: bool
    health: TenantHealthFigures

    @classmethod
    def from_row(cls, row: TenantHealth) -> TenantDirectoryEntry:
        """From the directory function's row."""
        return cls(
            id=to_global_id("Organization", row.organization_id),
            name=row.name,
            slug=row.slug,
            created_at=row.created_at,
            is_active=row.is_active,
            health=TenantHealthFigures(
                failed_files=row.failed_files,
                files_processing=row.processing_files,
                open_installments=row.open_installments,
                open_transactions=row.open_transactions,
                pending_suggestions=row.pending_suggestions,
                last_activity_at=row.last_activity_at,
            ),
        )


@strawberry.type
class TenantDirectoryConnection:
    """A page of the tenant directory, by name (forwards only)."""

    edges: list[Edge[TenantDirectoryEntry]]
    page_info: PageInfo

    @classmethod
    def from_page(cls, page: DirectoryPage, after: str | None) -> TenantDirectoryConnection:
        """From the service's page."""
        return cls(
            edges=[
                Edge(cursor=cursor, node=TenantDirectoryEntry.from_row(row))
                for row, cursor in zip(page.rows, page.cursors, strict=True)
            ],
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=after is not None,
                start_cursor=page.cursors[0] if page.cursors else None,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
        )


@strawberry.type(name="SupportGrant")
class SupportGrantType(Node):
    """Time-limited access of one platform staff member to this organization."""

    staff_email: str
    staff_name: str
    role: RoleEnum = strawberry.field(description="What the staff member may do while inside.")
    reason: str
    expires_at: datetime
    revoked_at: datetime | None
    created_at: datetime
    active: bool = strawberry.field(description="Neither revoked nor expired.")

    @classmethod
    def from_model(cls, grant: SupportGrant) -> SupportGrantType:
        """From the table model."""
        return cls(
            id=to_global_id("SupportGrant", grant.id),
            staff_email=grant.staff_email,
            staff_name=grant.staff_name,
            role=Role(grant.role),
            reason=grant.reason,
            expires_at=grant.expires_at,
            revoked_at=grant.revoked_at,
            created_at=grant.created_at,
            active=grant.revoked_at is None and grant.expires_at > utcnow(),
        )


@strawberry.type
class StaffSupportGrant:
    """An active grant of the calling staff member (exchange it with supportToken)."""

    id: strawberry.ID = strawberry.field(description="The SupportGrant global id.")
    organization_id: strawberry.ID
    organization_name: str
    organization_slug: str
    role: RoleEnum
    reason: str
    expires_at: datetime
    created_at: datetime

    @classmethod
    def from_row(cls, row: StaffGrant) -> StaffSupportGrant:
        """From the grants function's row."""
        return cls(
            id=to_global_id("SupportGrant", row.grant_id),
            organization_id=to_global_id("Organization", row.organization_id),
            organization_name=row.organization_name,
            organization_slug=row.organization_slug,
            role=Role(row.role),
            reason=row.reason,
            expires_at=row.expires_at,
            created_at=row.created_at,
        )


MAX_WORKFLOW_LINKS = 100


@strawberry.type
class IngestWorkflowLink:
    """The Temporal workflow that ingests one file (one run per file, id ``ingest-<uuid>``)."""

    file_id: strawberry.ID = strawberry.field(description="The File global id asked for.")
    workflow_id: str
    url: str | None = strawberry.field(
        description="The workflow in the Temporal web UI; null when TEMPORAL_UI_URL is unset."
    )


@strawberry.type
class PlatformLinks:
    """Where the platform's own tools are, for the support console (no tenant data)."""

    temporal_ui: str | None = strawberry.field(
        description="The Temporal web UI (TEMPORAL_UI_URL); null when not configured."
    )
    temporal_namespace: str

    @strawberry.field(
        description=(
            "The ingestion workflow of each file (File global ids, as a support token lists "
            "them), in the order asked; an id that is not a File's is an error."
        )
    )
    def ingest_workflows(self, file_ids: list[strawberry.ID]) -> list[IngestWorkflowLink]:
        """Computed from the ids alone: nothing is read from any tenant."""
        if len(file_ids) > MAX_WORKFLOW_LINKS:
            raise Invalid(
                f"at most {MAX_WORKFLOW_LINKS} files at a time",
                field_errors={"fileIds": ["too many"]},
            )
        links = []
        for file_id in file_ids:
            workflow_id = f"ingest-{from_global_id(file_id, 'File')}"
            url = (
                f"{self.temporal_ui}/namespaces/{quote(self.temporal_namespace, safe='')}"
                f"/workflows/{workflow_id}"
                if self.temporal_ui
                else None
            )
            links.append(IngestWorkflowLink(file_id=file_id, workflow_id=workflow_id, url=url))
        return links


@strawberry.type
class StaffAuthTokens:
    """A staff token: no organization, valid only for the support fields; no refresh token
    (log in again, with the authenticator code, when it expires)."""

    access_token: str
    token_type: str
    expires_in: int
    staff_user_id: strawberry.ID
    email: str
    name: str
    totp_enrollment_required: bool = strawberry.field(
        description=(
            "True when TOTP is required and not yet enrolled: the token only works for "
            "beginStaffTotpEnrollment and confirmStaffTotpEnrollment."
        )
    )

    @classmethod
    def from_session(cls, session: StaffSession) -> StaffAuthTokens:
        """From the service's result."""
        return cls(
            access_token=session.access_token,
            token_type="Bearer",  # noqa: S106 - the RFC 6750 scheme name
            expires_in=session.expires_in,
            staff_user_id=strawberry.ID(str(session.user.id)),
            email=session.user.email,
            name=session.user.name,
            totp_enrollment_required=session.totp_enrollment_required,
        )


@strawberry.type
class SupportAccessToken:
    """A short-lived token to act inside the grant's organization with the grant's role.
    Every operation made with it is audited in that organization."""

    access_token: str
    token_type: str
    expires_in: int = strawberry.field(
        description="Seconds: at most 15 minutes, never past the grant's end."
    )
    organization_id: strawberry.ID
    role: RoleEnum
    grant_expires_at: datetime

    @classmethod
    def from_session(cls, session: SupportSession) -> SupportAccessToken:
        """From the service's result."""
        return cls(
            access_token=session.access_token,
            token_type="Bearer",  # noqa: S106 - the RFC 6750 scheme name
            expires_in=session.expires_in,
            organization_id=to_global_id("Organization", session.principal.organization_id),
            role=session.principal.role,
            grant_expires_at=session.grant.expires_at,
        )


@strawberry.type
class SupportAccess:
    """The support grant a ``me`` made with a support token acts through."""

    grant_id: strawberry.ID
    reason: str
    expires_at: datetime

    @classmethod
    def from_visitor(cls, visitor: SupportVisitor) -> SupportAccess:
        """From the service's answer."""
        return cls(
            grant_id=to_global_id("SupportGrant", visitor.grant.id),
            reason=visitor.grant.reason,
            expires_at=visitor.grant.expires_at,
        )


@strawberry.type
class GrantSupportAccessSuccess:
    """The staff member may now exchange this grant for support tokens until it ends."""

    grant: SupportGrantType


@strawberry.type
class RevokeSupportAccessSuccess:
    """The grant is revoked: support tokens issued for it are refused from the next request."""

    grant: SupportGrantType


StaffLoginResult = Annotated[
    StaffAuthTokens | AuthenticationError | ValidationError,
    strawberry.union("StaffLoginResult"),
]
SupportTokenResult = Annotated[
    SupportAccessToken | NotFoundError | PermissionDeniedError,
    strawberry.union("SupportTokenResult"),
]
GrantSupportAccessResult = Annotated[
    GrantSupportAccessSuccess | ValidationError | NotFoundError | PermissionDeniedError,
    strawberry.union("GrantSupportAccessResult"),
]
RevokeSupportAccessResult = Annotated[
    RevokeSupportAccessSuccess | NotFoundError | PermissionDeniedError,
    strawberry.union("RevokeSupportAccessResult"),
]
