"""The product's closed vocabularies as GraphQL enums (values are the stored strings).

``strawberry.enum`` registers each existing StrEnum under a GraphQL name; the
aliases below are the same classes, named for the API layer.
"""

from __future__ import annotations

import strawberry

from backend.db.enums import (
    ActorType,
    DecidedBy,
    Direction,
    DocumentStatus,
    FileStatus,
    OpenItemStatus,
    ReconciliationStatus,
    Role,
)
from backend.documents.filters import DocumentSort
from backend.files.filters import FileSort
from backend.fiscal.model import DocumentKind
from backend.reconciliations.filters import ReconciliationSort
from backend.statements.model import EntryKind, TransactionType
from backend.transactions.filters import TransactionSort

for _enum in (
    ActorType,
    DecidedBy,
    Direction,
    DocumentStatus,
    FileStatus,
    OpenItemStatus,
    ReconciliationStatus,
    Role,
    DocumentKind,
    EntryKind,
    TransactionType,
    DocumentSort,
    FileSort,
    ReconciliationSort,
    TransactionSort,
):
    strawberry.enum(_enum)

ActorTypeEnum = ActorType
DecidedByEnum = DecidedBy
DirectionEnum = Direction
DocumentStatusEnum = DocumentStatus
FileStatusEnum = FileStatus
OpenItemStatusEnum = OpenItemStatus
ReconciliationStatusEnum = ReconciliationStatus
RoleEnum = Role
DocumentKindEnum = DocumentKind
EntryKindEnum = EntryKind
TransactionTypeEnum = TransactionType
DocumentSortEnum = DocumentSort
FileSortEnum = FileSort
ReconciliationSortEnum = ReconciliationSort
TransactionSortEnum = TransactionSort
