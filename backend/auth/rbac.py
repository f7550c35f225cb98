"""Role-based access: which role (or API client scope) may do what. One table.

People act through their membership's role; integrators' API clients act through
the scopes they were created with, each scope naming one permission (``read``,
``upload``...), so a client never holds more than its creator chose. The table is
documented in docs/security.md and walked by tests/api/test_role_matrix.py.
"""

from __future__ import annotations

from enum import StrEnum

from backend.auth.principal import Principal, PrincipalKind
from backend.core.errors import PermissionDenied
from backend.db.enums import Role


class Permission(StrEnum):
    """Capabilities checked by the services; the values are also the API client scopes."""

    READ = "read"
    UPLOAD = "upload"
    REVIEW = "review"
    MANAGE_RULES = "manage_rules"
    EXPORT = "export"
    MANAGE_COMPANIES = "manage_companies"
    MANAGE_USERS = "manage_users"
    MANAGE_API_CLIENTS = "manage_api_clients"
    MANAGE_WEBHOOKS = "manage_webhooks"
    READ_AUDIT = "read_audit"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.MANAGER: frozenset(
        {
            Permission.READ,
            Permission.UPLOAD,
            Permission.REVIEW,
            Permission.MANAGE_RULES,
            Permission.EXPORT,
            Permission.READ_AUDIT,
        }
    ),
    Role.OPERATOR: frozenset({Permission.READ, Permission.UPLOAD, Permission.REVIEW}),
    Role.AUDITOR: frozenset({Permission.READ, Permission.READ_AUDIT}),
}

# Scopes an integrator's client may be given: never user, client or webhook management.
API_CLIENT_SCOPES: frozenset[Permission] = frozenset(
    {
        Permission.READ,
        Permission.UPLOAD,
        Permission.REVIEW,
        Permission.MANAGE_RULES,
        Permission.EXPORT,
        Permission.READ_AUDIT,
    }
)


# Never for support staff acting through a grant, whatever the grant's role: people,
# API clients and webhooks would outlive the grant's time limit.
SUPPORT_EXCLUDED: frozenset[Permission] = frozenset(
    {Permission.MANAGE_USERS, Permission.MANAGE_API_CLIENTS, Permission.MANAGE_WEBHOOKS}
)


def can(principal: Principal, permission: Permission) -> bool:
    """True when the principal's role (or, for an API client, its scopes) grants ``permission``."""
    if principal.totp_enrollment_only:
        return False
    if principal.kind is PrincipalKind.API_CLIENT:
        return permission in API_CLIENT_SCOPES and permission.value in principal.scopes
    if principal.kind is PrincipalKind.SUPPORT and permission in SUPPORT_EXCLUDED:
        return False
    return permission in ROLE_PERMISSIONS[principal.role]


def require(principal: Principal, permission: Permission) -> None:
    """Raise PermissionDenied unless the principal may ``permission``."""
    if not can(principal, permission):
        who = {
            PrincipalKind.API_CLIENT: "this API client",
            PrincipalKind.SUPPORT: f"support access as {principal.role.value}",
        }.get(principal.kind, f"role {principal.role.value}")
        raise PermissionDenied(f"{who} may not {permission.value}")
