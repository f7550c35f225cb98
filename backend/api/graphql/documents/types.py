"""GraphQL types for fiscal documents, their items, installments and events."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from backend.api.graphql.context import Info
from backend.api.graphql.enums import (
    DirectionEnum,
    DocumentKindEnum,
    DocumentStatusEnum,
    OpenItemStatusEnum,
)
from backend.api.graphql.prefetch import MaybeAwaitable, Prefetched, prefetched_or_loaded
from backend.api.graphql.relay import Connection, Money, Node, money, to_global_id
from backend.documents.models import Document, DocumentEvent, DocumentInstallment

if TYPE_CHECKING:
    from backend.api.graphql.companies.types import CompanyType
    from backend.api.graphql.files.types import FileType
    from backend.api.graphql.reconciliations.types import ReconciliationType

_Reconciliation = Annotated[
    "ReconciliationType", strawberry.lazy("backend.api.graphql.reconciliations.types")
]
_File = Annotated["FileType", strawberry.lazy("backend.api.graphql.files.types")]
_Company = Annotated["CompanyType", strawberry.lazy("backend.api.graphql.companies.types")]


def _money(value: Any) -> Money | None:
    return Money(Decimal(value)) if value not in (None, "") else None


def _decimal(value: Any) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


@strawberry.type
class Address:
    """A party's address as the document states it."""

    street: str | None
    number: str | None
    district: str | None
    municipality_code: str | None
    municipality: str | None
    uf: str | None
    zip_code: str | None


@strawberry.type
class Party:
    """Emitter, receiver or another party named by a document."""

    document: str | None = strawberry.field(description="CNPJ/CPF digits or a foreign id.")
    document_type: str | None
    name: str | None
    state_registration: str | None
    address: Address | None

    @classmethod
    def from_payload(cls, data: dict[str, Any] | None) -> Party | None:
        """From the canonical JSON."""
        if not data:
            return None
        address = data.get("address") or None
        return cls(
            document=data.get("document"),
            document_type=data.get("document_type"),
            name=data.get("name"),
            state_registration=data.get("state_registration"),
            address=(
                Address(
                    street=address.get("street"),
                    number=address.get("number"),
                    district=address.get("district"),
                    municipality_code=address.get("municipality_code"),
                    municipality=address.get("municipality"),
                    uf=address.get("uf"),
                    zip_code=address.get("zip_code"),
                )
                if address
                else None
            ),
        )


@strawberry.type
class Tax:
    """One tax group of an item (ICMS by CST/CSOSN, IPI, PIS, COFINS, IBS, CBS, IS...)."""

    kind: str
    group: str | None
    cst: str | None
    base: Money | None
    rate: Decimal | None
    amount: Money | None


@strawberry.type
class DocumentItem:
    """A product or service line."""

    number: int | None
    code: str | None
    gtin: str | None
    description: str | None
    ncm: str | None
    cest: str | None
    cfop: str | None
    unit: str | None
    quantity: Decimal | None
    unit_price: Money | None
    total: Money | None
    discount: Money | None
    taxes: list[Tax]

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> DocumentItem:
        """From the canonical JSON."""
        return cls(
            number=data.get("number"),
            code=data.get("code"),
            gtin=data.get("gtin"),
            description=data.get("description"),
            ncm=data.get("ncm"),
            cest=data.get("cest"),
            cfop=data.get("cfop"),
            unit=data.get("unit"),
            quantity=_decimal(data.get("quantity")),
            unit_price=_money(data.get("unit_price")),
            total=_money(data.get("total")),
            discount=_money(data.get("discount")),
            taxes=[
                Tax(
                    kind=tax.get("kind", ""),
                    group=tax.get("group"),
                    cst=tax.get("cst"),
                    base=_money(tax.get("base")),
                    rate=_decimal(tax.get("rate")),
                    amount=_money(tax.get("amount")),
                )
                for tax in data.get("taxes") or []
            ],
        )


@strawberry.type
class Payment:
    """A payment form (detPag): method code, amount, card data."""

    method: str | None
    amount: Money | None
    description: str | None
    card_brand: str | None
    card_authorization: str | None


@strawberry.type
class DocumentWarning:
    """Something odd about a document that did not stop it from being stored."""

    code: str
    message: str


@strawberry.type(name="DocumentEvent")
class DocumentEventType(Node):
    """A cancellation, correction letter or manifestation naming the document's key."""

    id: strawberry.ID
    kind: str
    event_type: str
    sequence: int
    cancels: bool
    occurred_at: datetime | None
    applied_at: datetime | None
    details: JSON

    @classmethod
    def from_model(cls, event: DocumentEvent) -> DocumentEventType:
        """From the table model."""
        return cls(
            id=to_global_id("DocumentEvent", event.id),
            kind=event.kind,
            event_type=event.event_type,
            sequence=event.sequence,
            cancels=event.cancels,
            occurred_at=event.occurred_at,
            applied_at=event.applied_at,
            details=cast(JSON, event.payload),
        )


@strawberry.type(name="Installment")
class InstallmentType(Node):
    """A due amount of a document (an NF-e dup), or the whole document when it has none."""

    id: strawberry.ID
    number: str | None
    due_date: date | None
    amount: Money
    open_amount: Money
    status: OpenItemStatusEnum
    row: strawberry.Private[DocumentInstallment]
    # Rows a connection page fetched ahead (see backend/api/graphql/prefetch.py).
    prefetched: strawberry.Private[Prefetched | None] = None

    @classmethod
    def from_model(
        cls, installment: DocumentInstallment, prefetched: Prefetched | None = None
    ) -> InstallmentType:
        """From the table model (and what its page prefetched, if it was on one)."""
        return cls(
            id=to_global_id("Installment", installment.id),
            number=installment.number,
            due_date=installment.due_date,
            amount=money(installment.amount),
            open_amount=money(installment.open_amount),
            status=OpenItemStatusEnum(installment.status),
            row=installment,
            prefetched=prefetched,
        )

    @strawberry.field
    async def document(self, info: Info) -> DocumentType | None:
        """The document this installment belongs to."""
        found = await info.context.loaders().document.load(self.row.document_id)
        return DocumentType.from_model(found) if found else None

    @strawberry.field(
        description="Matches and suggestions that hold this installment.",
        graphql_type=list[_Reconciliation],
    )
    def reconciliations(self, info: Info) -> MaybeAwaitable[list[ReconciliationType]]:
        """Prefetched with a page of documents, else batched per request."""
        from backend.api.graphql.reconciliations.types import ReconciliationType

        prefetched = self.prefetched
        installment_id = self.row.id
        return prefetched_or_loaded(
            prefetched.reconciliations_of_installment.get(installment_id) if prefetched else None,
            lambda: info.context.loaders().reconciliations_of_installment.load(installment_id),
            lambda rows: [ReconciliationType.from_model(r, prefetched) for r in rows],
        )


@strawberry.type(name="Document")
class DocumentType(Node):
    """A fiscal document in canonical form (NF-e, NFC-e, NFS-e, CT-e, or a DANFE alone)."""

    id: strawberry.ID
    kind: DocumentKindEnum
    layout: str | None
    access_key: str | None
    number: str | None
    series: str | None
    issued_at: datetime | None
    status: DocumentStatusEnum
    direction: DirectionEnum
    counterparty_document: str | None
    total: Money
    confidence: Decimal = strawberry.field(description="1 for XML; lower for a DANFE PDF read.")
    created_at: datetime
    row: strawberry.Private[Document]
    # Rows a connection page fetched ahead (see backend/api/graphql/prefetch.py).
    prefetched: strawberry.Private[Prefetched | None] = None

    @classmethod
    def from_model(cls, document: Document, prefetched: Prefetched | None = None) -> DocumentType:
        """From the table model (and what its page prefetched, if it was on one)."""
        return cls(
            id=to_global_id("Document", document.id),
            kind=DocumentKindEnum(document.kind),
            layout=document.payload.get("layout"),
            access_key=document.access_key,
            number=document.number,
            series=document.series,
            issued_at=document.issued_at,
            status=DocumentStatusEnum(document.status),
            direction=DirectionEnum(document.direction),
            counterparty_document=document.counterparty_tax_id,
            total=money(document.total_amount),
            confidence=document.confidence,
            created_at=document.created_at,
            row=document,
            prefetched=prefetched,
        )

    @strawberry.field
    def emitter(self) -> Party | None:
        """Who issued it."""
        return Party.from_payload(self.row.payload.get("emitter"))

    @strawberry.field
    def receiver(self) -> Party | None:
        """Who it was issued to (the taker for NFS-e)."""
        return Party.from_payload(self.row.payload.get("receiver"))

    @strawberry.field(description="Every total the layout gives, as decimal strings.")
    def totals(self) -> JSON:
        """ICMSTot, the reform's totals, NFS-e amounts, CT-e vTPrest..."""
        return cast(JSON, self.row.payload.get("totals") or {"total": str(self.row.total_amount)})

    @strawberry.field
    def items(self) -> list[DocumentItem]:
        """Product or service lines with their taxes."""
        return [DocumentItem.from_payload(item) for item in self.row.payload.get("items") or []]

    @strawberry.field
    def payments(self) -> list[Payment]:
        """Payment forms (detPag)."""
        return [
            Payment(
                method=p.get("method"),
                amount=_money(p.get("amount")),
                description=p.get("description"),
                card_brand=p.get("card_brand"),
                card_authorization=p.get("card_authorization"),
            )
            for p in self.row.payload.get("payments") or []
        ]

    @strawberry.field
    def warnings(self) -> list[DocumentWarning]:
        """What looked wrong (a key that disagrees with the fields, totals that do not add up)."""
        return [
            DocumentWarning(code=w.get("code", ""), message=w.get("message", ""))
            for w in self.row.warnings
        ]

    @strawberry.field(description="The whole canonical model (the parse command's JSON).")
    def canonical(self) -> JSON:
        """Everything the parser read."""
        return cast(JSON, self.row.payload)

    # A document's lists stay async even when prefetched (why: the module docstring of
    # backend/api/graphql/prefetch.py); below them, resolvers answer synchronously.
    @strawberry.field
    async def installments(self, info: Info) -> list[InstallmentType]:
        """Due amounts, in due order."""
        prefetched = self.prefetched
        rows = prefetched.installments_of_document.get(self.row.id) if prefetched else None
        if rows is None:
            rows = await info.context.loaders().installments_of_document.load(self.row.id)
        return [InstallmentType.from_model(r, prefetched) for r in rows]

    @strawberry.field
    async def events(self, info: Info) -> list[DocumentEventType]:
        """Events naming this document's access key, oldest first."""
        if not self.row.access_key:
            return []
        rows = await info.context.loaders().events_of_access_key.load(self.row.access_key)
        return [DocumentEventType.from_model(r) for r in rows]

    @strawberry.field(description="Matches and suggestions that hold this document.")
    async def reconciliations(self, info: Info) -> list[_Reconciliation]:
        """Prefetched with a page of documents, else batched per request."""
        from backend.api.graphql.reconciliations.types import ReconciliationType

        prefetched = self.prefetched
        rows = prefetched.reconciliations_of_document.get(self.row.id) if prefetched else None
        if rows is None:
            rows = await info.context.loaders().reconciliations_of_document.load(self.row.id)
        return [ReconciliationType.from_model(r, prefetched) for r in rows]

    @strawberry.field(description="The uploaded XML (or archive member) it came from.")
    async def file(self, info: Info) -> _File | None:
        """Batched per request."""
        return await _file(info, self.row.file_id)

    @strawberry.field(description="The DANFE PDF linked to this document by access key.")
    async def danfe(self, info: Info) -> _File | None:
        """Batched per request."""
        return await _file(info, self.row.danfe_file_id)

    @strawberry.field(description="The organization's company on this document.")
    async def company(self, info: Info) -> _Company | None:
        """Batched per request."""
        from backend.api.graphql.companies.types import CompanyType

        if self.row.company_id is None:
            return None
        found = await info.context.loaders().company.load(self.row.company_id)
        return CompanyType.from_model(found) if found else None


async def _file(info: Info, file_id: uuid.UUID | None) -> FileType | None:
    from backend.api.graphql.files.types import FileType

    if file_id is None:
        return None
    found = await info.context.loaders().file.load(file_id)
    return FileType.from_model(found) if found else None


DocumentConnection = Connection[DocumentType]
