"""GraphQL read path under load: a page of 50 documents with installments and reconciliations.

Builds a tenant of ``--documents`` NF-e (100,000 by default; two installments each on
average, with bank transactions and matched, suggested and rejected reconciliations in
realistic proportions) and a second, smaller tenant that row-level security must filter
out, with set-based SQL on an embedded PostgreSQL. The API then runs as in production
(``conciliacontag api``: uvicorn in its own process, with 1 and with 2 worker processes)
and ``--clients`` concurrent clients send the ``DocumentsWithReconciliations`` operation
of graphql/operations/documents.graphql (first: 50), read from that file.

Clients run a closed loop (each sends its next request when the answer to the previous
one has arrived) over one keep-alive connection each. After a warm-up, every run of
``--seconds`` prints requests/s, p50/p95/p99 latency and errors, then the median of the
runs; a single client's median latency is the no-contention baseline. Each run also
shows the CPU each part used (in cores: the API processes, PostgreSQL, the clients) and,
from pg_stat_statements, the statements and the database execution time per request.

When npm can install PostGraphile 4, the same page (allDocuments, same order, the same
nested objects through the foreign keys) is measured against it in the same run, with the
same clients, as the application role, with ``app.current_org`` set from the same RS256
token so row-level security applies exactly as for our API. It returns a little more:
it cannot leave rejected reconciliations out. Ratios are ours over PostGraphile's.

PostgreSQL, the servers and the clients share this machine's cores: compare figures
within a run rather than reading them as capacity. Target (issue 7): p95 under 50 ms with
20 clients on 100k documents. Figures only; nothing is asserted.

    .venv/bin/python bench/graphql.py [--documents 100000] [--clients 20] [--seconds 20]
                                      [--runs 3] [--warmup 5] [--workers 1 2]
                                      [--no-postgraphile] [--top-statements 5]
                                      [--candidate-index]
"""

from __future__ import annotations

import sys
from pathlib import Path

# Python puts this script's folder first on the import path, and this file is named
# graphql.py: "import graphql" (graphql-core, under strawberry) would load it. Drop it.
sys.path.remove(
    next(p for p in sys.path if Path(p or ".").resolve() == Path(__file__).resolve().parent)
)

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
from graphql.language import Visitor

from backend.auth.keys import load_signing_key
from backend.auth.passwords import hash_password
from backend.auth.principal import Principal
from backend.auth.tokens import TokenConfig, issue_access_token
from backend.core.settings import Settings
from backend.db.enums import Role
from backend.devstack.database import bootstrap_database
from backend.devstack.postgres import EmbeddedPostgres, free_port
from backend.fiscal.ids import access_key_check_digit
from backend.fiscal.serialize import to_jsonable
from backend.fiscal.testing.generators import make_cnpj, nfe_xml, random_nfe
from backend.ingest.router import parse_fiscal
from backend.reconciliation import reasons
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    parse,
    print_ast,
    visit,
)

REPO = Path(__file__).resolve().parents[1]
OPERATIONS = REPO / "graphql" / "operations" / "documents.graphql"
OPERATION = "DocumentsWithReconciliations"
PAGE = 50
DATABASE = "bench_graphql"
APP_ROLE = "bench_app"
OWNER_ROLE = "bench_owner"
TENANT = uuid.UUID("b0000000-0000-4000-8000-000000000001")
OTHER_TENANT = uuid.UUID("b0000000-0000-4000-8000-000000000002")
# Indexes the page's ORDER BY needs and the migrations lack (--candidate-index): ours
# sorts on coalesce(number, ''), PostGraphile on number; both then on id.
CANDIDATE_INDEXES = (
    "create index bench_documents_number on documents"
    " (organization_id, (coalesce(number, '')), id)",
    "create index bench_documents_number_plain on documents (organization_id, number, id)",
)
# Same page through PostGraphile's default inflection: the installments in due order,
# the reconciliations holding each through reconciliation_items, their transaction side.
POSTGRAPHILE_QUERY = """
query Page($first: Int) {
  allDocuments(first: $first, orderBy: [NUMBER_ASC, PRIMARY_KEY_ASC]) {
    nodes {
      nodeId kind accessKey number issuedAt status direction counterpartyTaxId totalAmount
      documentInstallmentsByDocumentId(orderBy: [DUE_DATE_ASC, NUMBER_ASC]) {
        nodes {
          nodeId number dueDate amount openAmount status
          reconciliationItemsByInstallmentId {
            nodes {
              reconciliationByReconciliationId {
                nodeId status score differenceAmount reasons
                reconciliationItemsByReconciliationId(
                  condition: {side: "transaction"}, orderBy: [CREATED_AT_ASC]
                ) {
                  nodes {
                    amount
                    transactionByTransactionId {
                      nodeId postedDate amount description counterpartyTaxId counterpartyName
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
"""


def operation_text(path: Path, name: str) -> str:
    """The named operation of a .graphql file with the fragments it uses (as a client
    generated from that file would send it)."""
    document: DocumentNode = parse(path.read_text(encoding="utf-8"))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operation = next(
        d
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode) and d.name and d.name.value == name
    )
    needed: dict[str, FragmentDefinitionNode] = {}
    pending: list[Any] = [operation]

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
            if node.name.value not in needed:
                needed[node.name.value] = fragments[node.name.value]
                pending.append(fragments[node.name.value])

    while pending:
        visit(pending.pop(), Spreads())
    return "\n\n".join(print_ast(d) for d in [operation, *needed.values()])


# --- data ---------------------------------------------------------------------------

# One row per document: 70 % receivable (our company issued it), 30 % payable, spread
# over 600 days, 2 % cancelled and 0.5 % of unknown status; 500 counterparties. The
# access key's body is built here, its check digit in Python (access_key_check_digit).
_DOCUMENT_PLAN = """
create temp table doc on commit drop as
select n, receivable, issued, total, status, file_id,
  case when receivable then $1 else ($3::text[])[cp] end as issuer,
  case when receivable then $2 else ($4::text[])[cp] end as issuer_name,
  case when receivable then ($3::text[])[cp] else $1 end as recipient,
  case when receivable then ($4::text[])[cp] else $2 end as recipient_name,
  '35' || to_char(issued at time zone 'America/Sao_Paulo', 'YYMM')
    || case when receivable then $1 else ($3::text[])[cp] end || '55001'
    || lpad(n::text, 9, '0') || '1' || lpad((n * 7919 % 100000000)::text, 8, '0') as body
from (
  select n, n % 10 < 7 as receivable, 1 + n % cardinality($3::text[]) as cp,
    ($5::uuid[])[1 + (n - 1) / 1000] as file_id,
    timestamptz '2025-01-01 08:00-03' + (n * 7919 % 600) * interval '1 day'
      + (n * 104729 % 36000) * interval '1 second' as issued,
    round(50 + (n * 2654435761 % 2000000) / 100.0, 2) as total,
    case when n % 50 = 7 then 'cancelled' when n % 200 = 3 then 'unknown'
         else 'authorized' end as status
  from generate_series(1, $6::bigint) as n
) as b
"""

# The payload is the template NF-e with this document's key, number, dates, parties and
# total (one concatenation: jsonb_set per field costs a copy each).
_DOCUMENTS = """
insert into documents (organization_id, company_id, file_id, kind, access_key, natural_key,
  number, series, issued_at, status, direction, issuer_tax_id, issuer_name, recipient_tax_id,
  recipient_name, counterparty_tax_id, total_amount, confidence, payload, warnings)
select $1, case when receivable then $2::uuid end, file_id, 'nfe', key, key, n::text, '1',
  issued, status, case when receivable then 'receivable' else 'payable' end, issuer,
  issuer_name, recipient, recipient_name, case when receivable then recipient else issuer end,
  total, 1,
  $3::jsonb || jsonb_build_object(
    'access_key', key, 'number', n::text, 'issued_at', issued, 'status', status,
    'emitter', ($3::jsonb -> 'emitter') || jsonb_build_object('document', issuer,
                                                              'name', issuer_name),
    'receiver', ($3::jsonb -> 'receiver') || jsonb_build_object('document', recipient,
                                                                'name', recipient_name),
    'totals', ($3::jsonb -> 'totals') || jsonb_build_object('total', total::text)),
  '[]'::jsonb
from doc join unnest($4::text[]) with ordinality as k(key, n) using (n)
"""

# One row per installment with what happens to it: matched (60 %; one in twenty paid in
# two transfers), suggested (15 %), rejected (3 %) or still open, when its document is
# authorized. About 2 installments per document (1, 2, 2, 3); half of the single ones
# are the whole document (no dup: number and due date NULL).
_INSTALLMENT_PLAN = """
create temp table plan on commit drop as
select gen_random_uuid() as id, gen_random_uuid() as reconciliation_id, d.id as document_id,
  d.direction, d.counterparty_tax_id, d.recipient_name, d.issuer_name, n, i,
  case when c = 1 and n % 8 = 0 then null else lpad(i::text, 3, '0') end as number,
  case when c = 1 and n % 8 = 0 then null
       else (d.issued_at at time zone 'America/Sao_Paulo')::date + 30 * i end as due_date,
  (d.issued_at at time zone 'America/Sao_Paulo')::date + 30 * i as paid_around,
  case when i < c then round(d.total_amount / c, 2)
       else d.total_amount - round(d.total_amount / c, 2) * (c - 1) end as amount,
  case when d.status <> 'authorized' then 'open'
       when (n * 37 + i * 11) % 100 < 60 then 'matched'
       when (n * 37 + i * 11) % 100 < 75 then 'suggested'
       when (n * 37 + i * 11) % 100 < 78 then 'rejected'
       else 'open' end as decision,
  (n + i) % 20 = 0 as split
from documents d,
  lateral (select d.number::int as n,
                  case d.number::int % 4 when 0 then 1 when 3 then 3 else 2 end as c) as m,
  lateral generate_series(1, c) as i
where d.organization_id = $1
"""

_INSTALLMENTS = """
insert into document_installments (id, organization_id, document_id, number, due_date,
  amount, open_amount, status)
select id, $1, document_id, number, due_date, amount,
  case when decision = 'matched' then 0 else amount end,
  case when decision = 'matched' then 'reconciled' else 'open' end
from plan
"""

# A suggestion is 3 cents off (rounding); a matched split pays in two halves.
_TRANSACTION_PLAN = """
create temp table tx on commit drop as
select gen_random_uuid() as id, p.id as installment_id, p.reconciliation_id, p.decision,
  p.direction, p.counterparty_tax_id, p.n, part,
  case when p.direction = 'receivable' then p.recipient_name else p.issuer_name end as name,
  p.paid_around + (p.n % 5 - 2) as posted_on,
  case when p.split and part = 1 then round(p.amount / 2, 2)
       when p.split then p.amount - round(p.amount / 2, 2)
       when p.decision = 'suggested' then p.amount + 0.03
       else p.amount end as allocated
from plan p, lateral generate_series(1, case when p.split then 2 else 1 end) as part
where p.decision <> 'open'
"""

_TRANSACTIONS = """
insert into transactions (id, organization_id, bank_account_id, fingerprint, source,
  entry_kind, posted_date, amount, open_amount, currency, description, type,
  counterparty_name, counterparty_tax_id, external_refs, status)
select id, $1::uuid, ($2::uuid[])[1 + n % 2], encode(sha256(convert_to(id::text, 'UTF8')), 'hex'),
  'ofx', 'bank', posted_on, signed, case when decision = 'matched' then 0 else signed end,
  'BRL', memo, kind, name, counterparty_tax_id,
  jsonb_build_object('fitid', replace(id::text, '-', '')),
  case when decision = 'matched' then 'reconciled' else 'open' end
from (
  select tx.*,
    case when direction = 'receivable' then allocated else -allocated end as signed,
    case when direction = 'receivable' then 'pix' else 'boleto' end as kind,
    case when direction = 'receivable' then 'PIX RECEBIDO ' || coalesce(name, '')
         else 'PAGAMENTO BOLETO ' || coalesce(name, '') end as memo
  from tx
) as t
union all
select gen_random_uuid(), $1::uuid, ($2::uuid[])[1 + g % 2],
  encode(sha256(convert_to($1::uuid::text || ':noise:' || g, 'UTF8')), 'hex'), 'ofx', 'bank',
  date '2025-01-01' + g % 640, -round(1 + (g * 7919 % 90000) / 100.0, 2),
  -round(1 + (g * 7919 % 90000) / 100.0, 2), 'BRL',
  case when g % 3 = 0 then 'TARIFA PACOTE SERVICOS' else 'TED ENVIADA FORNECEDOR ' || g end,
  case when g % 3 = 0 then 'fee' else 'ted' end, null, null,
  jsonb_build_object('fitid', 'N' || g), 'open'
from generate_series(1, $3::int) as g
"""

_RECONCILIATIONS = """
insert into reconciliations (id, organization_id, status, score, reasons, difference_amount,
  decided_by, decided_by_user_id, decided_at)
select reconciliation_id, $1, decision,
  case decision when 'matched' then 0.97 when 'suggested' then 0.72 else 0.64 end,
  case decision when 'matched' then $2::jsonb else $3::jsonb end,
  case when decision = 'matched' then 0 else 0.03 end,
  case when decision = 'rejected' then 'user' else 'system' end,
  case when decision = 'rejected' then $4::uuid end,
  case when decision <> 'suggested' then now() end
from plan where decision <> 'open'
"""

_ITEMS = """
insert into reconciliation_items (organization_id, reconciliation_id, side, document_id,
  installment_id, transaction_id, amount)
select $1::uuid, reconciliation_id, 'document', document_id, id, null::uuid, amount
from plan where decision <> 'open'
union all
select $1::uuid, reconciliation_id, 'transaction', null, null, id, allocated from tx
"""


def template_payload() -> dict[str, Any]:
    """The canonical JSON of one parsed NF-e (3 items, 2 installments): what a real row holds."""
    xml = nfe_xml(random_nfe(random.Random(7), items=3, number=1))
    document = parse_fiscal(xml, check_signature="presence")[0].records[0]
    payload: dict[str, Any] = to_jsonable(document)
    return payload


def reason_lists() -> tuple[str, str]:
    """Reasons of a typical match and of a typical suggestion, as the engine writes them."""
    matched = [reasons.amount_exact(), reasons.paid_on_due_date(), reasons.tax_id_in_memo(True)]
    suggested = [
        reasons.amount_rounding(Decimal("0.03")),
        reasons.paid_late(2),
        reasons.name_similar(0.71),
    ]
    return (
        json.dumps([{"code": r.code, "message": r.message} for r in matched]),
        json.dumps([{"code": r.code, "message": r.message} for r in suggested]),
    )


@dataclass(frozen=True)
class Tenant:
    """What the clients need to know about a loaded tenant."""

    organization_id: uuid.UUID
    user_id: uuid.UUID


async def load_tenant(
    conn: asyncpg.Connection, organization_id: uuid.UUID, slug: str, documents: int, seed: int
) -> Tenant:
    """Create one organization with ``documents`` NF-e and everything hanging off them."""
    rng = random.Random(seed)
    user_id, company_id = uuid.uuid4(), uuid.uuid4()
    own_cnpj, own_name = make_cnpj(rng), f"Comércio {slug} Ltda"
    cnpjs = [make_cnpj(rng) for _ in range(500)]
    names = [f"CLIENTE FORNECEDOR {i:03d} LTDA" for i in range(500)]
    accounts = [uuid.uuid4(), uuid.uuid4()]
    files = [uuid.uuid4() for _ in range((documents + 999) // 1000)]
    matched_reasons, suggested_reasons = reason_lists()
    async with conn.transaction():
        await conn.execute(
            "insert into organizations (id, name, slug, is_active) values ($1, $2, $3, true)",
            organization_id,
            f"Escritório {slug}",
            slug,
        )
        await conn.execute(
            "insert into users (id, email, name, password_hash, is_active)"
            " values ($1, $2, 'Bench User', $3, true)",
            user_id,
            f"bench@{slug}.example",
            hash_password(uuid.uuid4().hex),
        )
        await conn.execute(
            "insert into memberships (organization_id, user_id, role, is_active)"
            " values ($1, $2, 'operator', true)",
            organization_id,
            user_id,
        )
        await conn.execute(
            "insert into companies (id, organization_id, cnpj, legal_name, trade_name, uf,"
            " municipality_code) values ($1, $2, $3, $4, 'Bench', 'SP', '3550308')",
            company_id,
            organization_id,
            own_cnpj,
            own_name,
        )
        await conn.execute(
            "insert into bank_accounts (id, organization_id, company_id, kind, name, bank_code,"
            " branch, account_number, account_digit, account_key, currency, is_active)"
            " select a, $2, $3, 'bank', 'Conta ' || i, '341', '0001', (10000 + i)::text, '1',"
            " '341:0001:' || (10000 + i), 'BRL', true"
            " from unnest($1::uuid[]) with ordinality as x(a, i)",
            accounts,
            organization_id,
            company_id,
        )
        await conn.execute(
            "insert into files (id, organization_id, sha256, original_name, content_type,"
            " detected_kind, size_bytes, storage_key, status, members_count, documents_count,"
            " transactions_count, errors_count)"
            " select f, $2, encode(sha256(convert_to(f::text, 'UTF8')), 'hex'),"
            " 'lote-' || i || '.zip', 'application/zip', 'zip', 6000000,"
            " $2::uuid::text || '/2026/01/' || f || '_lote.zip', 'processed', 1000, 1000, 0, 0"
            " from unnest($1::uuid[]) with ordinality as x(f, i)",
            files,
            organization_id,
        )
        # Foreign-key triggers check (and lock) the parent row by row, which would take
        # most of the loading time; the rows are consistent by construction and
        # check_foreign_keys() proves it afterwards. CHECK and UNIQUE constraints stay on.
        await conn.execute("set local session_replication_role = replica")
        await conn.execute(_DOCUMENT_PLAN, own_cnpj, own_name, cnpjs, names, files, documents)
        bodies = await conn.fetch("select body from doc order by n")
        keys = [r["body"] + str(access_key_check_digit(r["body"])) for r in bodies]
        await conn.execute(
            _DOCUMENTS, organization_id, company_id, json.dumps(template_payload()), keys
        )
        await conn.execute(_INSTALLMENT_PLAN, organization_id)
        await conn.execute(_INSTALLMENTS, organization_id)
        await conn.execute(_TRANSACTION_PLAN)
        await conn.execute(_TRANSACTIONS, organization_id, accounts, documents // 5)
        await conn.execute(
            _RECONCILIATIONS, organization_id, matched_reasons, suggested_reasons, user_id
        )
        await conn.execute(_ITEMS, organization_id)
    return Tenant(organization_id, user_id)


async def check_foreign_keys(conn: asyncpg.Connection) -> tuple[int, int]:
    """(foreign keys, rows whose parent is missing) over every single-column foreign key."""
    keys = await conn.fetch(
        "select c.conrelid::regclass::text as child, a.attname as col,"
        " c.confrelid::regclass::text as parent, p.attname as pcol"
        " from pg_constraint c"
        " join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]"
        " join pg_attribute p on p.attrelid = c.confrelid and p.attnum = c.confkey[1]"
        " where c.contype = 'f' and cardinality(c.conkey) = 1"
        " and c.connamespace = 'public'::regnamespace"
    )
    orphans = 0
    for k in keys:
        orphans += await conn.fetchval(
            f'select count(*) from {k["child"]} c where c."{k["col"]}" is not null and not'
            f' exists (select 1 from {k["parent"]} p where p."{k["pcol"]}" = c."{k["col"]}")'
        )
    return len(keys), orphans


async def load_data(dsn: str, documents: int, other: int) -> tuple[Tenant, list[str]]:
    """Both tenants, then ANALYZE; returns the measured tenant and lines describing the data."""
    conn = await asyncpg.connect(dsn)
    try:
        tenant = await load_tenant(conn, TENANT, "bench-a", documents, seed=1)
        await load_tenant(conn, OTHER_TENANT, "bench-b", other, seed=2)
        await conn.execute("analyze")
        keys, orphans = await check_foreign_keys(conn)
        counts = {}
        for table in (
            "documents",
            "document_installments",
            "transactions",
            "reconciliations",
            "reconciliation_items",
        ):
            counts[table] = await conn.fetchval(
                f"select count(*) from {table} where organization_id = $1", TENANT
            )
        statuses = await conn.fetch(
            "select status, count(*) from reconciliations where organization_id = $1"
            " group by status order by status",
            TENANT,
        )
        others = await conn.fetchval(
            "select count(*) from documents where organization_id = $1", OTHER_TENANT
        )
        size = await conn.fetchval("select pg_total_relation_size('documents')")
    finally:
        await conn.close()
    lines = [
        "tenant: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()),
        "reconciliations: " + ", ".join(f"{r[1]:,} {r[0]}" for r in statuses),
        f"other tenant (RLS filters it out): {others:,} documents and their rows;"
        f" documents table {size / 2**20:.0f} MiB with indexes and TOAST",
        f"foreign keys: {keys} checked after loading, {orphans} rows without their parent",
    ]
    return tenant, lines


# --- processes and CPU ----------------------------------------------------------------

_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_by_process() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds) for every process (Linux /proc).

    The seconds include the children a process has reaped: PostgreSQL's parallel
    workers and closed backends exit during a run, and their time moves to the postmaster.
    """
    table: dict[int, tuple[int, float]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks = sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
        table[int(entry.name)] = (int(fields[1]), ticks / _TICKS)
    return table


def cpu_seconds(roots: dict[str, int]) -> dict[str, float]:
    """CPU seconds used so far by each named process and its descendants (this process
    alone: the servers are its children)."""
    table = _cpu_by_process()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    totals = {}
    for name, root in roots.items():
        total, stack = 0.0, [root]
        while stack:
            pid = stack.pop()
            total += table.get(pid, (0, 0.0))[1]
            if pid != os.getpid():
                stack.extend(children.get(pid, []))
        totals[name] = total
    return totals


@dataclass
class Server:
    """A GraphQL server process we started, and what to send it."""

    name: str
    url: str
    body: bytes
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        """SIGTERM to the process group we created, then SIGKILL after 20 s."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        # Workers a supervisor left behind share its process group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


def start_server(
    name: str, command: list[str], env: dict[str, str], port: int, body: bytes, log: Path
) -> Server:
    """Start ``command`` in its own process group, logging to ``log``."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(name, f"http://127.0.0.1:{port}/graphql", body, process, log)


async def wait_ready(server: Server, headers: dict[str, str], within: float = 90) -> bytes:
    """Poll with the real request until it answers 200 without errors; return that answer."""
    deadline = time.monotonic() + within
    last = ""
    async with httpx.AsyncClient(timeout=30) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                break
            try:
                response = await client.post(server.url, content=server.body, headers=headers)
                if response.status_code == 200 and b'"errors"' not in response.content:
                    return response.content
                last = f"{response.status_code} {response.text[:500]}"
            except httpx.HTTPError as exc:
                last = repr(exc)
            await asyncio.sleep(0.3)
    tail = server.log.read_text(errors="replace")[-3000:]
    raise RuntimeError(f"{server.name} not ready: {last}\n--- log tail ---\n{tail}")


# --- load -----------------------------------------------------------------------------


@dataclass
class Figures:
    """One measured window."""

    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    cpu: dict[str, float] = field(default_factory=dict)
    # Cores used by each worker process of a multi-process server: keep-alive connections
    # stay with the worker that accepted them, so the split is rarely even.
    workers: list[float] = field(default_factory=list)
    statements: float = 0.0
    db_ms: float = 0.0

    @property
    def rps(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds

    def percentile(self, q: int) -> float:
        """Latency percentile in milliseconds."""
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1] * 1000


class Clients:
    """``count`` HTTP/1.1 keep-alive clients, one connection each, closed loop."""

    def __init__(self, count: int, headers: dict[str, str]) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self.clients = [
            httpx.AsyncClient(timeout=60, limits=limits, headers=headers) for _ in range(count)
        ]

    async def close(self) -> None:
        """Close every connection."""
        await asyncio.gather(*(c.aclose() for c in self.clients))

    async def run(self, url: str, body: bytes, seconds: float) -> Figures:
        """Send requests until ``seconds`` have passed; every answer counts."""
        latencies: list[float] = []
        errors = 0
        deadline = time.perf_counter() + seconds

        async def loop(client: httpx.AsyncClient) -> None:
            nonlocal errors
            while (started := time.perf_counter()) < deadline:
                try:
                    response = await client.post(url, content=body)
                    # Cheap check: a GraphQL error puts "errors" in the body.
                    failed = response.status_code != 200 or b'"errors"' in response.content
                except httpx.HTTPError:
                    failed = True
                latencies.append(time.perf_counter() - started)
                errors += failed

        began = time.perf_counter()
        await asyncio.gather(*(loop(c) for c in self.clients))
        return Figures(len(latencies), errors, time.perf_counter() - began, latencies)


async def reset_statements(admin: asyncpg.Connection) -> None:
    """Forget pg_stat_statements's counters."""
    await admin.execute("select pg_stat_statements_reset()")


async def statement_totals(admin: asyncpg.Connection) -> tuple[int, float]:
    """(calls, execution ms) of the application role in the bench database."""
    row = await admin.fetchrow(
        "select coalesce(sum(calls), 0)::bigint, coalesce(sum(total_exec_time), 0)::float8"
        " from pg_stat_statements s join pg_roles r on r.oid = s.userid"
        " join pg_database d on d.oid = s.dbid where r.rolname = $1 and d.datname = $2",
        APP_ROLE,
        DATABASE,
    )
    return int(row[0]), float(row[1])


async def top_statements(admin: asyncpg.Connection, limit: int) -> list[asyncpg.Record]:
    """The application role's statements by total execution time."""
    rows: list[asyncpg.Record] = await admin.fetch(
        "select calls, total_exec_time / calls as mean_ms, rows / calls as rows_per_call,"
        " left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query"
        " from pg_stat_statements s join pg_roles r on r.oid = s.userid"
        " join pg_database d on d.oid = s.dbid where r.rolname = $1 and d.datname = $2"
        " order by total_exec_time desc limit $3",
        APP_ROLE,
        DATABASE,
        limit,
    )
    return rows


@dataclass
class Result:
    """Everything measured against one server configuration."""

    name: str
    single_p50: float
    runs: list[Figures]
    response_bytes: int
    shape: str

    def median(self, attribute: str, *args: int) -> float:
        """Median over runs of a Figures property or method."""
        values: list[float] = []
        for run in self.runs:
            value = getattr(run, attribute)
            values.append(float(value(*args) if args else value))
        return statistics.median(values)


# Where each level of the page sits in our answer and in PostGraphile's.
_LEVELS = {
    "installments": 1,
    "documentInstallmentsByDocumentId": 1,
    "reconciliations": 2,
    "reconciliationByReconciliationId": 2,
    "transaction": 3,
    "transactionByTransactionId": 3,
}


def shape_of(answer: bytes) -> str:
    """Documents, installments, reconciliations and transactions in an answer."""
    data = json.loads(answer)["data"]
    counts = [0, 0, 0, 0]

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for child in value:
                walk(child)
        elif isinstance(value, dict):
            for key, child in value.items():
                level = _LEVELS.get(key)
                if level is not None and child is not None:
                    if isinstance(child, dict) and "nodes" in child:
                        counts[level] += len(child["nodes"])
                    else:
                        counts[level] += len(child) if isinstance(child, list) else 1
                walk(child)

    documents = data["allDocuments"]["nodes"] if "allDocuments" in data else None
    counts[0] = len(documents) if documents is not None else len(data["documents"]["edges"])
    walk(data)
    return (
        f"{counts[0]} documents, {counts[1]} installments, {counts[2]} reconciliations,"
        f" {counts[3]} transactions"
    )


async def measure(
    server: Server,
    headers: dict[str, str],
    args: argparse.Namespace,
    admin: asyncpg.Connection,
    cpu_roots: dict[str, int],
) -> Result:
    """Single-client baseline, warm-up, then ``args.runs`` measured windows."""
    answer = await wait_ready(server, headers)
    single = Clients(1, headers)
    try:
        await single.run(server.url, server.body, 1)
        baseline = await single.run(server.url, server.body, args.single_seconds)
    finally:
        await single.close()
    clients = Clients(args.clients, headers)
    runs = []
    try:
        await clients.run(server.url, server.body, args.warmup)
        for _ in range(args.runs):
            await reset_statements(admin)
            workers = {
                str(pid): pid
                for pid, (parent, _) in _cpu_by_process().items()
                if parent == server.process.pid
            }
            before = cpu_seconds({**cpu_roots, **workers})
            figures = await clients.run(server.url, server.body, args.seconds)
            after = cpu_seconds({**cpu_roots, **workers})
            calls, exec_ms = await statement_totals(admin)
            figures.cpu = {k: (after[k] - before[k]) / figures.seconds for k in cpu_roots}
            busy = [(after[k] - before[k]) / figures.seconds for k in workers]
            figures.workers = sorted((c for c in busy if c >= 0.01), reverse=True)
            figures.statements = calls / max(1, figures.requests)
            figures.db_ms = exec_ms / max(1, figures.requests)
            runs.append(figures)
            print_run(server.name, len(runs), figures)
        if args.top_statements:
            print(f"   top statements of {server.name} (last run, by total time):")
            for row in await top_statements(admin, args.top_statements):
                print(
                    f"   {row['calls']:>8} calls {row['mean_ms']:7.3f} ms"
                    f" {row['rows_per_call']:6.1f} rows  {row['query']}"
                )
    finally:
        await clients.close()
    return Result(
        server.name,
        baseline.percentile(50),
        runs,
        len(answer),
        shape_of(answer),
    )


def print_run(name: str, number: int, f: Figures) -> None:
    """Two lines per measured window: the client's view, then where the time went."""
    per_request = ", ".join(
        f"{k} {1000 * v / f.rps:.1f} ms" for k, v in f.cpu.items() if k != "clients"
    )
    busy = ", ".join(f"{k} {v:.2f}" for k, v in f.cpu.items())
    print(
        f"  {name:<24} run {number}: {f.rps:7.1f} req/s  p50 {f.percentile(50):7.1f}"
        f"  p95 {f.percentile(95):7.1f}  p99 {f.percentile(99):7.1f} ms  errors {f.errors}\n"
        f"  {'':<24}        per request: {f.statements:.1f} statements taking"
        f" {f.db_ms:.2f} ms to execute; CPU {per_request}; cores busy: {busy}"
        + (
            f" (server processes: {', '.join(f'{c:.2f}' for c in f.workers)})"
            if len(f.workers) > 1
            else ""
        )
    )


def print_summary(results: list[Result], clients: int, target_ms: float) -> None:
    """The medians, the contention ratio and the ratios against PostGraphile."""
    print(
        f"\n== median of runs, {clients} clients "
        f"(single client: one closed-loop client, no contention) =="
    )
    print(
        f"  {'server':<24} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>6}"
        f" {'1-client p50':>12} {'p50/1-client':>12}"
    )
    for r in results:
        p50 = r.median("percentile", 50)
        print(
            f"  {r.name:<24} {r.median('rps'):7.1f} {p50:7.1f} {r.median('percentile', 95):7.1f}"
            f" {r.median('percentile', 99):7.1f} {sum(f.errors for f in r.runs):6d}"
            f" {r.single_p50:9.1f} ms {p50 / r.single_p50:11.1f}x"
        )
    for r in results:
        verdict = "meets" if r.median("percentile", 95) < target_ms else "misses"
        print(f"  {r.name}: p95 {verdict} the {target_ms:.0f} ms target")
    ours = [r for r in results if not r.name.startswith("PostGraphile")]
    theirs = [r for r in results if r.name.startswith("PostGraphile")]
    if theirs:
        print("\n== ours / PostGraphile (same run, same clients, same processes count) ==")
        for mine in ours:
            other = next(
                (t for t in theirs if t.name.split()[-2:] == mine.name.split()[-2:]), theirs[0]
            )
            rps = mine.median("rps") / other.median("rps")
            p95 = mine.median("percentile", 95) / other.median("percentile", 95)
            print(
                f"  {mine.name} / {other.name}: req/s {rps:.2f}x, p95 {p95:.2f}x,"
                f" single-client p50 {mine.single_p50 / other.single_p50:.2f}x"
            )
    print("\n  answers:")
    for r in results:
        print(f"  {r.name:<24} {r.response_bytes:,} bytes: {r.shape}")


# --- main -----------------------------------------------------------------------------


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def install_postgraphile(folder: Path) -> Path | None:
    """``npm install postgraphile@4`` into ``folder``; its node_modules, or None."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        print("PostGraphile: skipped (node/npm not found)")
        return None
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "postgraphile@4"],
            cwd=folder,
            check=True,
            capture_output=True,
            timeout=300,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        print(f"PostGraphile: skipped, npm install failed: {detail.decode(errors='replace')[:300]}")
        return None
    print(f"PostGraphile 4 installed with npm in {time.perf_counter() - started:.1f} s")
    return folder / "node_modules"


async def run(args: argparse.Namespace) -> None:
    """Load, serve, measure, print."""
    root = Path(tempfile.mkdtemp(prefix="cc-bench-graphql-"))
    pg = EmbeddedPostgres(root / "pg", free_port(), durable=False)
    servers: list[Server] = []
    try:
        pg.start()
        admin_dsn = pg.dsn()
        # pg_stat_statements must be preloaded: one restart.
        conn = await asyncpg.connect(admin_dsn)
        await conn.execute("alter system set shared_preload_libraries = 'pg_stat_statements'")
        await conn.close()
        pg.stop()
        pg.start()
        urls = await asyncio.to_thread(
            bootstrap_database,
            admin_dsn,
            database=DATABASE,
            owner_role=OWNER_ROLE,
            app_role=APP_ROLE,
        )
        bench_dsn = pg.dsn(database=DATABASE)
        started = time.perf_counter()
        tenant, facts = await load_data(bench_dsn, args.documents, args.other_documents)
        loaded = time.perf_counter() - started
        print(f"data: loaded in {loaded:.1f} s (set-based SQL as the superuser, then ANALYZE)")
        for line in facts:
            print(f"  {line}")
        admin = await asyncpg.connect(bench_dsn)
        await admin.execute("create extension if not exists pg_stat_statements")
        if args.candidate_index:
            for statement in CANDIDATE_INDEXES:
                await admin.execute(statement)
            await admin.execute("analyze documents")
            print("schema: as migrated, plus the candidate indexes:")
            for statement in CANDIDATE_INDEXES:
                print(f"  {statement}")
        else:
            print("schema: as migrated")

        settings = Settings(
            _env_file=None,
            data_dir=root / "data",
            environment="development",
        )
        key = load_signing_key(settings)  # generated under data_dir/keys, as in development
        tokens = TokenConfig(
            key=key,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            access_ttl_seconds=6 * 3600,
        )
        caller = Principal(
            subject_id=tenant.user_id, organization_id=tenant.organization_id, role=Role.OPERATOR
        )
        token = issue_access_token(tokens, caller)
        headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
        ours_body = json.dumps(
            {
                "query": operation_text(OPERATIONS, OPERATION),
                "operationName": OPERATION,
                "variables": {"first": PAGE},
            }
        ).encode()
        theirs_body = json.dumps(
            {"query": POSTGRAPHILE_QUERY, "variables": {"first": PAGE}}
        ).encode()
        base_env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
        postmaster = int((pg.pgdata / "postmaster.pid").read_text().split()[0])
        modules = None if args.no_postgraphile else install_postgraphile(root / "postgraphile")
        print(
            f"load: {args.clients} clients, closed loop, keep-alive; warm-up {args.warmup:g} s,"
            f" {args.runs} runs of {args.seconds:g} s; single client {args.single_seconds:g} s."
            f"\nmachine: {os.cpu_count()} cores shared by PostgreSQL, the server and the clients"
            f" (and whatever else runs: load average {_load()} before measuring)\n"
        )
        results = []
        for workers in args.workers:
            plural = "es" if workers > 1 else ""
            configs: list[tuple[str, list[str], dict[str, str], bytes]] = [
                (
                    f"ours {workers} process{plural}",
                    [
                        sys.executable,
                        "-m",
                        "backend.cli",
                        "api",
                        "--port",
                        "{port}",
                        "--workers",
                        str(workers),
                    ],
                    {
                        **base_env,
                        "ENVIRONMENT": "development",
                        "DATA_DIR": str(settings.data_dir),
                        "DATABASE_URL": urls.app,
                        "MIGRATION_DATABASE_URL": urls.owner,
                        # Never reached by reads; set so nothing looks for an embedded one.
                        "TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",
                        "LOG_LEVEL": "INFO",
                        "LOG_FORMAT": "json",
                        # The limiter still runs; one token holder must not be throttled.
                        "RATE_LIMIT_GRAPHQL_PER_MINUTE": "100000000",
                    },
                    ours_body,
                )
            ]
            if modules is not None:
                configs.append(
                    (
                        f"PostGraphile {workers} process{plural}",
                        ["node", str(REPO / "bench" / "postgraphile_server.js")],
                        {
                            **base_env,
                            "NODE_PATH": str(modules),
                            "NODE_ENV": "production",
                            "DATABASE_URL": urls.app,
                            "JWT_PUBLIC_KEY": key.as_pem(private=False).decode(),
                            "JWT_ISSUER": settings.jwt_issuer,
                            "JWT_AUDIENCE": settings.jwt_audience,
                            "WORKERS": str(workers),
                            "POOL_SIZE": str(2 * settings.database_pool_size),
                            "PORT": "{port}",
                        },
                        theirs_body,
                    )
                )
            for name, command, env, body in configs:
                port = free_port()
                command = [c.replace("{port}", str(port)) for c in command]
                env = {k: v.replace("{port}", str(port)) for k, v in env.items()}
                slug = name.replace(" ", "-")
                server = start_server(name, command, env, port, body, root / f"{slug}.log")
                servers.append(server)
                try:
                    roots = {
                        "server": server.process.pid,
                        "postgres": postmaster,
                        "clients": os.getpid(),
                    }
                    results.append(await measure(server, headers, args, admin, roots))
                finally:
                    server.stop()
        await admin.close()
        print(f"\nmachine load average after measuring: {_load()}")
        print_summary(results, args.clients, args.target_ms)
    finally:
        for server in servers:
            server.stop()
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument(
        "--other-documents", type=int, default=10_000, help="the tenant RLS filters out"
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--single-seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-postgraphile", action="store_true")
    parser.add_argument(
        "--top-statements",
        type=int,
        default=0,
        help="print the N statements that took most database time, per server",
    )
    parser.add_argument(
        "--candidate-index",
        action="store_true",
        help="measure with indexes that serve the page's ORDER BY (not in the migrations)",
    )
    parser.add_argument("--target-ms", type=float, default=50)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
