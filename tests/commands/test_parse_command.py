"""`conciliacontag parse`: the JSON-lines contract over files, folders and zips."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from backend.cli import main

NFE = "nfe55/nfelib__35180834128745000152550010000474281920007498-nfe.xml"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]]]:
    code = main(["parse", *args])
    lines = capsys.readouterr().out.splitlines()
    return code, [json.loads(line) for line in lines]


def test_nfe_document_matches_the_contract(
    samples_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, records = _run(capsys, str(samples_dir / NFE))
    assert code == 0
    (doc,) = records
    assert doc["kind"] == "nfe"
    assert doc["access_key"] == "35180834128745000152550010000474281920007498"
    assert doc["number"] == "47428"
    assert doc["status"] in {"authorized", "unknown", "cancelled", "denied"}
    assert set(doc["emitter"]) >= {"document", "name"}  # type: ignore[arg-type]
    assert doc["emitter"]["document"] == "34128745000152"  # type: ignore[index]
    Decimal(doc["totals"]["total"])  # type: ignore[index]
    assert doc["signature"] in {"valid", "invalid", "absent", "unverified"}
    assert doc["source"] == {"file": str(samples_dir / NFE), "member": None}
    for installment in doc["installments"]:  # type: ignore[attr-defined]
        assert set(installment) == {"number", "due_date", "amount"}


def test_zip_with_documents_statements_and_a_bad_member(
    samples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "lote.zip"
    ofx = next((samples_dir / "ofx").iterdir())
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(samples_dir / NFE, "notas/nfe.xml")
        zf.write(ofx, "extratos/extrato.ofx")
        zf.writestr("notas/quebrada.xml", "<nfeProc><NFe>")
    code, records = _run(capsys, str(archive))
    assert code == 1, "a failed member makes the exit code non-zero"
    kinds = [r["kind"] for r in records]
    assert "nfe" in kinds
    assert "transaction" in kinds
    errors = [r for r in records if r["kind"] == "error"]
    assert len(errors) == 1
    assert errors[0]["type"] == "error"
    assert errors[0]["location"]["member"] == "notas/quebrada.xml"  # type: ignore[index]
    assert errors[0]["location"]["file"] == str(archive)  # type: ignore[index]
    tx = next(r for r in records if r["kind"] == "transaction")
    assert set(tx) >= {
        "id",
        "account",
        "posted_on",
        "amount",
        "description",
        "type",
        "counterparty",
        "references",
        "fingerprint",
        "source",
    }
    assert tx["source"]["format"] == "ofx"  # type: ignore[index]
    Decimal(tx["amount"])  # type: ignore[arg-type]


def test_missing_path_is_an_error_and_others_go_on(
    samples_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, records = _run(capsys, "/no/such/file.xml", str(samples_dir / NFE))
    assert code == 1
    assert records[0]["code"] == "FILE_NOT_FOUND"
    assert records[1]["kind"] == "nfe"


def test_table_format_and_console_script(samples_dir: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "backend.cli",
            "parse",
            "--format",
            "table",
            str(samples_dir / "ofx"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0].split() == ["tipo", "quantidade", "valor", "total"]
    assert "lançamento" in result.stdout
