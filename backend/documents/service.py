"""Persisting parsed fiscal documents and events for a tenant.

Identity is the access key when the layout has one, otherwise the kind, the
emitter and the number; re-importing the same file changes nothing, an XML
replaces the DANFE-only record of the same key, and cancellations apply whenever
the event and the document have both arrived, in either order.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.db.base import utcnow
from backend.db.enums import ActorType, Direction, OpenItemStatus
from backend.documents import repository
from backend.documents.models import Document
from backend.fiscal.events import is_cancellation
from backend.fiscal.model import DocumentKind, FiscalDocument, FiscalEvent
from backend.fiscal.serialize import to_jsonable
from backend.reconciliation.adapters import SkipReason, document_sides

# The server's words for the warning ``conciliacontag reconcile`` gives the same code.
_NOT_OF_COMPANY = "the document was neither issued nor received by the tenant's companies"


@dataclass(frozen=True, slots=True)
class PersistedFiscal:
    """What one batch changed."""

    inserted: int
    updated: int
    events: int
    installments: int
    # file id → warnings about the documents it carried, for the file's own warnings.
    warnings: dict[uuid.UUID, list[dict[str, Any]]]


def natural_key(document: FiscalDocument) -> str:
    """The document's identity within a tenant: the access key, else kind, emitter, series
    and number (NFS-e without a key). An emitter whose CNPJ/CPF is unknown is named by its
    municipal registration or name, so two providers' notes of the same number stay two."""
    if document.access_key:
        return document.access_key
    emitter = document.emitter
    if emitter.document:
        issuer = emitter.document
    elif emitter.municipal_registration:
        issuer = f"im={emitter.municipal_registration}"
    else:
        issuer = f"name={emitter.name or '?'}"
    return f"{document.kind.value}:{issuer}:{document.series or ''}:{document.number or '?'}"


def direction_of(document: FiscalDocument, own_tax_ids: Mapping[str, uuid.UUID]) -> Direction:
    """Receivable when one of the tenant's companies issued it, payable when it received it."""
    if document.emitter.document in own_tax_ids:
        return Direction.RECEIVABLE
    if document.receiver is not None and document.receiver.document in own_tax_ids:
        return Direction.PAYABLE
    return Direction.UNKNOWN


def company_warnings(
    document: FiscalDocument, own_tax_ids: Mapping[str, uuid.UUID]
) -> list[dict[str, Any]]:
    """DOCUMENT_NOT_OF_COMPANY when none of the tenant's companies issued or received it.

    The decision is the reconciliation adapter's (``document_sides``), the one the
    ``reconcile`` command warns with, so the server and the command never disagree.
    """
    adapted = document_sides(document, frozenset(own_tax_ids))
    if adapted.skipped is not SkipReason.NOT_COMPANY:
        return []
    return [{"code": SkipReason.NOT_COMPANY.value, "message": _NOT_OF_COMPANY, "path": None}]


def document_row(
    document: FiscalDocument,
    *,
    organization_id: uuid.UUID,
    file_id: uuid.UUID,
    own_tax_ids: Mapping[str, uuid.UUID],
) -> dict[str, Any]:
    """The documents row of a parsed document."""
    direction = direction_of(document, own_tax_ids)
    receiver = document.receiver
    if direction is Direction.RECEIVABLE:
        company = own_tax_ids.get(document.emitter.document or "")
        counterparty = receiver.document if receiver else None
    else:
        company = own_tax_ids.get(receiver.document or "") if receiver else None
        counterparty = document.emitter.document
    now = utcnow()
    is_danfe = document.kind is DocumentKind.DANFE
    return {
        "id": uuid.uuid4(),
        "organization_id": organization_id,
        "company_id": company,
        "file_id": file_id,
        "danfe_file_id": file_id if is_danfe else None,
        "kind": document.kind.value,
        "access_key": document.access_key,
        "natural_key": natural_key(document),
        "number": document.number,
        "series": document.series,
        "issued_at": document.issued_at,
        "status": document.status.value,
        "direction": direction.value,
        "issuer_tax_id": document.emitter.document,
        "issuer_name": document.emitter.name,
        "recipient_tax_id": receiver.document if receiver else None,
        "recipient_name": receiver.name if receiver else None,
        "counterparty_tax_id": counterparty,
        "total_amount": document.totals.total,
        "confidence": document.confidence,
        "payload": to_jsonable(document),
        "warnings": [
            *(to_jsonable(w) for w in document.warnings),
            *company_warnings(document, own_tax_ids),
        ],
        "created_at": now,
        "updated_at": now,
    }


def installment_rows(
    document: FiscalDocument, document_id: uuid.UUID, organization_id: uuid.UUID
) -> list[dict[str, Any]]:
    """One row per ``dup``, or one for the whole document (number NULL) when it has none."""
    now = utcnow()
    base = {
        "organization_id": organization_id,
        "document_id": document_id,
        "status": OpenItemStatus.OPEN.value,
        "created_at": now,
        "updated_at": now,
    }
    if document.installments:
        return [
            {
                **base,
                "id": uuid.uuid4(),
                "number": item.number or str(index),
                "due_date": item.due_date,
                "amount": item.amount,
                "open_amount": item.amount,
            }
            for index, item in enumerate(document.installments, 1)
        ]
    return [
        {
            **base,
            "id": uuid.uuid4(),
            "number": None,
            "due_date": None,
            "amount": document.totals.total,
            "open_amount": document.totals.total,
        }
    ]


def event_row(
    event: FiscalEvent, *, organization_id: uuid.UUID, file_id: uuid.UUID
) -> dict[str, Any]:
    """The document_events row of a parsed event."""
    return {
        "id": uuid.uuid4(),
        "organization_id": organization_id,
        "file_id": file_id,
        "kind": event.kind.value,
        "access_key": event.access_key,
        "event_type": event.event_type,
        "cancels": is_cancellation(event),
        "sequence": event.sequence or 1,
        "occurred_at": event.occurred_at,
        "payload": to_jsonable(event),
        "created_at": utcnow(),
    }


async def persist_fiscal(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    documents: Sequence[tuple[uuid.UUID, FiscalDocument]],
    events: Sequence[tuple[uuid.UUID, FiscalEvent]],
    own_tax_ids: Mapping[str, uuid.UUID],
) -> PersistedFiscal:
    """Upsert documents (with installments) and events, each paired with its file, in bulk."""
    rows = [
        document_row(d, organization_id=organization_id, file_id=f, own_tax_ids=own_tax_ids)
        for f, d in documents
    ]
    by_key = {row["natural_key"]: doc for row, (_, doc) in zip(rows, documents, strict=True)}
    # The last occurrence wins when a batch repeats a document (one INSERT cannot hit a row twice).
    unique_rows = list({row["natural_key"]: row for row in rows}.values())
    written = await repository.upsert_documents(session, unique_rows)
    await repository.link_danfes(
        session,
        [
            (row["natural_key"], row["file_id"])
            for row in unique_rows
            if row["kind"] == DocumentKind.DANFE.value
        ],
    )
    with_dups = [doc_id for doc_id, key, _ in written if by_key[key].installments]
    await repository.drop_whole_document_installments(session, with_dups)
    installments = [
        row
        for doc_id, key, _ in written
        for row in installment_rows(by_key[key], doc_id, organization_id)
    ]
    new_installments = await repository.insert_installments(session, installments)
    event_rows = {
        (e.access_key, e.event_type, e.sequence or 1): event_row(
            e, organization_id=organization_id, file_id=f
        )
        for f, e in events
    }
    new_events = await repository.insert_events(session, list(event_rows.values()))
    inserted = sum(1 for _, _, was_new in written if was_new)
    warnings: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for row in rows:
        own_warnings = [w for w in row["warnings"] if w["code"] == SkipReason.NOT_COMPANY.value]
        if own_warnings:
            document = row["access_key"] or row["natural_key"]
            warnings.setdefault(row["file_id"], []).extend(
                {**w, "document": document} for w in own_warnings
            )
    return PersistedFiscal(
        inserted=inserted,
        updated=len(written) - inserted,
        events=new_events,
        installments=new_installments,
        warnings=warnings,
    )


async def apply_cancellations(session: AsyncSession, organization_id: uuid.UUID) -> list[uuid.UUID]:
    """Cancel documents named by cancellation events; audit each change; return their ids."""
    changed = await repository.apply_cancellations(session)
    for document_id, previous in changed:
        await audit.record(
            session,
            organization_id=organization_id,
            actor_type=ActorType.SYSTEM,
            actor_id=None,
            action="document.cancelled",
            entity_type="document",
            entity_id=document_id,
            before={"status": previous},
            after={"status": "cancelled"},
        )
    return [document_id for document_id, _ in changed]


async def stored_for_files(session: AsyncSession, file_ids: Sequence[uuid.UUID]) -> list[Document]:
    """Documents stored from these files (XML or DANFE)."""
    return await repository.by_files(session, file_ids)
