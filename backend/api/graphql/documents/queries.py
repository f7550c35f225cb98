"""documents connection and node loaders for documents, installments and events."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.documents.types import (
    DocumentConnection,
    DocumentEventType,
    DocumentType,
    InstallmentType,
)
from backend.api.graphql.enums import (
    DirectionEnum,
    DocumentKindEnum,
    DocumentSortEnum,
    DocumentStatusEnum,
    OpenItemStatusEnum,
)
from backend.api.graphql.prefetch import page_prefetch, prefetch_documents
from backend.api.graphql.relay import (
    Money,
    SortDirection,
    from_global_id,
    node_loader,
    page_request,
    resolve_connection,
)
from backend.documents import queries
from backend.documents.filters import DocumentFilter, DocumentSort


@strawberry.input
class DocumentFilterInput:
    """Narrow the documents list; every field is optional and they combine with AND."""

    status: list[DocumentStatusEnum] | None = None
    kind: list[DocumentKindEnum] | None = None
    direction: list[DirectionEnum] | None = None
    company_id: strawberry.ID | None = None
    counterparty: str | None = strawberry.field(
        default=None, description="CNPJ/CPF (any punctuation) or part of the name."
    )
    issued_from: datetime | None = None
    issued_to: datetime | None = strawberry.field(default=None, description="Exclusive.")
    amount_min: Money | None = None
    amount_max: Money | None = None
    text: str | None = strawberry.field(
        default=None, description="Part of the number, access key or a party's name."
    )
    open_status: list[OpenItemStatusEnum] | None = strawberry.field(
        default=None, description="Documents with an installment in one of these states."
    )

    def to_filter(self) -> DocumentFilter:
        """As the repository's filter."""
        return DocumentFilter(
            statuses=tuple(s.value for s in self.status) if self.status else None,
            kinds=tuple(k.value for k in self.kind) if self.kind else None,
            directions=tuple(d.value for d in self.direction) if self.direction else None,
            company_id=from_global_id(self.company_id, "Company") if self.company_id else None,
            counterparty=self.counterparty,
            issued_from=self.issued_from,
            issued_to=self.issued_to,
            amount_min=Decimal(self.amount_min) if self.amount_min is not None else None,
            amount_max=Decimal(self.amount_max) if self.amount_max is not None else None,
            text=self.text,
            open_statuses=tuple(s.value for s in self.open_status) if self.open_status else None,
        )


@strawberry.type
class DocumentQueries:
    """Fiscal documents."""

    @strawberry.field(description="The organization's fiscal documents, filtered and sorted.")
    async def documents(
        self,
        info: Info,
        filter: DocumentFilterInput | None = None,
        sort: DocumentSortEnum = DocumentSort.ISSUED_AT,
        direction: SortDirection = SortDirection.DESC,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> DocumentConnection:
        """A page of documents (at most 100)."""
        where = filter.to_filter() if filter else DocumentFilter()
        return await resolve_connection(
            info,
            lambda session, principal: queries.page_documents(
                session,
                principal,
                where,
                DocumentSort(sort),
                descending=direction is SortDirection.DESC,
                request=page_request(first, after, last, before),
            ),
            lambda session: queries.count_documents(session, where),
            DocumentType.from_model,
            prefetch=page_prefetch(
                info.context.loaders, prefetch_documents, DocumentType.from_model
            ),
        )


@node_loader("Document")
async def load_document(info: Info, row_id: uuid.UUID) -> DocumentType | None:
    """node(id) for documents."""
    found = await info.context.loaders().document.load(row_id)
    return DocumentType.from_model(found) if found else None


@node_loader("Installment")
async def load_installment(info: Info, row_id: uuid.UUID) -> InstallmentType | None:
    """node(id) for installments."""
    found = await info.context.loaders().installment.load(row_id)
    return InstallmentType.from_model(found) if found else None


@node_loader("DocumentEvent")
async def load_event(info: Info, row_id: uuid.UUID) -> DocumentEventType | None:
    """node(id) for document events."""
    principal = info.context.require_principal()
    async with info.context.state.database.tenant_session(principal.organization_id) as session:
        found = await queries.event_by_id(session, row_id)
    return DocumentEventType.from_model(found) if found else None
