"""What each GraphQL mutation and each query field needs, for the docs and the role matrix.

The services enforce permissions (``backend.auth.rbac.require``); this table states
what they must enforce, field by field. tests/api/test_role_matrix.py walks it: every
mutation of the schema must be listed, and every role and API-client scope set gets
PERMISSION_DENIED exactly where the table says. docs/api.md prints it.
"""

from __future__ import annotations

from enum import StrEnum

from backend.auth.rbac import Permission


class Access(StrEnum):
    """Fields that need no permission of the table."""

    PUBLIC = "public"  # no token: login, refresh, invitations
    SELF = "self"  # any authenticated caller, about themselves (TOTP enrollment)
    STAFF = "staff"  # platform support staff's own token, outside any organization


Requirement = Permission | Access

MUTATIONS: dict[str, Requirement] = {
    "login": Access.PUBLIC,
    "refresh": Access.PUBLIC,
    "logout": Access.PUBLIC,
    "acceptInvitation": Access.PUBLIC,
    "staffLogin": Access.PUBLIC,
    "supportToken": Access.STAFF,
    "beginStaffTotpEnrollment": Access.STAFF,
    "confirmStaffTotpEnrollment": Access.STAFF,
    "beginTotpEnrollment": Access.SELF,
    "confirmTotpEnrollment": Access.SELF,
    "disableTotp": Access.SELF,
    "uploadFile": Permission.UPLOAD,
    "reprocessFile": Permission.UPLOAD,
    "acceptSuggestion": Permission.REVIEW,
    "rejectSuggestion": Permission.REVIEW,
    "acceptSuggestions": Permission.REVIEW,
    "rejectSuggestions": Permission.REVIEW,
    "undoDecision": Permission.REVIEW,
    "undoBatch": Permission.REVIEW,
    "matchManually": Permission.REVIEW,
    "unmatch": Permission.REVIEW,
    "triggerReconciliation": Permission.REVIEW,
    "createRule": Permission.MANAGE_RULES,
    "updateRule": Permission.MANAGE_RULES,
    "deleteRule": Permission.MANAGE_RULES,
    "testRule": Permission.MANAGE_RULES,
    "exportDocuments": Permission.EXPORT,
    "exportReconciliations": Permission.EXPORT,
    "createCompany": Permission.MANAGE_COMPANIES,
    "updateCompany": Permission.MANAGE_COMPANIES,
    "deleteCompany": Permission.MANAGE_COMPANIES,
    "createBankAccount": Permission.MANAGE_COMPANIES,
    "updateBankAccount": Permission.MANAGE_COMPANIES,
    "deleteBankAccount": Permission.MANAGE_COMPANIES,
    "inviteUser": Permission.MANAGE_USERS,
    "revokeInvitation": Permission.MANAGE_USERS,
    "changeRole": Permission.MANAGE_USERS,
    "deactivateUser": Permission.MANAGE_USERS,
    "grantSupportAccess": Permission.MANAGE_USERS,
    "revokeSupportAccess": Permission.MANAGE_USERS,
    "createApiClient": Permission.MANAGE_API_CLIENTS,
    "revokeApiClient": Permission.MANAGE_API_CLIENTS,
    "registerWebhook": Permission.MANAGE_WEBHOOKS,
    "updateWebhook": Permission.MANAGE_WEBHOOKS,
    "deleteWebhook": Permission.MANAGE_WEBHOOKS,
    "rotateWebhookSecret": Permission.MANAGE_WEBHOOKS,
    "redeliverWebhook": Permission.MANAGE_WEBHOOKS,
}
"""Every mutation. ``triggerReconciliation(force: true)`` also needs manage_rules."""

QUERIES: dict[str, Requirement] = {
    "me": Access.SELF,
    "invitationPreview": Access.PUBLIC,
    "invitations": Permission.MANAGE_USERS,
    "totpStatus": Access.SELF,
    "tenantDirectory": Access.STAFF,
    "mySupportGrants": Access.STAFF,
    "platformLinks": Access.STAFF,
    "supportGrants": Permission.READ_AUDIT,
    "auditLog": Permission.READ_AUDIT,
    "apiClients": Permission.MANAGE_API_CLIENTS,
    "webhooks": Permission.MANAGE_WEBHOOKS,
    "webhookDeliveries": Permission.MANAGE_WEBHOOKS,
    "export": Permission.EXPORT,
    "exports": Permission.EXPORT,
}
"""Query fields needing more than ``read`` (every other query field needs ``read``)."""
