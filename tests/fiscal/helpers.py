"""Parsing helpers shared by the fiscal tests."""

from __future__ import annotations

from pathlib import Path

from backend.fiscal.model import FiscalDocument, FiscalEvent
from backend.ingest import Kind, parse_fiscal


def one_document(
    data: bytes, kind: Kind | None = None, filename: str | None = None
) -> FiscalDocument:
    """Parse bytes that must hold exactly one document (of ``kind``, when given)."""
    (result,) = parse_fiscal(data, filename=filename)
    assert result.error is None, result.error
    assert kind is None or result.kind is kind
    (record,) = result.records
    assert isinstance(record, FiscalDocument)
    return record


def parse_one_document(path: Path) -> FiscalDocument:
    """Parse a file that must hold exactly one document."""
    return one_document(path.read_bytes(), filename=path.name)


def parse_documents(path: Path) -> list[FiscalDocument]:
    """Parse a file into its documents (several for NFS-e batches)."""
    results = parse_fiscal(path.read_bytes(), filename=path.name)
    assert len(results) == 1
    assert results[0].error is None, results[0].error
    documents = [r for r in results[0].records if isinstance(r, FiscalDocument)]
    assert len(documents) == len(results[0].records)
    return documents


def parse_one_event(path: Path) -> FiscalEvent:
    """Parse a file that must hold exactly one event."""
    results = parse_fiscal(path.read_bytes(), filename=path.name)
    assert len(results) == 1
    assert results[0].error is None, results[0].error
    (record,) = results[0].records
    assert isinstance(record, FiscalEvent)
    return record
