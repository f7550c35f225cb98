"""Role-based access: which role may do what. One table, read by the API layer."""

from __future__ import annotations

from enum import StrEnum

from backend.auth.principal import Principal
from backend.core.errors import PermissionDenied
from backend.db.enums import Role


class Permission(StrEnum):
    """Capabilities checked at the API boundary."""

    READ = "read"
    UPLOAD = "upload"
    REVIEW = "review"
    MANAGE_RULES = "manage_rules"
    MANAGE_COMPANIES = "manage_companies"
    MANAGE_USERS = "manage_users"
    MANAGE_API_CLIENTS = "manage_api_clients"
    READ_AUDIT = "read_audit"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.MANAGER: frozenset(
        {
            Permission.READ,
            Permission.UPLOAD,
            Permission.REVIEW,
            Permission.MANAGE_RULES,
            Permission.MANAGE_COMPANIES,
            Permission.READ_AUDIT,
        }
    ),
    Role.OPERATOR: frozenset({Permission.READ, Permission.UPLOAD, Permission.REVIEW}),
    Role.AUDITOR: frozenset({Permission.READ, Permission.READ_AUDIT}),
}


def can(principal: Principal, permission: Permission) -> bool:
    """True when the principal's role grants ``permission``."""
    return permission in ROLE_PERMISSIONS[principal.role]


def require(principal: Principal, permission: Permission) -> None:
    """Raise PermissionDenied unless the principal's role grants ``permission``."""
    if not can(principal, permission):
        raise PermissionDenied(f"role {principal.role.value} may not {permission.value}")
