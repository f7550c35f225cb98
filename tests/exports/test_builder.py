"""Export files built from real rows: CSV and XLSX content, exact amounts, filters,
CSV injection, and memory that does not grow with the number of rows."""

from __future__ import annotations

import csv
import io
import tracemalloc
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

import asyncpg
import openpyxl
import pytest

from backend.core.errors import Invalid, PermissionDenied
from backend.core.settings import Settings
from backend.db.enums import Role
from backend.db.session import Database
from backend.documents.filters import DocumentFilter
from backend.exports import service
from backend.exports.builder import build_export
from backend.exports.columns import DOCUMENT_COLUMNS, RECONCILIATION_COLUMNS, CellKind
from backend.exports.filters import ExportFilter, ExportFormat, ExportKind
from backend.exports.models import Export
from backend.exports.writers import csv_cell, neutralize
from backend.fiscal.ids import format_tax_id
from backend.reconciliation.reasons import brl
from backend.reconciliations.filters import ReconciliationFilter
from backend.storage import build_object_store
from backend.storage.base import CHUNK_SIZE

from ..conftest import FileFactory
from .conftest import (
    ACCENTED,
    INJECTION,
    OWN_CNPJ,
    ZEROS_CNPJ,
    Seeded,
    admin,
    invoice,
    persist_invoices,
)

TTL = timedelta(days=7)


async def _export(
    database: Database,
    settings: Settings,
    org: uuid.UUID,
    export_format: ExportFormat,
    where: ExportFilter,
    *,
    batch_size: int = 2_000,
) -> tuple[Export, bytes]:
    store = build_object_store(settings)
    kind = ExportKind.DOCUMENTS if isinstance(where, DocumentFilter) else ExportKind.RECONCILIATIONS
    async with database.tenant_session(org) as session:
        requested = await service.request_export(session, admin(org), kind, export_format, where)
    export = await build_export(database, store, org, requested.id, ttl=TTL, batch_size=batch_size)
    assert export.storage_key is not None
    data = b"".join([chunk async for chunk in store.get(export.storage_key)])
    return export, data


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel reads accents right"
    assert b"\r\n" in data
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def _brl(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


async def test_documents_csv_has_every_row_exactly(
    database: Database,
    settings: Settings,
    org: uuid.UUID,
    seeded: Seeded,
    superuser: asyncpg.Connection,
) -> None:
    export, data = await _export(database, settings, org, ExportFormat.CSV, DocumentFilter())
    rows = _csv(data)
    assert rows[0] == [c.header for c in DOCUMENT_COLUMNS]
    assert export.row_count == len(rows) - 1 == 5
    assert export.size_bytes == len(data)
    assert export.status == "ready"
    assert export.expires_at is not None and export.finished_at is not None
    assert export.expires_at - export.finished_at == TTL
    by_number = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    stored = {
        r["number"]: r
        for r in await superuser.fetch(
            "select number, access_key, issued_at, total_amount from documents"
        )
    }
    for number, generated in seeded.invoices.items():
        line = by_number[str(number)]
        assert line["Tipo"] == "NF-e"
        assert line["Chave de acesso"] == _grouped(generated.access_key)
        assert line["Valor total"] == _brl(generated.total)
        assert stored[str(number)]["total_amount"] == generated.total
        issued = datetime.fromisoformat(generated.issued_at).date()
        assert line["Data de emissão"] == issued.strftime("%d/%m/%Y")
        assert line["Situação"] == "Autorizada"
        assert line["Direção"] == "A receber"
        assert line["CNPJ/CPF do emitente"] == "11.222.333/0001-81"
    assert by_number["101"]["Valor em aberto"] == "0,00"
    assert by_number["101"]["Conciliação"] == "Conciliada"
    assert by_number["102"]["Valor em aberto"] == _brl(seeded.underpaid.total)
    assert by_number["102"]["Conciliação"] == "Em aberto"
    assert by_number["104"]["CNPJ/CPF do destinatário"] == "00.000.000/0001-91"
    assert by_number["105"]["Destinatário"] == ACCENTED
    # The formula is neutralised: a leading quote, the rest kept for people to read.
    assert by_number["103"]["Destinatário"] == "'" + INJECTION
    assert OWN_CNPJ not in data.decode("utf-8-sig"), "tax ids are punctuated in CSV"


async def test_documents_xlsx_is_typed_exact_and_filterable(
    database: Database, settings: Settings, org: uuid.UUID, seeded: Seeded
) -> None:
    export, data = await _export(database, settings, org, ExportFormat.XLSX, DocumentFilter())
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Documentos"]
    header = [cell.value for cell in sheet[1]]
    assert header == [c.header for c in DOCUMENT_COLUMNS]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N6"
    assert export.row_count == sheet.max_row - 1 == 5
    column = {name: index for index, name in enumerate(header)}
    rows = {row[column["Número"]].value: row for row in sheet.iter_rows(min_row=2)}
    for number, generated in seeded.invoices.items():
        row = rows[str(number)]
        total = row[column["Valor total"]]
        assert total.data_type == "n"
        assert total.number_format == "#,##0.00"
        assert Decimal(str(total.value)) == generated.total
        issued = row[column["Data de emissão"]]
        assert issued.is_date and issued.number_format == "dd/mm/yyyy"
        assert issued.value.date() == datetime.fromisoformat(generated.issued_at).date()
        key = row[column["Chave de acesso"]]
        assert (key.data_type, key.value) == ("s", generated.access_key)
        assert row[column["CNPJ/CPF do emitente"]].value == OWN_CNPJ
    assert rows["104"][column["CNPJ/CPF do destinatário"]].value == ZEROS_CNPJ
    assert Decimal(str(rows["101"][column["Valor em aberto"]].value)) == Decimal("0.00")
    # A string cell is never evaluated: the text is kept verbatim, not as a formula.
    injected = rows["103"][column["Destinatário"]]
    assert (injected.data_type, injected.value) == ("s", INJECTION)
    assert rows["105"][column["Destinatário"]].value == ACCENTED


async def test_reconciliations_in_both_formats(
    database: Database,
    settings: Settings,
    org: uuid.UUID,
    seeded: Seeded,
    superuser: asyncpg.Connection,
) -> None:
    decisions = {
        r["status"]: r
        for r in await superuser.fetch(
            "select r.id, r.status, r.score, r.difference_amount, r.decided_by,"
            " (select sum(abs(t.amount)) from reconciliation_items i join transactions t"
            "  on t.id = i.transaction_id where i.reconciliation_id = r.id) as transactions"
            " from reconciliations r"
        )
    }
    assert set(decisions) == {"matched", "suggested"}
    _, data = await _export(database, settings, org, ExportFormat.CSV, ReconciliationFilter())
    rows = _csv(data)
    assert rows[0] == [c.header for c in RECONCILIATION_COLUMNS]
    lines = {line[0]: dict(zip(rows[0], line, strict=True)) for line in rows[1:]}
    assert len(lines) == 2
    matched = lines[str(decisions["matched"]["id"])]
    assert matched["Situação"] == "Conciliada"
    assert matched["Decidida por"] == "Sistema"
    assert matched["Pontuação"] == f"{decisions['matched']['score']:.4f}".replace(".", ",")
    assert matched["Diferença"] == _brl(decisions["matched"]["difference_amount"])
    assert matched["Total dos documentos"] == _brl(seeded.paid.total)
    assert matched["Total das transações"] == _brl(decisions["matched"]["transactions"])
    assert matched["Documentos"] == "101 parc. 001"
    assert matched["Chaves de acesso"] == _grouped(seeded.paid.access_key)
    assert matched["Transações"].startswith("14/10/2026 PIX RECEBIDO")
    assert matched["Transações"].endswith(brl(seeded.paid.total))
    assert matched["CNPJ/CPF da contraparte"] == format_tax_id(seeded.paid.receiver_cnpj)
    assert matched["Motivos"]
    suggested = lines[str(decisions["suggested"]["id"])]
    assert suggested["Situação"] == "Sugerida"
    assert suggested["Diferença"] == _brl(decisions["suggested"]["difference_amount"])

    _, data = await _export(
        database, settings, org, ExportFormat.XLSX, ReconciliationFilter(statuses=("suggested",))
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Conciliações"]
    assert sheet.max_row == 2
    row = {h.value: c for h, c in zip(sheet[1], sheet[2], strict=True)}
    assert row["ID"].value == str(decisions["suggested"]["id"])
    assert Decimal(str(row["Diferença"].value)) == decisions["suggested"]["difference_amount"]
    assert Decimal(str(row["Total das transações"].value)) == decisions["suggested"]["transactions"]
    assert Decimal(str(row["Total dos documentos"].value)) == seeded.underpaid.total
    assert Decimal(str(row["Pontuação"].value)) == decisions["suggested"]["score"]
    assert row["Pontuação"].number_format == "0.0000"


async def test_filters_are_the_lists_filters(
    database: Database, settings: Settings, org: uuid.UUID, seeded: Seeded
) -> None:
    cheapest = min(seeded.invoices.values(), key=lambda i: i.total)
    where = DocumentFilter(amount_min=cheapest.total + Decimal("0.01"))
    _, data = await _export(database, settings, org, ExportFormat.CSV, where)
    numbers = {row[2] for row in _csv(data)[1:]}
    assert numbers == {str(n) for n, i in seeded.invoices.items() if i.total > cheapest.total}

    _, data = await _export(
        database, settings, org, ExportFormat.CSV, DocumentFilter(text="São João")
    )
    assert [row[2] for row in _csv(data)[1:]] == [str(seeded.accented.number)]

    _, data = await _export(
        database, settings, org, ExportFormat.CSV, DocumentFilter(open_statuses=("reconciled",))
    )
    assert [row[2] for row in _csv(data)[1:]] == [str(seeded.paid.number)]

    export, data = await _export(
        database, settings, org, ExportFormat.CSV, DocumentFilter(statuses=("cancelled",))
    )
    assert export.row_count == 0
    assert len(_csv(data)) == 1, "only the header"

    async with database.tenant_session(org) as session:
        requested = await service.request_export(
            session, admin(org), ExportKind.DOCUMENTS, ExportFormat.CSV, where
        )
    assert requested.filters == {"amount_min": str(cheapest.total + Decimal("0.01"))}


async def test_request_rules(database: Database, org: uuid.UUID) -> None:
    async with database.tenant_session(org) as session:
        with pytest.raises(PermissionDenied):
            await service.request_export(
                session,
                admin(org, Role.AUDITOR),
                ExportKind.DOCUMENTS,
                ExportFormat.CSV,
                DocumentFilter(),
            )
        with pytest.raises(PermissionDenied):
            await service.request_export(
                session,
                admin(org, Role.OPERATOR),
                ExportKind.DOCUMENTS,
                ExportFormat.CSV,
                DocumentFilter(),
            )
        manager = await service.request_export(
            session,
            admin(org, Role.MANAGER),
            ExportKind.DOCUMENTS,
            ExportFormat.XLSX,
            DocumentFilter(),
        )
        assert manager.status == "pending"
        with pytest.raises(Invalid) as raised:
            await service.request_export(
                session,
                admin(org),
                ExportKind.DOCUMENTS,
                ExportFormat.CSV,
                DocumentFilter(amount_min=Decimal("10"), amount_max=Decimal("5")),
            )
        assert raised.value.field_errors == {"amountMax": ["must be after the lower bound"]}


def test_csv_injection_is_neutralised() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralize(text) == "'" + text
    assert neutralize("Loja =1") == "Loja =1"
    assert csv_cell(CellKind.TEXT, "-10 desconto") == "'-10 desconto"
    # Numbers are ours, never user text: a negative amount stays a number for Excel.
    assert csv_cell(CellKind.MONEY, Decimal("-1234.50")) == "-1234,50"
    assert csv_cell(CellKind.TEXT, ("a", "=b")) == "a | '=b"
    assert csv_cell(CellKind.DATE, date(2026, 1, 2)) == "02/01/2026"


async def test_ten_thousand_rows_in_bounded_memory(
    database: Database,
    settings: Settings,
    org: uuid.UUID,
    make_file: FileFactory,
) -> None:
    file_id = await make_file("lote.zip")
    first = [invoice(n, seed=n) for n in range(1, 2_501)]
    await persist_invoices(database, org, file_id, first)
    peaks: dict[tuple[str, int], int] = {}

    store = build_object_store(settings)

    async def measure(export_format: ExportFormat, rows: int, *, traced: bool = True) -> None:
        async with database.tenant_session(org) as session:
            requested = await service.request_export(
                session, admin(org), ExportKind.DOCUMENTS, export_format, DocumentFilter()
            )
        # Only the build is measured (the test reads the whole file back afterwards).
        if traced:
            tracemalloc.start()
        try:
            export = await build_export(database, store, org, requested.id, ttl=TTL, batch_size=500)
            if traced:
                peaks[(export_format.value, rows)] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert export.row_count == rows
        assert export.storage_key is not None
        if export_format is ExportFormat.CSV:
            data = b"".join([chunk async for chunk in store.get(export.storage_key)])
            assert len(_csv(data)) == rows + 1

    # Warm-up (SQLAlchemy and driver caches), then the small and the large exports.
    for export_format in (ExportFormat.CSV, ExportFormat.XLSX):
        await measure(export_format, 2_500, traced=False)
    for export_format in (ExportFormat.CSV, ExportFormat.XLSX):
        await measure(export_format, 2_500)
    await persist_invoices(
        database, org, file_id, [invoice(n, seed=n) for n in range(2_501, 10_001)]
    )
    await measure(ExportFormat.CSV, 10_000)
    await measure(ExportFormat.XLSX, 10_000)
    print({k: f"{v / 1e6:.1f} MB" for k, v in peaks.items()})
    # Four times the rows, written in batches of 500: the peak stays that of a batch plus
    # the upload's chunk (a whole small file, CHUNK_SIZE of a larger one). Keeping the
    # 7,500 extra rows would cost tens of megabytes.
    for export_format in ("csv", "xlsx"):
        assert peaks[(export_format, 10_000)] < 1.5 * peaks[(export_format, 2_500)] + CHUNK_SIZE
