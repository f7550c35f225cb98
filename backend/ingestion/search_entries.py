"""Search entries built from stored documents and transactions (fields per docs/search.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from backend.documents.models import Document
from backend.search import EntityType, SearchEntry
from backend.transactions.models import Transaction

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
_KIND_LABEL = {"nfe": "NF-e", "nfce": "NFC-e", "nfse": "NFS-e", "cte": "CT-e", "danfe": "DANFE"}


def _business_date(moment: datetime | None) -> Any:
    return moment.astimezone(SAO_PAULO).date() if moment is not None else None


def _items_text(payload: dict[str, Any]) -> str:
    lines: list[str] = []
    for item in payload.get("items") or []:
        lines.extend(str(item.get(k) or "") for k in ("description", "ncm", "cfop"))
    service = payload.get("service") or {}
    lines.append(str(service.get("description") or ""))
    lines.append(str(payload.get("operation_nature") or ""))
    lines.append(str(payload.get("additional_info") or ""))
    for installment in payload.get("installments") or []:
        lines.append(f"{installment.get('due_date') or ''} {installment.get('amount') or ''}")
    return " ".join(line for line in lines if line.strip())


def document_entry(document: Document) -> SearchEntry:
    """The search entry of a stored document."""
    counterparty = (
        document.issuer_name if document.direction == "payable" else document.recipient_name
    )
    label = _KIND_LABEL.get(document.kind, document.kind)
    series = f" série {document.series}" if document.series else ""
    keywords = [
        document.access_key,
        document.number,
        document.number.lstrip("0") if document.number else None,
        document.issuer_tax_id,
        document.recipient_tax_id,
        document.issuer_tax_id[:8] if document.issuer_tax_id else None,
        document.recipient_tax_id[:8] if document.recipient_tax_id else None,
    ]
    return SearchEntry(
        organization_id=document.organization_id,
        entity_type=EntityType.DOCUMENT,
        entity_id=document.id,
        title=f"{label} {document.number or ''}{series} {counterparty or ''}".strip(),
        content=" ".join(
            filter(
                None, [document.issuer_name, document.recipient_name, _items_text(document.payload)]
            )
        ),
        keywords=tuple(k for k in dict.fromkeys(keywords) if k),
        amount=document.total_amount,
        occurred_on=_business_date(document.issued_at),
        status=document.status,
        kind=document.kind,
        counterparty=counterparty,
    )


def transaction_entry(transaction: Transaction) -> SearchEntry:
    """The search entry of a stored transaction."""
    refs = [str(v) for k, v in transaction.external_refs.items() if k != "line" and v]
    return SearchEntry(
        organization_id=transaction.organization_id,
        entity_type=EntityType.TRANSACTION,
        entity_id=transaction.id,
        title=transaction.description or transaction.type,
        content=" ".join(filter(None, [transaction.counterparty_name, transaction.type])),
        keywords=tuple(k for k in dict.fromkeys([*refs, transaction.counterparty_tax_id]) if k),
        amount=transaction.amount,
        occurred_on=transaction.posted_date,
        status=transaction.status,
        kind=transaction.type,
        counterparty=transaction.counterparty_name,
    )
