"""SQL for documents, installments and events: bulk upserts keyed by natural identity."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    func,
    literal_column,
    or_,
    text,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from backend.db.bulk import batches
from backend.db.pagination import (
    Page,
    PageRequest,
    SortColumn,
    count_rows,
    keyset_page,
    like_pattern,
)
from backend.documents.filters import DocumentFilter, DocumentSort
from backend.documents.models import Document, DocumentEvent, DocumentInstallment

# Columns an XML (or a better-confidence rendering) overwrites on re-import.
_REFRESHED = (
    "company_id",
    "file_id",
    "kind",
    "access_key",
    "number",
    "series",
    "issued_at",
    "direction",
    "issuer_tax_id",
    "issuer_name",
    "recipient_tax_id",
    "recipient_name",
    "counterparty_tax_id",
    "total_amount",
    "confidence",
    "payload",
    "warnings",
    "updated_at",
)


async def upsert_documents(
    session: AsyncSession, rows: Sequence[dict[str, Any]]
) -> list[tuple[uuid.UUID, str, bool]]:
    """Insert or refresh documents; return (id, natural_key, inserted) of rows written.

    A row only replaces one of lower or equal confidence (an XML replaces its DANFE, a
    DANFE never replaces its XML); a cancellation already applied is never undone, and
    a linked DANFE file is kept.
    """
    written: list[tuple[uuid.UUID, str, bool]] = []
    table = Document.__table__  # type: ignore[attr-defined]
    for batch in batches(rows):
        base = insert(table).values(batch)
        excluded = base.excluded
        updates: dict[str, Any] = {name: excluded[name] for name in _REFRESHED}
        updates["status"] = text(
            "CASE WHEN documents.status = 'cancelled' THEN documents.status"
            " ELSE excluded.status END"
        )
        updates["danfe_file_id"] = text("coalesce(documents.danfe_file_id, excluded.danfe_file_id)")
        statement = base.on_conflict_do_update(
            index_elements=["organization_id", "natural_key"],
            set_=updates,
            where=table.c.confidence <= excluded.confidence,
        ).returning(table.c.id, table.c.natural_key, text("(xmax = 0) AS inserted"))
        result = await session.execute(statement)
        written.extend((row[0], row[1], bool(row[2])) for row in result.all())
    return written


async def link_danfes(session: AsyncSession, links: Sequence[tuple[str, uuid.UUID]]) -> int:
    """Point XML documents at the DANFE PDFs (natural key, file id) that render them."""
    if not links:
        return 0
    result = await session.execute(
        text(
            "update documents d set danfe_file_id = l.file_id, updated_at = now()"
            " from unnest(cast(:keys as text[]), cast(:files as uuid[])) as l(natural_key, file_id)"
            " where d.natural_key = l.natural_key and d.kind <> 'danfe'"
            " and d.danfe_file_id is null"
        ),
        {"keys": [k for k, _ in links], "files": [f for _, f in links]},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def drop_whole_document_installments(
    session: AsyncSession, document_ids: Sequence[uuid.UUID]
) -> None:
    """Remove untouched whole-document installments of documents that now have dups."""
    if document_ids:
        await session.execute(
            text(
                "delete from document_installments i where i.document_id = any(:ids)"
                " and i.number is null and i.status = 'open' and i.open_amount = i.amount"
                " and not exists (select 1 from reconciliation_items r"
                " where r.installment_id = i.id)"
            ),
            {"ids": list(document_ids)},
        )


async def insert_installments(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Insert installments that do not exist yet (re-imports keep open balances)."""
    inserted = 0
    for batch in batches(rows):
        statement = (
            insert(DocumentInstallment.__table__)  # type: ignore[attr-defined]
            .values(batch)
            .on_conflict_do_nothing(index_elements=["document_id", "number"])
        )
        result = await session.execute(statement)
        inserted += int(result.rowcount)  # type: ignore[attr-defined]
    return inserted


async def insert_events(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Insert events not seen before; return how many were new."""
    inserted = 0
    for batch in batches(rows):
        statement = (
            insert(DocumentEvent.__table__)  # type: ignore[attr-defined]
            .values(batch)
            .on_conflict_do_nothing(
                index_elements=["organization_id", "access_key", "event_type", "sequence"]
            )
        )
        result = await session.execute(statement)
        inserted += int(result.rowcount)  # type: ignore[attr-defined]
    return inserted


async def apply_cancellations(session: AsyncSession) -> list[tuple[uuid.UUID, str]]:
    """Cancel every document named by a registered cancellation; return (id, previous status)."""
    result = await session.execute(
        text(
            "with hit as ("
            "  select d.id, d.status from documents d join document_events e"
            "   on e.access_key = d.access_key and e.cancels"
            "  where d.status <> 'cancelled' for update of d)"
            " update documents d set status = 'cancelled', updated_at = now()"
            " from hit where d.id = hit.id returning d.id, hit.status"
        )
    )
    applied = [(row[0], row[1]) for row in result.all()]
    await session.execute(
        text(
            "update document_events e set applied_at = now() where e.cancels"
            " and e.applied_at is null and exists (select 1 from documents d"
            " where d.access_key = e.access_key and d.status = 'cancelled')"
        )
    )
    return applied


async def by_files(session: AsyncSession, file_ids: Sequence[uuid.UUID]) -> list[Document]:
    """Documents whose XML or DANFE came from these files."""
    if not file_ids:
        return []
    result = await session.execute(
        select(Document).where(
            col(Document.file_id).in_(file_ids) | col(Document.danfe_file_id).in_(file_ids)
        )
    )
    return list(result.scalars())


def _document_query(where: DocumentFilter) -> Select[Any]:
    query = select(Document)
    conditions: list[ColumnElement[bool]] = []
    if where.ids is not None:
        conditions.append(col(Document.id).in_(where.ids))
    if where.statuses:
        conditions.append(col(Document.status).in_(where.statuses))
    if where.kinds:
        conditions.append(col(Document.kind).in_(where.kinds))
    if where.directions:
        conditions.append(col(Document.direction).in_(where.directions))
    if where.company_id is not None:
        conditions.append(col(Document.company_id) == where.company_id)
    if where.counterparty:
        digits = "".join(c for c in where.counterparty if c.isalnum()).upper()
        pattern = like_pattern(where.counterparty.strip())
        name = func.coalesce(
            case(
                (col(Document.direction) == "payable", col(Document.issuer_name)),
                else_=col(Document.recipient_name),
            ),
            "",
        )
        conditions.append(
            or_(col(Document.counterparty_tax_id) == digits, name.ilike(pattern))
            if digits
            else name.ilike(pattern)
        )
    if where.issued_from is not None:
        conditions.append(col(Document.issued_at) >= where.issued_from)
    if where.issued_to is not None:
        conditions.append(col(Document.issued_at) < where.issued_to)
    if where.amount_min is not None:
        conditions.append(col(Document.total_amount) >= where.amount_min)
    if where.amount_max is not None:
        conditions.append(col(Document.total_amount) <= where.amount_max)
    if where.text:
        pattern = like_pattern(where.text.strip())
        conditions.append(
            or_(
                col(Document.number).ilike(pattern),
                col(Document.access_key).ilike(pattern),
                col(Document.issuer_name).ilike(pattern),
                col(Document.recipient_name).ilike(pattern),
            )
        )
    if where.open_statuses:
        conditions.append(
            exists().where(
                col(DocumentInstallment.document_id) == col(Document.id),
                col(DocumentInstallment.status).in_(where.open_statuses),
            )
        )
    return query.where(*conditions)


_SORTS: dict[DocumentSort, SortColumn] = {
    DocumentSort.ISSUED_AT: func.coalesce(col(Document.issued_at), col(Document.created_at)),
    DocumentSort.TOTAL: col(Document.total_amount),
    # A literal, not a bound parameter: the planner must see the indexed expression.
    DocumentSort.NUMBER: func.coalesce(col(Document.number), literal_column("''")),
    DocumentSort.CREATED_AT: col(Document.created_at),
}


async def page_documents(
    session: AsyncSession,
    where: DocumentFilter,
    sort: DocumentSort,
    *,
    descending: bool,
    request: PageRequest,
) -> Page:
    """One page of documents matching ``where``."""
    sort_key = _SORTS[sort]
    query = _document_query(where)
    return await keyset_page(
        session,
        query,
        sort=sort_key,
        row_id=col(Document.id),
        descending=descending,
        request=request,
    )


async def count_documents(session: AsyncSession, where: DocumentFilter) -> int:
    """How many documents match ``where``."""
    return await count_rows(session, _document_query(where))


async def documents_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Document]:
    """Documents with these ids (those RLS lets the tenant see)."""
    result = await session.execute(select(Document).where(col(Document.id).in_(ids)))
    return list(result.scalars())


async def installments_by_documents(
    session: AsyncSession, document_ids: Sequence[uuid.UUID]
) -> list[DocumentInstallment]:
    """Installments of these documents, in due order."""
    result = await session.execute(
        select(DocumentInstallment)
        .where(col(DocumentInstallment.document_id).in_(document_ids))
        .order_by(col(DocumentInstallment.due_date), col(DocumentInstallment.number))
    )
    return list(result.scalars())


async def installments_by_ids(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> list[DocumentInstallment]:
    """Installments with these ids."""
    result = await session.execute(
        select(DocumentInstallment).where(col(DocumentInstallment.id).in_(ids))
    )
    return list(result.scalars())


async def events_by_access_keys(
    session: AsyncSession, access_keys: Sequence[str]
) -> list[DocumentEvent]:
    """Events naming these access keys, oldest first."""
    result = await session.execute(
        select(DocumentEvent)
        .where(col(DocumentEvent.access_key).in_(access_keys))
        .order_by(col(DocumentEvent.occurred_at), col(DocumentEvent.sequence))
    )
    return list(result.scalars())


async def event_by_id(session: AsyncSession, event_id: uuid.UUID) -> DocumentEvent | None:
    """One event by id."""
    return await session.get(DocumentEvent, event_id)


# Exports walk the filtered list in keyset batches by (issue instant, id), oldest first.
EXPORT_ORDER = func.coalesce(col(Document.issued_at), col(Document.created_at))


async def export_documents_batch(
    session: AsyncSession,
    where: DocumentFilter,
    *,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[RowMapping]:
    """Up to ``limit`` documents matching ``where`` that sort after ``after``.

    Each row carries the export's columns, ``sort_key`` (the next batch's ``after`` with
    ``id``), the open amount (sum of the installments' open amounts) and the state of its
    installments: reconciled (all reconciled or ignored), ignored, open, partial or None
    (no installments).
    """
    status = col(DocumentInstallment.status)
    state = case(
        (func.count() == 0, None),
        (
            and_(
                func.bool_and(status.in_(("reconciled", "ignored"))),
                func.bool_or(status == "reconciled"),
            ),
            "reconciled",
        ),
        (func.bool_and(status == "ignored"), "ignored"),
        (func.bool_and(status == "open"), "open"),
        else_="partial",
    )
    installments = (
        select(
            func.sum(col(DocumentInstallment.open_amount)).label("open_amount"),
            state.label("reconciliation_status"),
        )
        .where(col(DocumentInstallment.document_id) == col(Document.id))
        .lateral("installments")
    )
    query = (
        _document_query(where)
        .with_only_columns(
            col(Document.id),
            col(Document.kind),
            col(Document.access_key),
            col(Document.natural_key),
            col(Document.number),
            col(Document.series),
            col(Document.issued_at),
            col(Document.status),
            col(Document.direction),
            col(Document.issuer_tax_id),
            col(Document.issuer_name),
            col(Document.recipient_tax_id),
            col(Document.recipient_name),
            col(Document.total_amount),
            installments.c.open_amount,
            installments.c.reconciliation_status,
            EXPORT_ORDER.label("sort_key"),
        )
        .select_from(Document)
        .join(installments, true())
    )
    if after is not None:
        query = query.where(tuple_(EXPORT_ORDER, col(Document.id)) > tuple_(*after))
    result = await session.execute(query.order_by(EXPORT_ORDER, col(Document.id)).limit(limit))
    return result.mappings().all()
