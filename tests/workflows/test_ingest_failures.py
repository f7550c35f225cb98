"""Failures that say why, at once, and never block the rest (issue 13).

Each fault is real: an input the database refuses, a constraint or trigger created in
the test's own database, a reader that crashes on real bytes, a search server that is
not there. Permanent faults must be recorded with code, cause and location after one
attempt; transient ones retry and recover; steps after storage never change the file.
"""

from __future__ import annotations

import json
import random
import re
import socket
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from lxml import etree

from backend.core.settings import Settings
from backend.db.session import Database
from backend.files import service as files
from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.webhooks import service as webhooks

from ..conftest import APP_ROLE
from ..reliability.conftest import nfe_archive
from ..webhooks.support import Receiver, admin_principal
from .ingest_support import ingest, zip_of

ITAU_OFX = "ofx/ofxparser__extrato_itau.ofx"  # its BANKID is 12312: five digits
ITAU_CSV = "bank_csv/synthetic__itau_extrato.csv"


async def _file(superuser: asyncpg.Connection, file_id: uuid.UUID) -> asyncpg.Record:
    row = await superuser.fetchrow(
        "select status, error_code, error_message, error_location, warnings, errors_count,"
        " documents_count, transactions_count from files where id = $1",
        file_id,
    )
    assert row is not None
    return row


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def test_bank_ids_the_formats_allow_are_stored(
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    samples_dir: Path,
    superuser: asyncpg.Connection,
) -> None:
    """A five-digit BANKID used to fail in varchar(3) after ten minutes of retries."""
    itau = (samples_dir / ITAU_OFX).read_bytes()
    padded = itau.replace(b"<BANKID>12312", b"<BANKID>00341")
    archive = zip_of({"itau.ofx": itau, "padded.ofx": padded.replace(b"<FITID>", b"<FITID>P")})
    run = await ingest(settings, database, superuser, org, archive, "ofx.zip", label="bank ids")
    assert run.status == "processed"
    codes = await superuser.fetch("select bank_code from bank_accounts order by bank_code")
    assert [r["bank_code"] for r in codes] == ["12312", "341"]


async def test_value_too_long_is_recorded_at_once(
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    samples_dir: Path,
    superuser: asyncpg.Connection,
) -> None:
    """Data exception (SQLSTATE 22001): a BANKID longer than any format allows."""
    data = (samples_dir / ITAU_OFX).read_bytes().replace(b"<BANKID>12312", b"<BANKID>1234567890AB")
    run = await ingest(settings, database, superuser, org, data, "extrato.ofx", label="data error")
    row = await _file(superuser, run.file_id)
    assert (run.status, row["error_code"]) == ("failed", "VALUE_TOO_LONG")
    assert "character varying(9)" in row["error_message"]
    assert _json(row["error_location"]) == {"file": "extrato.ofx"}
    assert set(run.attempts.values()) == {1}, run.attempts
    assert not run.workflow_failed


async def test_constraint_violation_fails_only_its_member(
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    superuser: asyncpg.Connection,
) -> None:
    """Integrity violation (SQLSTATE 23514) on one member of an archive: the others go on."""
    rng = random.Random(5)
    invoices = [random_nfe(rng, number=n) for n in (101, 102, 103)]
    await superuser.execute(
        "alter table documents add constraint refuse_102 check (number is distinct from '102')"
    )
    archive = zip_of({f"nfe/{i.number}.xml": nfe_xml(i) for i in invoices})
    run = await ingest(settings, database, superuser, org, archive, "lote.zip", label="constraint")
    assert run.status == "processed"
    members = {
        r["original_name"]: r
        for r in await superuser.fetch(
            "select original_name, status, error_code, error_message, error_location"
            " from files where parent_id = $1",
            run.file_id,
        )
    }
    refused = members["nfe/102.xml"]
    assert (refused["status"], refused["error_code"]) == ("failed", "CHECK_VIOLATION")
    assert "refuse_102" in refused["error_message"]
    assert _json(refused["error_location"])["member"] == "nfe/102.xml"
    assert {members[f"nfe/{n}.xml"]["status"] for n in (101, 103)} == {"processed"}
    assert await superuser.fetchval("select count(*) from documents") == 2
    assert set(run.attempts.values()) == {1}, run.attempts

    # Reprocess: the failure is cleared at once, and the new run (the rule gone) stores all.
    await superuser.execute("alter table documents drop constraint refuse_102")
    async with database.tenant_session(org) as session:
        await files.request_reprocess(session, run.file_id, actor_id=None)
    row = await _file(superuser, run.file_id)
    assert (row["status"], row["error_code"], row["errors_count"]) == ("uploaded", None, 0)
    again = await ingest(settings, database, superuser, org, archive, "lote.zip", label="reprocess")
    assert again.file_id == run.file_id
    assert again.status == "processed"
    assert await superuser.fetchval("select count(*) from documents") == 3
    statuses = await superuser.fetch(
        "select status, error_code from files where parent_id = $1", run.file_id
    )
    assert {(r["status"], r["error_code"]) for r in statuses} == {("processed", None)}


async def test_reader_exception_is_recorded_at_once(
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    samples_dir: Path,
    superuser: asyncpg.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reader that raises something else than a ParseError fails its member only.

    No reader of ours is known to crash (the fuzzers' finds are fixed), so the fault is
    injected below our code: libxml2's entry point raises, as a crash inside a library
    would. The worker runs in this process, so the patch reaches it.
    """

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("libxml2 gave up")

    monkeypatch.setattr(etree, "fromstring", crash)
    archive = zip_of(
        {
            "bom.ofx": (samples_dir / ITAU_OFX).read_bytes(),
            "ruim.xml": nfe_xml(random_nfe(random.Random(1))),
        }
    )
    run = await ingest(settings, database, superuser, org, archive, "lote.zip", label="reader")
    assert run.status == "processed"
    rows = await superuser.fetch(
        "select original_name, status, error_code, error_message, error_location"
        " from files where parent_id = $1",
        run.file_id,
    )
    members = {r["original_name"]: r for r in rows}
    bad = members["ruim.xml"]
    assert (bad["status"], bad["error_code"]) == ("failed", "READER_FAILED")
    assert "RuntimeError" in bad["error_message"]
    assert _json(bad["error_location"]) == {"member": "ruim.xml"}
    assert members["bom.ofx"]["status"] == "processed"
    assert set(run.attempts.values()) == {1}, run.attempts


async def test_transient_faults_retry_and_recover(
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    superuser: asyncpg.Connection,
) -> None:
    """The connection dies (the backend is terminated), then a serialization failure
    (40001); the third attempt stores everything, and nothing is recorded as a failure."""
    await superuser.execute(
        f"""
        create sequence fault_calls;
        grant usage on sequence fault_calls to {APP_ROLE};
        create function fault() returns trigger language plpgsql as $$
        begin
          case nextval('fault_calls')
            when 1 then perform pg_terminate_backend(pg_backend_pid());
            when 2 then raise exception 'injected' using errcode = '40001';
            else null;
          end case;
          return new;
        end $$;
        create trigger fault before insert on documents
          for each statement execute function fault();
        """
    )
    run = await ingest(
        settings,
        database,
        superuser,
        org,
        nfe_archive(20, seed=3),
        "lote.zip",
        label="transient",
        retries_expected=True,
    )
    row = await _file(superuser, run.file_id)
    assert (run.status, row["error_code"], row["documents_count"]) == ("processed", None, 20)
    assert run.attempts["ingest.process"] == 3, run.attempts
    assert await superuser.fetchval("select count(*) from files where status <> 'processed'") == 0


async def test_webhook_enqueue_failure_does_not_hold_the_file(
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    superuser: asyncpg.Connection,
) -> None:
    """Enqueueing file.processed hits a unique violation (a trigger here; two endpoints
    did it for real): the file is processed anyway and the failure is a warning on it."""
    principal = await admin_principal(superuser, org)
    with Receiver().running() as receiver:
        async with database.tenant_session(org) as session:
            await webhooks.register_endpoint(
                session, principal, settings, url=receiver.url, events=["file.processed"]
            )
        await superuser.execute(
            """
            create function refuse_delivery() returns trigger language plpgsql as $$
            begin raise exception 'injected duplicate' using errcode = '23505'; end $$;
            create trigger refuse_delivery before insert on webhook_deliveries
              for each row execute function refuse_delivery();
            """
        )
        archive = nfe_archive(3, seed=8)
        run = await ingest(settings, database, superuser, org, archive, "lote.zip", label="webhook")
    row = await _file(superuser, run.file_id)
    assert (run.status, row["documents_count"]) == ("processed", 3)
    assert [(w["step"], w["code"]) for w in _json(row["warnings"])] == [
        ("notify", "UNIQUE_VIOLATION")
    ]
    assert run.attempts["ingest.notify"] == 1
    assert run.attempts["ingest.index"] == 1
    assert not run.workflow_failed
    assert receiver.requests == []


async def test_search_outage_does_not_fail_the_file(
    settings: Settings,
    database: Database,
    org: uuid.UUID,
    superuser: asyncpg.Connection,
) -> None:
    """Indexing points at a search server that is not there: a bounded number of retries,
    then a warning; the file stays processed and the workflow completes."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dead = settings.model_copy(update={"meili_url": f"http://127.0.0.1:{port}"})
    run = await ingest(
        dead, database, superuser, org, nfe_archive(3, seed=9), "lote.zip", label="search"
    )
    row = await _file(superuser, run.file_id)
    assert (run.status, row["documents_count"]) == ("processed", 3)
    warnings = _json(row["warnings"])
    assert [(w["step"], w["code"]) for w in warnings] == [("index", "PROCESSING_FAILED")]
    assert re.search("search service unavailable", warnings[0]["message"])
    assert run.attempts["ingest.index"] == 4
    assert not run.workflow_failed
