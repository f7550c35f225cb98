"""Reading documents, installments and events (lists, pages and batches for loaders)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.db.pagination import Page, PageRequest
from backend.documents import repository
from backend.documents.filters import DocumentFilter, DocumentSort
from backend.documents.models import Document, DocumentEvent, DocumentInstallment


async def page_documents(
    session: AsyncSession,
    principal: Principal,
    where: DocumentFilter,
    sort: DocumentSort,
    *,
    descending: bool,
    request: PageRequest,
) -> Page:
    """One page of the tenant's documents."""
    require(principal, Permission.READ)
    return await repository.page_documents(
        session, where, sort, descending=descending, request=request
    )


async def count_documents(session: AsyncSession, where: DocumentFilter) -> int:
    """How many of the tenant's documents match."""
    return await repository.count_documents(session, where)


async def documents_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Document]:
    """A batch of documents by id (a DataLoader's fetch)."""
    return await repository.documents_by_ids(session, ids)


async def installments_by_documents(
    session: AsyncSession, document_ids: Sequence[uuid.UUID]
) -> list[DocumentInstallment]:
    """The installments of a batch of documents."""
    return await repository.installments_by_documents(session, document_ids)


async def installments_by_ids(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> list[DocumentInstallment]:
    """A batch of installments by id."""
    return await repository.installments_by_ids(session, ids)


async def events_by_access_keys(
    session: AsyncSession, access_keys: Sequence[str]
) -> list[DocumentEvent]:
    """The events of a batch of access keys."""
    return await repository.events_by_access_keys(session, access_keys)


async def event_by_id(session: AsyncSession, event_id: uuid.UUID) -> DocumentEvent | None:
    """One event, if the tenant has it."""
    return await repository.event_by_id(session, event_id)


async def export_batch(
    session: AsyncSession,
    where: DocumentFilter,
    *,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[RowMapping]:
    """The next ``limit`` export rows after the ``after`` key (exports stream in batches)."""
    return await repository.export_documents_batch(session, where, after=after, limit=limit)
