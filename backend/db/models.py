"""Imports every table model so ``metadata`` is complete (Alembic, tests)."""

from backend.api.rest.idempotency import IdempotencyKey
from backend.audit.models import AuditLog
from backend.auth.models import ApiClient, RefreshToken
from backend.db.base import metadata
from backend.documents.models import Document, DocumentEvent, DocumentInstallment
from backend.exports.models import Export
from backend.files.models import File
from backend.reconciliations.models import Reconciliation, ReconciliationItem
from backend.rules.models import Rule, RuleVersion
from backend.search.models import SearchEntryRow
from backend.support.models import PlatformAuditLog, SupportGrant
from backend.tenancy.models import BankAccount, Company, Membership, Organization
from backend.transactions.models import CollectionTitle, Transaction
from backend.users.models import Invitation, User
from backend.webhooks.models import WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiClient",
    "AuditLog",
    "BankAccount",
    "CollectionTitle",
    "Company",
    "Document",
    "DocumentEvent",
    "DocumentInstallment",
    "Export",
    "File",
    "IdempotencyKey",
    "Invitation",
    "Membership",
    "Organization",
    "PlatformAuditLog",
    "Reconciliation",
    "ReconciliationItem",
    "RefreshToken",
    "Rule",
    "RuleVersion",
    "SearchEntryRow",
    "SupportGrant",
    "Transaction",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
    "metadata",
]

# Tables whose rows belong to one organization (row-level security on organization_id).
TENANT_TABLES: tuple[str, ...] = tuple(
    t.name for t in metadata.sorted_tables if "organization_id" in t.columns
)

# Tenant tables the application role may only insert into and read.
APPEND_ONLY_TABLES: tuple[str, ...] = ("audit_logs", "rule_versions")
