"""staffLogin, staff TOTP enrollment and supportToken (platform staff), grantSupportAccess
and revokeSupportAccess (the organization's admins): thin adapters over
backend.support.service."""

from __future__ import annotations

import strawberry

from backend.api.graphql.auth.types import (
    BeginTotpEnrollmentResult,
    BeginTotpEnrollmentSuccess,
    ConfirmTotpEnrollmentResult,
    ConfirmTotpEnrollmentSuccess,
)
from backend.api.graphql.context import Info
from backend.api.graphql.enums import RoleEnum
from backend.api.graphql.relay import from_global_id
from backend.api.graphql.support.types import (
    GrantSupportAccessResult,
    GrantSupportAccessSuccess,
    RevokeSupportAccessResult,
    RevokeSupportAccessSuccess,
    StaffAuthTokens,
    StaffLoginResult,
    SupportAccessToken,
    SupportGrantType,
    SupportTokenResult,
)
from backend.auth.two_factor import SecondFactorPolicy
from backend.core.errors import Invalid
from backend.db.enums import Role
from backend.support import service


@strawberry.type
class SupportMutations:
    """Platform support sessions and the organization's grants to support staff."""

    @strawberry.mutation(
        description=(
            "Platform staff log in (outside any organization) for a staff token that only "
            "tenantDirectory, mySupportGrants and supportToken accept. Errors: "
            "INVALID_CREDENTIALS (also for anyone who is not staff), TOTP_REQUIRED, INVALID_TOTP. "
            "Where TOTP is required and the staff member has none, the token may only enroll "
            "it (totpEnrollmentRequired)."
        )
    )
    async def staff_login(
        self, info: Info, email: str, password: str, totp_code: str | None = None
    ) -> StaffLoginResult:
        """A user with TOTP enabled must send the authenticator's current code."""
        email = email.strip()
        if not email or "@" not in email or not password:
            raise Invalid(
                "e-mail and password are required",
                field_errors={"email": ["required"], "password": ["required"]},
            )
        state = info.context.state
        async with state.database.session(login_email=email) as session:
            staff_session = await service.staff_login(
                session,
                state.auth,
                SecondFactorPolicy.from_settings(state.settings),
                email=email,
                password=password,
                totp_code=totp_code,
            )
        return StaffAuthTokens.from_session(staff_session)

    @strawberry.mutation(
        description=(
            "Platform staff: start (or restart) enrolling an authenticator app. Accepts the "
            "enrollment-only token staffLogin gives a staff member without TOTP where it is "
            "required (REQUIRE_ADMIN_TOTP). TOTP_ALREADY_ENABLED when it is on."
        )
    )
    async def begin_staff_totp_enrollment(self, info: Info) -> BeginTotpEnrollmentResult:
        """The secret is shown once; platform-audited."""
        staff = info.context.require_staff(allow_totp_enrollment=True)
        state = info.context.state
        async with state.database.session(user_id=staff.user_id) as session:
            enrollment = await service.begin_staff_totp(
                session, staff, SecondFactorPolicy.from_settings(state.settings)
            )
        return BeginTotpEnrollmentSuccess(
            secret=enrollment.secret, otpauth_uri=enrollment.otpauth_uri
        )

    @strawberry.mutation(
        description=(
            "Platform staff: turn TOTP on with a current code from the app, then log in again "
            "with a code for a full staff token. INVALID_TOTP, TOTP_NOT_STARTED."
        )
    )
    async def confirm_staff_totp_enrollment(
        self, info: Info, code: str
    ) -> ConfirmTotpEnrollmentResult:
        """Platform-audited."""
        staff = info.context.require_staff(allow_totp_enrollment=True)
        state = info.context.state
        async with state.database.session(user_id=staff.user_id) as session:
            enabled_at = await service.confirm_staff_totp(
                session, staff, SecondFactorPolicy.from_settings(state.settings), code
            )
        return ConfirmTotpEnrollmentSuccess(enabled_at=enabled_at)

    @strawberry.mutation(
        description=(
            "Platform staff only: exchange one of your active support grants for a token "
            "scoped to its organization (at most 15 minutes, never past the grant). Ask again "
            "when it expires; a revoked or expired grant answers SUPPORT_GRANT_NOT_FOUND."
        )
    )
    async def support_token(self, info: Info, grant_id: strawberry.ID) -> SupportTokenResult:
        """The exchange is recorded in the organization's audit log."""
        staff = info.context.require_staff()
        row_id = from_global_id(grant_id, "SupportGrant")
        state = info.context.state
        async with state.database.session(user_id=staff.user_id) as session:
            support = await service.open_support_session(session, state.auth, staff, row_id)
        return SupportAccessToken.from_session(support)

    @strawberry.mutation(
        description=(
            "Let a platform support staff member act inside this organization for up to 72 "
            "hours, with a role below admin (default auditor: read-only). Admins only."
        )
    )
    async def grant_support_access(
        self,
        info: Info,
        staff_email: str,
        reason: str,
        hours: int = 24,
        role: RoleEnum = Role.AUDITOR,
    ) -> GrantSupportAccessResult:
        """STAFF_NOT_FOUND when no active staff member has this e-mail."""
        principal = info.context.require_principal()
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            grant = await service.grant_access(
                session, principal, staff_email=staff_email, reason=reason, hours=hours, role=role
            )
        return GrantSupportAccessSuccess(grant=SupportGrantType.from_model(grant))

    @strawberry.mutation(
        description=(
            "End a support grant now: no new support tokens, and tokens already issued are "
            "refused from their next request. Admins only."
        )
    )
    async def revoke_support_access(
        self, info: Info, id: strawberry.ID
    ) -> RevokeSupportAccessResult:
        """Revoking an already revoked grant returns it unchanged."""
        principal = info.context.require_principal()
        row_id = from_global_id(id, "SupportGrant")
        async with info.context.state.database.tenant_session(principal.organization_id) as session:
            grant = await service.revoke_access(session, principal, row_id)
        return RevokeSupportAccessSuccess(grant=SupportGrantType.from_model(grant))
