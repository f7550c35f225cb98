"""The review loop in a real browser: keypress → next item drawn, over 100 decisions.

Builds the tenant of bench/graphql.py (``--documents`` NF-e; about 15 % of them end up
with a suggestion, so 2,000 documents give the queue a few hundred items), runs the API
as production does (``conciliacontag api``, serving the built frontend/dist; the same
set-up as bench/web.py), logs in in the system Chromium, opens Revisão and accepts
``--decisions`` suggestions with the ``a`` key, one after the other. Each figure is from
the keydown (a capture listener in the page) to the animation frame in which the next
item is the selected one in the queue and its detail is drawn, while the accept mutation
and the queue refetch run behind it. Figures only; nothing is asserted.

    .venv/bin/python bench/web_review.py [--documents 2000] [--decisions 100]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import statistics
import sys
from pathlib import Path
from types import ModuleType

import asyncpg
from playwright.async_api import async_playwright

REPO = Path(__file__).resolve().parents[1]


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


SELECTED = '.review-queue [role="option"][aria-selected="true"]'
NEXT_DRAWN = """(previous) => {
  const el = document.querySelector('.review-queue [role="option"][aria-selected="true"]');
  const title = document.getElementById('review-detail-title');
  if (el && el.id !== previous && title) { window.__drawn = performance.now(); return true; }
  return false;
}"""


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(args: argparse.Namespace) -> None:
    web = _module("web")
    if not (web.DIST / "index.html").is_file():
        raise SystemExit("frontend/dist is missing: run `make web` first")
    async with web.served_tenant(args.documents, 20, "cc-bench-review-") as served:
        base, email = served.base, served.email
        conn = await asyncpg.connect(served.dsn)
        try:
            queued = await conn.fetchval(
                "select count(*) from reconciliations where organization_id = $1"
                " and status = 'suggested'",
                served.organization_id,
            )
        finally:
            await conn.close()
        print(f"{queued} suggestions queued")
        latencies: list[float] = []
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=web.CHROMIUM, args=web.ARGS)
            try:
                context = await browser.new_context(
                    base_url=base, viewport={"width": 1280, "height": 800}
                )
                page = await context.new_page()
                await page.goto("/login?next=/review")
                await page.get_by_label("E-mail").fill(email)
                await page.get_by_label("Senha").fill(web.PASSWORD)
                await page.get_by_role("button", name="Entrar").click()
                await page.wait_for_selector(SELECTED, timeout=60_000)
                await page.evaluate(
                    "() => window.addEventListener('keydown',"
                    " () => { window.__key = performance.now(); }, true)"
                )
                await page.locator(".review-queue").focus()
                for _ in range(args.decisions):
                    previous = await page.locator(SELECTED).get_attribute("id")
                    await page.keyboard.press("a")
                    await page.wait_for_function(
                        NEXT_DRAWN, arg=previous, polling="raf", timeout=30_000
                    )
                    latencies.append(await page.evaluate("() => window.__drawn - window.__key"))
                left = await page.locator(".review-queue [role=option]").count()
            finally:
                await browser.close()
        print(
            f"\nbrowser: Chromium; machine: {os.cpu_count()} cores"
            " shared by PostgreSQL, the API and Chromium"
        )
        print(
            f"decisions: {len(latencies)} accepts with the a key ({left} items on the page after)"
        )
        print(
            f"keypress -> next item drawn: median {statistics.median(latencies):.1f} ms,"
            f" p95 {_pct(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2_000)
    parser.add_argument("--decisions", type=int, default=100)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
