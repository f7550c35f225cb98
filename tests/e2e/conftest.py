"""A real stack for browser tests: the API (with the built web app) served by uvicorn on
a free port over the test PostgreSQL, a Temporal worker in-process, the seeded demo
tenant, and the system Chromium driven by Playwright.

pytest-asyncio runs one session event loop, and Playwright's sync API refuses to run
inside a running loop; so these tests are async and use Playwright's async API, and
uvicorn serves as a task on that same loop (as does the worker).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from backend.api.app import create_app
from backend.api.state import AppState
from backend.api.web import DEFAULT_DIST
from backend.core.settings import Settings
from backend.db.session import Database
from backend.devstack.postgres import free_port, port_is_open
from backend.tenancy.service import DemoCredentials, seed_demo
from workflows.client import connect
from workflows.worker import build_worker

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"

# `make test` builds the app and installs Chromium before pytest runs. Only a bare
# `pytest` on a machine without them skips these tests; under CI (CI set) they run and
# fail instead, so the browser suite can never silently go missing.
_READY = (DEFAULT_DIST / "index.html").is_file() and shutil.which(CHROMIUM) is not None
pytestmark = pytest.mark.skipif(
    not _READY and not os.environ.get("CI"),
    reason="needs the built web app (make web) and /usr/bin/chromium (make chromium)",
)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    """The system Chromium (no browser downloads here), quiet and sandbox-free (root)."""
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@dataclass(frozen=True)
class Stack:
    base_url: str
    demo: DemoCredentials


@pytest.fixture
async def stack(settings: Settings, database: Database) -> AsyncIterator[Stack]:
    async with database.session() as session:
        demo = await seed_demo(session)
    state = AppState.build(settings, database)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(state), host="127.0.0.1", port=port, log_level="warning", ws="auto"
        )
    )
    temporal = await connect(settings)
    async with build_worker(temporal, settings, database):
        task = asyncio.create_task(server.serve())
        for _ in range(200):
            if server.started and port_is_open(port):
                break
            await asyncio.sleep(0.05)
        try:
            yield Stack(base_url=f"http://127.0.0.1:{port}", demo=demo)
        finally:
            server.should_exit = True
            await task


@pytest.fixture
async def browser(browser_type_launch_args: dict[str, Any]) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**browser_type_launch_args)
        yield browser
        await browser.close()


@pytest.fixture
async def context(browser: Browser, stack: Stack) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(
        base_url=stack.base_url, viewport={"width": 1280, "height": 800}
    )
    yield context
    await context.close()


@pytest.fixture
async def page(context: BrowserContext) -> Page:
    return await context.new_page()


async def screenshot(page: Page, name: str) -> None:
    """Full-page PNGs at 1280 and 390 px into test-artifacts/screenshots (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for width, height in ((1280, 800), (390, 844)):
        await page.set_viewport_size({"width": width, "height": height})
        await page.wait_for_timeout(150)
        await page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
    if original:
        await page.set_viewport_size(original)


async def assert_accessible(page: Page) -> None:
    """axe-core (from frontend/node_modules): no serious or critical violations."""
    # Let running transitions end first: a notification fading in has translucent text,
    # which axe would measure as low contrast.
    await page.evaluate(
        "async () => { await Promise.all(document.getAnimations()"
        ".map((a) => a.finished.catch(() => undefined))); }"
    )
    # Evaluated through the devtools protocol: the app's CSP (rightly) refuses a script tag.
    await page.evaluate(AXE.read_text(encoding="utf-8"))
    result = await page.evaluate("async () => await axe.run(document)")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, bad
