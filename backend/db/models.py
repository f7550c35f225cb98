"""Imports every table model so ``metadata`` is complete (Alembic, tests)."""

from backend.audit.models import AuditLog
from backend.auth.models import ApiClient, RefreshToken
from backend.db.base import metadata
from backend.documents.models import Document, DocumentEvent, DocumentInstallment
from backend.files.models import File
from backend.reconciliations.models import Reconciliation, ReconciliationItem
from backend.rules.models import Rule
from backend.search.models import SearchEntryRow
from backend.tenancy.models import BankAccount, Company, Membership, Organization
from backend.transactions.models import CollectionTitle, Transaction
from backend.users.models import User

__all__ = [
    "ApiClient",
    "AuditLog",
    "BankAccount",
    "CollectionTitle",
    "Company",
    "Document",
    "DocumentEvent",
    "DocumentInstallment",
    "File",
    "Membership",
    "Organization",
    "Reconciliation",
    "ReconciliationItem",
    "RefreshToken",
    "Rule",
    "SearchEntryRow",
    "Transaction",
    "User",
    "metadata",
]

# Tables whose rows belong to one organization (row-level security on organization_id).
TENANT_TABLES: tuple[str, ...] = tuple(
    t.name for t in metadata.sorted_tables if "organization_id" in t.columns
)
