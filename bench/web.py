"""The web app in a real browser over a tenant of 10,000 documents.

Builds the tenant of bench/graphql.py (``--documents`` NF-e with installments,
transactions and matched, suggested and rejected reconciliations; set-based SQL on an
embedded PostgreSQL), runs the API as production does (``conciliacontag api`` in its own
process, serving the built frontend/dist), and drives the system Chromium with
Playwright. Each of ``--runs`` runs starts from a new browser context (empty cache):

- first screen: the JavaScript the login page loads, and what the dashboard had loaded
  when it was drawn (before the shell's idle prefetch of other screens), gzipped (level
  6, as a server or CDN would send it), and the whole of frontend/dist's JavaScript for
  comparison (what code splitting saves);
- login → dashboard fully drawn: from the click on "Entrar" until the dashboard is on
  screen with no loading skeleton left and the network idle;
- documents list: from the click on the navigation item until the first page's rows are
  drawn (no skeleton), cold (first visit) and warm (second visit, the chunk cached);
- baseline in the same run: the same dashboard and documents operations sent straight
  to /graphql with httpx, so the ratio shows what the browser adds over the API.

Targets (issue 14): first-screen JavaScript <= 300 KB gzipped, login to dashboard <= 1.5 s,
a documents page <= 300 ms after navigation. Figures only; nothing is asserted.
The review loop (keypress to next item) is bench/web_review.py.

    .venv/bin/python bench/web.py [--documents 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import importlib.util
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import asyncpg
import httpx
from playwright.async_api import Browser, Page, async_playwright

from backend.auth.passwords import hash_password
from backend.devstack.database import bootstrap_database
from backend.devstack.postgres import EmbeddedPostgres, free_port

REPO = Path(__file__).resolve().parents[1]
DIST = REPO / "frontend" / "dist"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "bench-web-senha-1"  # noqa: S105 - a throw-away bench account
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Drawn: the shell's main area holds content and no Mantine skeleton is left.
DRAWN = """() => {
  const main = document.querySelector('main');
  return !!main && main.innerText.trim().length > 0
    && !document.querySelector('.mantine-Skeleton-root, [aria-busy="true"]');
}"""
ROWS_DRAWN = """() => document.querySelectorAll('main table tbody tr').length > 0
  && !document.querySelector('.mantine-Skeleton-root, [aria-busy="true"]')"""


def _bench_graphql() -> ModuleType:
    """bench/graphql.py's tenant builder and server helpers (loaded by path: a module
    named graphql would shadow graphql-core)."""
    spec = importlib.util.spec_from_file_location("bench_graphql", REPO / "bench" / "graphql.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_graphql"] = module
    spec.loader.exec_module(module)
    return module


def gzipped(path: Path) -> int:
    """Bytes of ``path`` after gzip -6."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def script_sizes(urls: list[str]) -> tuple[int, int]:
    """(raw, gzipped) bytes of the JavaScript files of dist these URLs name."""
    raw = packed = 0
    for url in sorted(set(urls)):
        path = DIST / url.split("://", 1)[-1].split("/", 1)[-1].split("?")[0]
        if path.suffix == ".js" and path.is_file():
            raw += path.stat().st_size
            packed += gzipped(path)
    return raw, packed


def _ms(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:7.0f} ms  "
        f"min {min(values) * 1000:6.0f}  max {max(values) * 1000:6.0f}"
    )


async def _scripts(page: Page) -> list[str]:
    entries: list[str] = await page.evaluate(
        "() => performance.getEntriesByType('resource')"
        ".filter(e => e.initiatorType === 'script' || e.name.endsWith('.js')).map(e => e.name)"
    )
    return entries


async def one_run(browser: Browser, base: str, email: str) -> dict[str, Any]:
    """One cold visit: login, dashboard, documents (twice)."""
    context = await browser.new_context(base_url=base, viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    try:
        await page.goto("/login", wait_until="networkidle")
        login_scripts = await _scripts(page)
        await page.get_by_label("E-mail").fill(email)
        await page.get_by_label("Senha").fill(PASSWORD)
        started = time.perf_counter()
        await page.get_by_role("button", name="Entrar").click()
        # The login page is drawn too: wait for the dashboard's own address first.
        await page.wait_for_url(lambda url: "/login" not in url, timeout=30_000)
        await page.wait_for_function(DRAWN, timeout=30_000)
        # What the dashboard needed to be drawn: the shell prefetches other screens'
        # chunks once the browser is idle, which would count here otherwise.
        first_screen = await _scripts(page)
        await page.wait_for_load_state("networkidle")
        dashboard = time.perf_counter() - started

        async def documents() -> float:
            link = page.get_by_role("link", name="Documentos").first
            begun = time.perf_counter()
            await link.click()
            await page.wait_for_function(ROWS_DRAWN, timeout=30_000)
            return time.perf_counter() - begun

        cold = await documents()
        await page.get_by_role("link", name="Painel").first.click()
        await page.wait_for_function(DRAWN, timeout=30_000)
        warm = await documents()
        return {
            "dashboard": dashboard,
            "documents_cold": cold,
            "documents_warm": warm,
            "login_scripts": login_scripts,
            "first_screen_scripts": first_screen,
        }
    finally:
        await context.close()


async def api_baseline(base: str, token: str, runs: int) -> tuple[list[float], list[float]]:
    """The dashboard and a documents page straight from /graphql (no browser)."""
    dashboard = (
        "{ dashboard { documents transactions openReceivables openPayables"
        " pendingSuggestions automaticMatchRate } reconciliationSummary { periodStart"
        " direction documents } aging { bucket openAmount } }"
    )
    documents = (
        "{ documents(first: 50) { totalCount edges { node { id number issuedAt total"
        " status counterpartyDocument } } } }"
    )
    headers = {"authorization": f"Bearer {token}"}
    timings: tuple[list[float], list[float]] = ([], [])
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for _ in range(runs):
            for query, bucket in ((dashboard, timings[0]), (documents, timings[1])):
                begun = time.perf_counter()
                answer = await client.post("/graphql", json={"query": query}, headers=headers)
                bucket.append(time.perf_counter() - begun)
                if answer.status_code != 200 or "errors" in answer.json():
                    raise RuntimeError(f"baseline query failed: {answer.text[:300]}")
    return timings


async def login_token(base: str, email: str) -> str:
    """An access token for the bench user, through the login mutation."""
    mutation = (
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p)"
        " { ... on AuthTokens { accessToken } ... on UserError { code } } }"
    )
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        answer = await client.post(
            "/graphql", json={"query": mutation, "variables": {"e": email, "p": PASSWORD}}
        )
    token: str = answer.json()["data"]["login"]["accessToken"]
    return token


@dataclass(frozen=True)
class Served:
    """The bench tenant behind a running API: where it answers and who logs in."""

    base: str
    email: str
    dsn: str
    organization_id: uuid.UUID


@contextlib.asynccontextmanager
async def served_tenant(documents: int, others: int, prefix: str) -> AsyncIterator[Served]:
    """bench/graphql.py's tenant of ``documents`` (and ``others`` in a second tenant) on an
    embedded PostgreSQL, its user's password set to PASSWORD, and ``conciliacontag api``
    serving it and the built web app, as production runs it; everything stops after."""
    helpers = _bench_graphql()
    root = Path(tempfile.mkdtemp(prefix=prefix))
    pg = EmbeddedPostgres(root / "pg", free_port(), durable=False)
    server = None
    try:
        pg.start()
        urls = await asyncio.to_thread(
            bootstrap_database,
            pg.dsn(),
            database=helpers.DATABASE,
            owner_role=helpers.OWNER_ROLE,
            app_role=helpers.APP_ROLE,
        )
        dsn = pg.dsn(database=helpers.DATABASE)
        started = time.perf_counter()
        tenant, facts = await helpers.load_data(dsn, documents, others)
        conn = await asyncpg.connect(dsn)
        try:
            email = await conn.fetchval(
                "update users set password_hash = $2 where id = $1 returning email",
                tenant.user_id,
                hash_password(PASSWORD),
            )
        finally:
            await conn.close()
        print(f"data: {time.perf_counter() - started:.1f} s to load")
        for line in facts:
            print(f"  {line}")
        port = free_port()
        env = {
            **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")},
            "ENVIRONMENT": "development",
            "DATA_DIR": str(root / "data"),
            "DATABASE_URL": urls.app,
            "MIGRATION_DATABASE_URL": urls.owner,
            "TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",  # never reached by these reads
            "LOG_LEVEL": "WARNING",
            "RATE_LIMIT_GRAPHQL_PER_MINUTE": "100000000",
            "RATE_LIMIT_GRAPHQL_ANONYMOUS_PER_MINUTE": "100000",
        }
        server = helpers.start_server(
            "api",
            [sys.executable, "-m", "backend.cli", "api", "--port", str(port)],
            env,
            port,
            b'{"query": "{ __typename }"}',
            root / "api.log",
        )
        await helpers.wait_ready(server, {"content-type": "application/json"})
        yield Served(f"http://127.0.0.1:{port}", email, dsn, tenant.organization_id)
    finally:
        if server is not None:
            server.stop()
        pg.stop()


async def run(args: argparse.Namespace) -> None:
    """Load, serve, measure, print."""
    if not (DIST / "index.html").is_file():
        raise SystemExit("frontend/dist is missing: run `make web` first")
    async with served_tenant(args.documents, 200, "cc-bench-web-") as served:
        base, email = served.base, served.email
        token = await login_token(base, email)
        api_dashboard, api_documents = await api_baseline(base, token, args.runs)
        results = []
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                await one_run(browser, base, email)  # warm-up: server caches, JIT
                for _ in range(args.runs):
                    results.append(await one_run(browser, base, email))
            finally:
                await browser.close()
        all_js = sorted(DIST.rglob("*.js"))
        total_packed = sum(gzipped(p) for p in all_js)
        login_raw, login_packed = script_sizes(results[-1]["login_scripts"])
        first_raw, first_packed = script_sizes(results[-1]["first_screen_scripts"])
        dashboard = [r["dashboard"] for r in results]
        cold = [r["documents_cold"] for r in results]
        warm = [r["documents_warm"] for r in results]
        print(f"\nbrowser: Chromium, {args.runs} runs after one warm-up, new context each")
        print(f"machine: {os.cpu_count()} cores shared by PostgreSQL, the API and Chromium")
        print(
            f"JavaScript, login page:        {login_packed / 1024:7.1f} KB gzipped"
            f" ({login_raw / 1024:.0f} KB raw)"
        )
        print(
            f"JavaScript, login + dashboard: {first_packed / 1024:7.1f} KB gzipped"
            f" ({first_raw / 1024:.0f} KB raw; target <= 300 KB)"
        )
        print(
            f"JavaScript, all of dist:       {total_packed / 1024:7.1f} KB gzipped"
            f" ({len(all_js)} files; the first screen loads"
            f" {first_packed / total_packed:.0%} of it)"
        )
        print(f"login -> dashboard drawn:      {_ms(dashboard)}  (target <= 1500 ms)")
        print(f"documents page, first visit:   {_ms(cold)}  (target <= 300 ms)")
        print(f"documents page, again:         {_ms(warm)}")
        print(f"baseline /graphql dashboard:   {_ms(api_dashboard)}")
        print(f"baseline /graphql documents:   {_ms(api_documents)}")
        print(
            "ratios (browser / API alone): dashboard"
            f" {statistics.median(dashboard) / statistics.median(api_dashboard):.1f}x,"
            f" documents {statistics.median(cold) / statistics.median(api_documents):.1f}x"
        )


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
