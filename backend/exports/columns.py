"""The columns of each export and how a stored row becomes a line of cells.

Headers and labels are in Brazilian Portuguese: the files are opened by Brazilian
accountants in Excel, not translated by the web app. Values stay typed here (Decimal,
date, datetime, text); each writer decides how a type is spelled in its format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from backend.reconciliation.reasons import br_date, brl

# Business dates and the instants people read are shown in Brasília time.
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
ZERO = Decimal("0.00")

CellValue = str | Decimal | date | datetime | tuple[str, ...] | None


class CellKind(StrEnum):
    """How a column's values are typed in the file."""

    TEXT = "text"
    # CNPJ/CPF digits and access keys: text that Excel must not read as a number.
    TAX_ID = "tax_id"
    ACCESS_KEY = "access_key"
    MONEY = "money"
    SCORE = "score"
    DATE = "date"
    DATETIME = "datetime"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header, its kind and its width in the XLSX (characters)."""

    header: str
    kind: CellKind
    width: int = 14


DOCUMENT_COLUMNS: tuple[Column, ...] = (
    Column("Tipo", CellKind.TEXT, 8),
    Column("Chave de acesso", CellKind.ACCESS_KEY, 46),
    Column("Número", CellKind.TEXT, 12),
    Column("Série", CellKind.TEXT, 6),
    Column("Data de emissão", CellKind.DATE, 12),
    Column("Situação", CellKind.TEXT, 12),
    Column("Direção", CellKind.TEXT, 11),
    Column("CNPJ/CPF do emitente", CellKind.TAX_ID, 20),
    Column("Emitente", CellKind.TEXT, 36),
    Column("CNPJ/CPF do destinatário", CellKind.TAX_ID, 20),
    Column("Destinatário", CellKind.TEXT, 36),
    Column("Valor total", CellKind.MONEY, 15),
    Column("Valor em aberto", CellKind.MONEY, 15),
    Column("Conciliação", CellKind.TEXT, 12),
)

RECONCILIATION_COLUMNS: tuple[Column, ...] = (
    Column("ID", CellKind.TEXT, 38),
    Column("Situação", CellKind.TEXT, 11),
    Column("Pontuação", CellKind.SCORE, 10),
    Column("Decidida por", CellKind.TEXT, 12),
    Column("Responsável", CellKind.TEXT, 24),
    Column("Decidida em", CellKind.DATETIME, 19),
    Column("Diferença", CellKind.MONEY, 13),
    Column("Documentos", CellKind.TEXT, 24),
    Column("Chaves de acesso", CellKind.ACCESS_KEY, 46),
    Column("Transações", CellKind.TEXT, 48),
    Column("Contraparte", CellKind.TEXT, 36),
    Column("CNPJ/CPF da contraparte", CellKind.TAX_ID, 20),
    Column("Total dos documentos", CellKind.MONEY, 15),
    Column("Total das transações", CellKind.MONEY, 15),
    Column("Motivos", CellKind.TEXT, 60),
)

KIND_LABELS = {"nfe": "NF-e", "nfce": "NFC-e", "nfse": "NFS-e", "cte": "CT-e", "danfe": "DANFE"}
DOCUMENT_STATUS_LABELS = {
    "authorized": "Autorizada",
    "cancelled": "Cancelada",
    "denied": "Denegada",
    "unknown": "Desconhecida",
}
DIRECTION_LABELS = {"receivable": "A receber", "payable": "A pagar", "unknown": "Indefinida"}
OPEN_ITEM_LABELS = {
    "open": "Em aberto",
    "partial": "Parcial",
    "reconciled": "Conciliada",
    "ignored": "Ignorada",
}
RECONCILIATION_STATUS_LABELS = {
    "matched": "Conciliada",
    "suggested": "Sugerida",
    "rejected": "Rejeitada",
}
DECIDED_BY_LABELS = {"system": "Sistema", "rule": "Regra", "user": "Usuário"}


def _label(labels: Mapping[str, str], value: str | None) -> str | None:
    if value is None:
        return None
    return labels.get(value, value)


def _local_date(instant: datetime | None) -> date | None:
    return instant.astimezone(SAO_PAULO).date() if instant is not None else None


def _local_datetime(instant: datetime | None) -> datetime | None:
    # Spreadsheet cells have no time zone: show Brasília wall-clock time.
    return instant.astimezone(SAO_PAULO).replace(tzinfo=None) if instant is not None else None


def document_cells(row: Mapping[Any, Any]) -> tuple[CellValue, ...]:
    """A row of ``export_documents_batch`` as the cells of DOCUMENT_COLUMNS."""
    open_amount = row["open_amount"]
    return (
        _label(KIND_LABELS, row["kind"]),
        row["access_key"],
        row["number"],
        row["series"],
        _local_date(row["issued_at"]),
        _label(DOCUMENT_STATUS_LABELS, row["status"]),
        _label(DIRECTION_LABELS, row["direction"]),
        row["issuer_tax_id"],
        row["issuer_name"],
        row["recipient_tax_id"],
        row["recipient_name"],
        row["total_amount"],
        open_amount if open_amount is not None else ZERO,
        _label(OPEN_ITEM_LABELS, row["reconciliation_status"]),
    )


def _distinct(values: Sequence[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _document_label(side: Mapping[Any, Any]) -> str:
    label = side["document_number"] or side["natural_key"] or "?"
    if side["installment_number"]:
        label = f"{label} parc. {side['installment_number']}"
    return str(label)


def _transaction_label(side: Mapping[Any, Any]) -> str:
    parts = (side["description"] or "").strip(), brl(side["transaction_amount"])
    return " ".join(p for p in (br_date(side["posted_date"]), *parts) if p)


def reconciliation_cells(
    row: Mapping[Any, Any], sides: Sequence[Mapping[Any, Any]]
) -> tuple[CellValue, ...]:
    """A row of ``export_reconciliations_batch`` and its sides as RECONCILIATION_COLUMNS."""
    documents = [s for s in sides if s["side"] == "document"]
    transactions = [s for s in sides if s["side"] == "transaction"]
    reasons = row["reasons"] or []
    return (
        str(row["id"]),
        _label(RECONCILIATION_STATUS_LABELS, row["status"]),
        row["score"],
        _label(DECIDED_BY_LABELS, row["decided_by"]),
        row["decider"],
        _local_datetime(row["decided_at"]),
        row["difference_amount"],
        _distinct([_document_label(s) for s in documents]),
        _distinct([s["access_key"] for s in documents]),
        _distinct([_transaction_label(s) for s in transactions]),
        _distinct([s["counterparty_name"] for s in documents]),
        _distinct([s["counterparty_tax_id"] for s in documents]),
        sum((s["document_amount"] for s in documents), ZERO),
        # Money moved, whatever its direction (a payable is paid by a debit).
        sum((abs(s["transaction_amount"]) for s in transactions), ZERO),
        _distinct([str(r.get("message") or r.get("code") or "") for r in reasons]),
    )
