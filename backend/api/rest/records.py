"""Documents and transactions: filtered, sorted, cursor-paged lists and one record with
everything GraphQL nests under it (items, installments, events, reconciliations)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.graphql.documents.types import (
    DocumentEventType,
    DocumentItem,
    DocumentType,
    InstallmentType,
    Party,
)
from backend.api.graphql.loaders import group_holding
from backend.api.graphql.reconciliations.types import ReconciliationType
from backend.api.graphql.relay import from_global_id, to_global_id
from backend.api.graphql.transactions.types import BankTransactionType
from backend.api.rest.framework import Call, Resource
from backend.api.rest.models import (
    Date,
    DateTime,
    DecimalText,
    GlobalId,
    Input,
    JsonObject,
    Links,
    Money,
    Output,
    PageInfo,
)
from backend.api.rest.paging import PageQuery, fetch_page, listing
from backend.auth.rbac import Permission
from backend.core.errors import NotFound
from backend.db.enums import (
    DecidedBy,
    Direction,
    DocumentStatus,
    OpenItemStatus,
    ReconciliationStatus,
)
from backend.documents import queries as documents
from backend.documents.filters import DocumentFilter, DocumentSort
from backend.fiscal.model import DocumentKind
from backend.reconciliations import queries as reconciliations
from backend.reconciliations.models import Reconciliation
from backend.statements.model import EntryKind, TransactionType
from backend.transactions import queries as transactions
from backend.transactions.filters import TransactionFilter, TransactionSort

document_routes = Resource("documents")
transaction_routes = Resource("transactions")


class ReasonOut(Output):
    """Why the engine (or a person) linked these items."""

    code: str
    message: str


class DocumentSideOut(Output):
    """A document (or one installment of it) and the amount allocated to it."""

    amount: Money
    document_id: GlobalId | None
    installment_id: GlobalId | None


class TransactionSideOut(Output):
    """A transaction and the amount of it allocated."""

    amount: Money
    transaction_id: GlobalId | None


class ReconciliationOut(Output):
    """Documents joined with transactions (GraphQL ``Reconciliation``), sides by id."""

    id: GlobalId
    status: ReconciliationStatus
    score: DecimalText = Field(description="0 to 1: how sure the engine is.")
    reasons: list[ReasonOut]
    difference: Money = Field(description="Transactions minus documents.")
    decided_by: DecidedBy
    decided_at: DateTime | None
    created_at: DateTime
    rule_id: GlobalId | None
    documents: list[DocumentSideOut]
    transactions: list[TransactionSideOut]


def _id(type_name: str, row_id: uuid.UUID | None) -> str | None:
    return to_global_id(type_name, row_id) if row_id is not None else None


async def reconciliations_out(
    session: AsyncSession, rows: Sequence[Reconciliation]
) -> list[ReconciliationOut]:
    """Reconciliations with their sides (one query for every side of the batch)."""
    items = await reconciliations.items_of(session, [r.id for r in rows])
    answer = []
    for row in rows:
        own = [i for i in items if i.reconciliation_id == row.id]
        graphql = ReconciliationType.from_model(row)
        answer.append(
            ReconciliationOut(
                id=graphql.id,
                status=graphql.status,
                score=graphql.score,
                reasons=[ReasonOut.model_validate(r) for r in graphql.reasons],
                difference=graphql.difference,
                decided_by=graphql.decided_by,
                decided_at=graphql.decided_at,
                created_at=graphql.created_at,
                rule_id=_id("Rule", row.rule_id),
                documents=[
                    DocumentSideOut(
                        amount=i.amount,
                        document_id=_id("Document", i.document_id),
                        installment_id=_id("Installment", i.installment_id),
                    )
                    for i in own
                    if i.side == "document"
                ],
                transactions=[
                    TransactionSideOut(
                        amount=i.amount, transaction_id=_id("Transaction", i.transaction_id)
                    )
                    for i in own
                    if i.side == "transaction"
                ],
            )
        )
    return answer


class AddressOut(Output):
    """A party's address as the document states it."""

    street: str | None
    number: str | None
    district: str | None
    municipality_code: str | None
    municipality: str | None
    uf: str | None
    zip_code: str | None


class PartyOut(Output):
    """Emitter, receiver or another party named by a document."""

    document: str | None
    document_type: str | None
    name: str | None
    state_registration: str | None
    address: AddressOut | None


class TaxOut(Output):
    """One tax group of an item."""

    kind: str
    group: str | None
    cst: str | None
    base: Money | None
    rate: DecimalText | None
    amount: Money | None


class ItemOut(Output):
    """A product or service line."""

    number: int | None
    code: str | None
    gtin: str | None
    description: str | None
    ncm: str | None
    cest: str | None
    cfop: str | None
    unit: str | None
    quantity: DecimalText | None
    unit_price: Money | None
    total: Money | None
    discount: Money | None
    taxes: list[TaxOut]


class InstallmentOut(Output):
    """A due amount of a document (GraphQL ``Installment``)."""

    id: GlobalId
    number: str | None
    due_date: Date | None
    amount: Money
    open_amount: Money
    status: OpenItemStatus


class EventOut(Output):
    """A cancellation, correction letter or manifestation (GraphQL ``DocumentEvent``)."""

    id: GlobalId
    kind: str
    event_type: str
    sequence: int
    cancels: bool
    occurred_at: DateTime | None
    applied_at: DateTime | None
    details: JsonObject


class DocumentOut(Output):
    """A fiscal document's canonical fields (GraphQL ``Document``)."""

    id: GlobalId
    kind: DocumentKind
    layout: str | None
    access_key: str | None
    number: str | None
    series: str | None
    issued_at: DateTime | None
    status: DocumentStatus
    direction: Direction
    counterparty_document: str | None
    total: Money
    confidence: DecimalText
    created_at: DateTime
    company_id: GlobalId | None
    file_id: GlobalId | None
    emitter: PartyOut | None
    receiver: PartyOut | None


class DocumentDetail(DocumentOut):
    """A document with its items, totals, installments, events and reconciliations."""

    totals: JsonObject
    items: list[ItemOut]
    installments: list[InstallmentOut]
    events: list[EventOut]
    reconciliations: list[ReconciliationOut]


class DocumentList(Output):
    """A page of documents."""

    data: list[DocumentOut]
    page_info: PageInfo
    links: Links


def document_out(row: object) -> DocumentOut:
    """A documents row as GraphQL's Document converts it."""
    graphql = DocumentType.from_model(row)  # type: ignore[arg-type]
    payload = graphql.row.payload
    return DocumentOut(
        **{name: getattr(graphql, name) for name in _DOCUMENT_FIELDS},
        company_id=_id("Company", graphql.row.company_id),
        file_id=_id("File", graphql.row.file_id),
        emitter=_party(payload.get("emitter")),
        receiver=_party(payload.get("receiver")),
    )


_DOCUMENT_FIELDS = [
    "id",
    "kind",
    "layout",
    "access_key",
    "number",
    "series",
    "issued_at",
    "status",
    "direction",
    "counterparty_document",
    "total",
    "confidence",
    "created_at",
]


def _party(data: object) -> PartyOut | None:
    party = Party.from_payload(data)  # type: ignore[arg-type]
    return PartyOut.model_validate(party) if party is not None else None


class DocumentFilterIn(Input):
    """Filters of documents (GraphQL ``DocumentFilterInput``): the list's and an export's."""

    status: list[DocumentStatus] | None = None
    kind: list[DocumentKind] | None = None
    direction_of: list[Direction] | None = Field(
        None, alias="flow", description="Incoming or outgoing documents."
    )
    company_id: GlobalId | None = None
    counterparty: str | None = Field(None, description="CNPJ/CPF (any punctuation) or name.")
    issued_from: datetime | None = None
    issued_to: datetime | None = Field(None, description="Exclusive.")
    amount_min: Money | None = None
    amount_max: Money | None = None
    text: str | None = Field(None, description="Number, access key or a party's name.")
    open_status: list[OpenItemStatus] | None = Field(
        None, description="Documents with an installment in one of these states."
    )

    def to_filter(self) -> DocumentFilter:
        """As the services' DocumentFilter."""
        return DocumentFilter(
            statuses=_tuple(self.status),
            kinds=_tuple(self.kind),
            directions=_tuple(self.direction_of),
            company_id=from_global_id(self.company_id, "Company") if self.company_id else None,
            counterparty=self.counterparty,
            issued_from=self.issued_from,
            issued_to=self.issued_to,
            amount_min=self.amount_min,
            amount_max=self.amount_max,
            text=self.text,
            open_statuses=_tuple(self.open_status),
        )


class DocumentsQuery(PageQuery, DocumentFilterIn):
    """The documents list's query string: filters, sort, page."""

    sort: DocumentSort = DocumentSort.ISSUED_AT


def _tuple(values: Sequence[str] | None) -> tuple[str, ...] | None:
    return tuple(str(v) for v in values) if values else None


@document_routes.route(
    "GET", "/v1/documents", requires=Permission.READ, query=DocumentsQuery, response=DocumentList
)
async def list_documents(call: Call) -> DocumentList:
    """Fiscal documents, filtered and sorted, one cursor page at a time."""
    query = call.params(DocumentsQuery)
    where = query.to_filter()
    page = await fetch_page(
        call,
        lambda session, principal: documents.page_documents(
            session,
            principal,
            where,
            query.sort,
            descending=query.descending,
            request=query.page_request(),
        ),
    )
    return DocumentList(**listing(call, page, document_out))


@document_routes.route(
    "GET",
    "/v1/documents/{id}",
    requires=Permission.READ,
    response=DocumentDetail,
    errors=(404,),
    not_found="document not found",
)
async def get_document(call: Call) -> DocumentDetail:
    """One document with items, installments, events and reconciliations."""
    document_id = call.global_id("Document")
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        found = await documents.documents_by_ids(session, [document_id])
        if not found:
            raise NotFound("document not found")
        row = found[0]
        installments = await documents.installments_by_documents(session, [row.id])
        events = (
            await documents.events_by_access_keys(session, [row.access_key])
            if row.access_key
            else []
        )
        holding = await reconciliations.reconciliations_holding(session, "document_id", [row.id])
        reconciled = await reconciliations_out(session, group_holding(holding, [row.id])[row.id])
    payload = row.payload
    return DocumentDetail(
        **document_out(row).model_dump(),
        # As GraphQL's Document.totals: a layout without totals still states the total.
        totals=payload.get("totals") or {"total": str(row.total_amount)},
        items=[
            ItemOut.model_validate(DocumentItem.from_payload(item))
            for item in payload.get("items") or []
        ],
        installments=[
            InstallmentOut.model_validate(InstallmentType.from_model(i)) for i in installments
        ],
        events=[EventOut.model_validate(DocumentEventType.from_model(e)) for e in events],
        reconciliations=reconciled,
    )


class CounterpartyOut(Output):
    """Who paid or was paid."""

    document: str | None
    name: str | None


class TransactionOut(Output):
    """A money movement on an account, credit positive (GraphQL ``Transaction``)."""

    id: GlobalId
    posted_on: Date
    amount: Money
    open_amount: Money
    currency: str
    description: str
    type: TransactionType
    entry_kind: EntryKind
    status: OpenItemStatus
    counterparty: CounterpartyOut
    references: JsonObject
    fingerprint: str
    balance: Money | None
    created_at: DateTime
    bank_account_id: GlobalId
    file_id: GlobalId | None


class TransactionDetail(TransactionOut):
    """A transaction with the reconciliations holding it."""

    reconciliations: list[ReconciliationOut]


class TransactionList(Output):
    """A page of transactions."""

    data: list[TransactionOut]
    page_info: PageInfo
    links: Links


def transaction_out(row: object) -> TransactionOut:
    """A transactions row as GraphQL's Transaction converts it."""
    graphql = BankTransactionType.from_model(row)  # type: ignore[arg-type]
    return TransactionOut(
        **{name: getattr(graphql, name) for name in _TRANSACTION_FIELDS},
        counterparty=CounterpartyOut.model_validate(graphql.counterparty),
        bank_account_id=to_global_id("BankAccount", graphql.row.bank_account_id),
        file_id=_id("File", graphql.row.file_id),
    )


_TRANSACTION_FIELDS = [
    "id",
    "posted_on",
    "amount",
    "open_amount",
    "currency",
    "description",
    "type",
    "entry_kind",
    "status",
    "references",
    "fingerprint",
    "balance",
    "created_at",
]


class TransactionsQuery(PageQuery):
    """Filters of the transactions list (GraphQL ``TransactionFilterInput``)."""

    status: list[OpenItemStatus] | None = None
    type: list[TransactionType] | None = None
    entry_kind: list[EntryKind] | None = None
    bank_account_id: GlobalId | None = None
    company_id: GlobalId | None = None
    counterparty: str | None = Field(None, description="CNPJ/CPF (any punctuation) or name.")
    posted_from: date | None = None
    posted_to: date | None = Field(None, description="Inclusive.")
    amount_min: Money | None = None
    amount_max: Money | None = None
    text: str | None = Field(None, description="Part of the memo or the counterparty's name.")
    sort: TransactionSort = TransactionSort.POSTED_ON


@transaction_routes.route(
    "GET",
    "/v1/transactions",
    requires=Permission.READ,
    query=TransactionsQuery,
    response=TransactionList,
)
async def list_transactions(call: Call) -> TransactionList:
    """Bank, card and ledger entries, filtered and sorted, one cursor page at a time."""
    query = call.params(TransactionsQuery)
    where = TransactionFilter(
        statuses=_tuple(query.status),
        types=_tuple(query.type),
        entry_kinds=_tuple(query.entry_kind),
        bank_account_id=(
            from_global_id(query.bank_account_id, "BankAccount") if query.bank_account_id else None
        ),
        company_id=from_global_id(query.company_id, "Company") if query.company_id else None,
        counterparty=query.counterparty,
        posted_from=query.posted_from,
        posted_to=query.posted_to,
        amount_min=Decimal(query.amount_min) if query.amount_min is not None else None,
        amount_max=Decimal(query.amount_max) if query.amount_max is not None else None,
        text=query.text,
    )
    page = await fetch_page(
        call,
        lambda session, principal: transactions.page_transactions(
            session,
            principal,
            where,
            query.sort,
            descending=query.descending,
            request=query.page_request(),
        ),
    )
    return TransactionList(**listing(call, page, transaction_out))


@transaction_routes.route(
    "GET",
    "/v1/transactions/{id}",
    requires=Permission.READ,
    response=TransactionDetail,
    errors=(404,),
    not_found="transaction not found",
)
async def get_transaction(call: Call) -> TransactionDetail:
    """One transaction with the reconciliations holding it."""
    transaction_id = call.global_id("Transaction")
    principal = call.principal
    async with call.state.database.tenant_session(principal.organization_id) as session:
        found = await transactions.transactions_by_ids(session, [transaction_id])
        if not found:
            raise NotFound("transaction not found")
        holding = await reconciliations.reconciliations_holding(
            session, "transaction_id", [transaction_id]
        )
        reconciled = await reconciliations_out(
            session, group_holding(holding, [transaction_id])[transaction_id]
        )
    return TransactionDetail(**transaction_out(found[0]).model_dump(), reconciliations=reconciled)
