"""The generator's ground truth written as files, reconciled by the command, scored.

The quality targets of issue 5 are checked on what `conciliacontag reconcile` prints for
NF-e XML, cancellation events, OFX and CNAB 240/400 files written from generated worlds
of a realistic mix (pooled: one small world swings by a couple of links), and the command
must lose nothing material against the engine fed the same world directly.
"""

from __future__ import annotations

import io
import json
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from typing import Any

import pytest

from backend.cli import main
from backend.fiscal.model import FiscalDocument
from backend.ingest import parse_fiscal
from backend.reconciliation import EngineConfig, reconcile
from backend.reconciliation.model import DocumentRef
from backend.reconciliation.testing.files import (
    LineFigures,
    WrittenTruth,
    score_lines,
    write_world,
)
from backend.reconciliation.testing.generator import World, generate
from backend.reconciliation.testing.metrics import Figures, evaluate
from backend.statements import parse_statement

SEEDS = (1, 2, 3, 4)
DOCUMENTS = 400


@dataclass
class Run:
    world: World
    truth: WrittenTruth
    code: int
    lines: list[dict[str, Any]]
    err: str
    figures: LineFigures
    direct: Figures


def _cli(truth: WrittenTruth) -> tuple[int, list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(
            [
                "reconcile",
                "--documents",
                *map(str, truth.documents),
                "--statements",
                *map(str, truth.statements),
                "--company",
                *sorted(truth.own_tax_ids),
            ]
        )
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    result = []
    for seed in SEEDS:
        world = generate(DOCUMENTS, seed=seed)
        truth = write_world(world, tmp_path_factory.mktemp(f"world{seed}"))
        code, lines, err = _cli(truth)
        direct = reconcile(
            world.documents,
            world.transactions,
            config=EngineConfig(own_tax_ids=world.own_tax_ids),
        )
        result.append(
            Run(world, truth, code, lines, err, score_lines(truth, lines), evaluate(world, direct))
        )
    return result


def test_quality_targets_on_written_files(runs: list[Run]) -> None:
    matches = sum(r.figures.matches for r in runs)
    wrong = sum(r.figures.wrong_matches for r in runs)
    links = sum(r.figures.true_links for r in runs)
    auto = sum(r.figures.matched_true_links for r in runs)
    found = sum(r.figures.found_true_links for r in runs)
    wrong_examples = [w for r in runs for w in r.figures.wrong_examples]
    assert links > 1500 and matches > 1000
    assert 1 - wrong / matches >= 0.995, wrong_examples
    assert auto / links >= 0.90
    assert found / links >= 0.98
    assert sum(r.figures.cancelled_matched for r in runs) == 0
    # Files in, the command out: as good as the engine fed the world directly.
    direct_auto = sum(r.direct.matched_true_links for r in runs)
    direct_found = sum(r.direct.found_true_links for r in runs)
    assert auto >= direct_auto - links * 0.01
    assert found >= direct_found - links * 0.01


def test_every_scenario_is_found_through_the_files(runs: list[Run]) -> None:
    per: dict[str, list[int]] = {}
    for run in runs:
        for scenario, (true, _auto, found) in run.figures.per_scenario.items():
            row = per.setdefault(scenario, [0, 0])
            row[0] += true
            row[1] += found
    for scenario in ("boleto_cnab", "boleto_bank", "pix_txid", "payable_boleto_line",
                     "payable_access_key", "installments", "decoy_cancelled"):  # fmt: skip
        assert per[scenario][1] / per[scenario][0] >= 0.98, scenario


def test_written_files_read_cleanly_and_every_item_is_reported(runs: list[Run]) -> None:
    run = runs[0]
    assert run.code == 0
    assert run.err == ""  # no error nor warning for the written files
    reported_docs: set[DocumentRef] = set()
    reported_txs: set[str] = set()
    for line in run.lines:
        docs = [*line.get("documents", []), *([line["document"]] if "document" in line else [])]
        for doc in docs:
            reported_docs.add(DocumentRef(doc["key"], doc["installment"]))
        reported_txs.update(line.get("transactions", []))
        if "transaction" in line:
            reported_txs.add(line["transaction"])
    expected_docs = {DocumentRef(d.key, d.installment or "001") for d in run.world.documents}
    assert reported_docs == expected_docs
    expected_txs = {tx for _, tx in run.truth.links} | {
        t.id
        for t in run.world.transactions
        if t.id not in {lk.transaction for lk in run.world.links}
    }
    assert expected_txs <= reported_txs


def test_writer_output_is_what_the_parsers_read(runs: list[Run]) -> None:
    run = runs[0]
    archive, folder = run.truth.documents
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        nested = zipfile.ZipFile(io.BytesIO(zf.read("eventos.zip"))).namelist()
    cancelled_keys = {ref.key for ref in run.truth.cancelled}
    assert len(nested) == len(cancelled_keys) > 0
    payables = sorted(folder.iterdir())
    assert payables and all(p.name.endswith("-procNFe.xml") for p in payables)
    sides = {d.ref: d for d in run.world.documents}
    (first,) = [r for r in parse_fiscal(archive.read_bytes()) if r.member == names[0]]
    (doc,) = first.records
    assert isinstance(doc, FiscalDocument) and doc.access_key
    world_sides = [s for ref, s in sides.items() if ref.key == doc.access_key]
    assert [i.amount for i in doc.installments] == [s.amount for s in world_sides]
    assert doc.totals.total == sum(s.amount for s in world_sides)
    formats = {parse_statement(p.read_bytes()).format.value for p in run.truth.statements}
    assert formats == {"ofx", "cnab240", "cnab400"}
