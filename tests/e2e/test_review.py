"""The review queue on the real stack, keyboard only: accept one suggestion, choose another
candidate and match it by hand with a reason, reject one, undo with Ctrl+Z and see the item
back; axe on the screen and its dialogs; screenshots at 1280 and 390 px."""

from __future__ import annotations

import asyncio
import re
import uuid
from decimal import Decimal

import httpx
from playwright.async_api import Page, expect
from sqlalchemy import text

from backend.db.enums import ReconciliationStatus
from backend.db.session import Database
from backend.reconciliation.decisions import DecidedBy
from backend.reconciliations import repository
from tests.e2e.conftest import Stack, assert_accessible, screenshot
from tests.e2e.test_shell_and_documents import LOGIN, _login, _upload_demo

MATCHED = "{ reconciliations(filter: {status: [MATCHED]}, first: 1) { totalCount } }"


async def _matched_count(stack: Stack) -> int:
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=30) as client:
        login = await client.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"e": stack.demo.email, "p": stack.demo.password}},
        )
        token = login.json()["data"]["login"]["accessToken"]
        body = await client.post(
            "/graphql", json={"query": MATCHED}, headers={"authorization": f"Bearer {token}"}
        )
        return int(body.json()["data"]["reconciliations"]["totalCount"])


async def matches_to_suggestions(database: Database, organization_id: uuid.UUID) -> int:
    """The demo data auto-matches most lines; turn those matches back into suggestions
    (items released, as a suggestion leaves them open) so the queue has work in it."""
    async with database.session(organization_id=organization_id) as session:
        rows = await session.execute(
            text("select id from reconciliations where status = 'matched' order by created_at")
        )
        ids = [row[0] for row in rows]
        await repository.release_items(session, ids)
        for n, reconciliation_id in enumerate(ids):
            await repository.update_reconciliation(
                session,
                reconciliation_id,
                status=ReconciliationStatus.SUGGESTED.value,
                decided_by=DecidedBy.SYSTEM.value,
                decided_by_user_id=None,
                decided_at=None,
                score=Decimal("0.99") - Decimal("0.04") * n,
            )
    return len(ids)


async def seed_queue(stack: Stack, database: Database) -> None:
    """Upload the demo files, wait for the engine's matches, make them suggestions."""
    await _upload_demo(stack)
    last, stable = -1, 0
    for _ in range(120):
        count = await _matched_count(stack)
        stable = stable + 1 if count == last and count > 0 else 0
        last = count
        if stable >= 3:
            break
        await asyncio.sleep(0.25)
    assert await matches_to_suggestions(database, stack.demo.organization_id) >= 2


OPTIONS = '.review-queue [role="option"]'
SELECTED = '.review-queue [role="option"][aria-selected="true"]'


async def _count(page: Page) -> int:
    return await page.locator(OPTIONS).count()


async def _selected_id(page: Page) -> str | None:
    return await page.locator(SELECTED).get_attribute("id")


async def _tab_until(page: Page, script: str, limit: int = 40) -> None:
    """Tab (keyboard only) until the focused element satisfies `script` (given `el`)."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!el && ({script}); }})()"
        ):
            return
    raise AssertionError(f"never focused: {script}")


async def test_review_keyboard_loop(page: Page, stack: Stack, database: Database) -> None:
    await seed_queue(stack, database)
    await _login(page, stack, "/review")
    queue = page.get_by_role("listbox", name="Fila de revisão")
    await expect(queue).to_be_visible(timeout=30_000)
    # The engine's run after the upload may still be adding suggestions.
    for _ in range(40):
        if await _count(page) >= 3:
            break
        await page.wait_for_timeout(250)
        await page.reload()
        await expect(queue).to_be_visible()
    total = await _count(page)
    assert total >= 3, total
    await expect(queue).to_be_focused()
    await expect(page.get_by_text("Motivos", exact=True)).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "review")

    # j / k move; the selection is in the URL.
    await page.keyboard.press("k")
    above = await _selected_id(page)
    await page.keyboard.press("j")
    await expect(page.locator(SELECTED)).not_to_have_id(above or "")
    await expect(page).to_have_url(re.compile(r"item="))
    await page.keyboard.press("ArrowUp")
    await expect(page.locator(SELECTED)).to_have_id(above or "")

    # a accepts; the next open item is shown at once and the focus stays on the queue.
    await page.keyboard.press("a")
    await expect(page.locator(OPTIONS)).to_have_count(total - 1)
    await expect(page.locator(SELECTED)).to_be_visible()
    await expect(queue).to_be_focused()
    # The accept's answer and the queue's refetch land before the next key: on a loaded
    # machine a key pressed while the selection still pointed at the decided item did
    # nothing (c acts only on a suggestion).
    await page.wait_for_load_state("networkidle")

    # c: another candidate, matched by hand with a reason (all by keyboard).
    await page.keyboard.press("c")
    dialog = page.get_by_role("dialog", name="Outro candidato / conciliação manual")
    await expect(dialog).to_be_visible()
    await expect(page).to_have_url(re.compile(r"dialog=candidates"))
    await page.keyboard.type("x")  # typing in the search box never fires a review key
    await page.keyboard.press("Backspace")
    await expect(dialog.get_by_text("Melhor correspondência")).to_be_visible(timeout=15_000)
    await page.wait_for_timeout(400)
    await assert_accessible(page)
    await screenshot(page, "review-candidates")
    await _tab_until(page, "(el.getAttribute('aria-label') || '').startsWith('Selecionar parcela')")
    await page.keyboard.press("Space")
    await expect(dialog.get_by_text(re.compile(r"Escolhidas: 1 parcela"))).to_be_visible()
    await _tab_until(
        page, "el.tagName === 'INPUT' && (el.labels?.[0]?.textContent || '').startsWith('Motivo')"
    )
    await page.keyboard.type("Juros por atraso conferidos")
    await page.keyboard.press("Enter")
    await expect(dialog).to_be_hidden()
    await expect(page.get_by_text("Conciliado manualmente.")).to_be_visible()
    after_match = await _count(page)
    assert after_match <= total - 2, (after_match, total)

    # r rejects with a reason; Ctrl+Z brings it back, selected.
    await expect(queue).to_be_focused()
    await page.wait_for_load_state("networkidle")
    rejected = await _selected_id(page)
    await page.keyboard.press("r")
    reject = page.get_by_role("dialog", name="Rejeitar a sugestão")
    await expect(reject).to_be_visible()
    await page.keyboard.type("Não é deste cliente")
    await page.keyboard.press("Enter")
    await expect(reject).to_be_hidden()
    await expect(page.locator(OPTIONS)).to_have_count(after_match - 1)
    await expect(page.locator(f"#{rejected}")).to_have_count(0)
    await page.wait_for_load_state("networkidle")
    await page.keyboard.press("Control+z")
    await expect(page.get_by_text("Decisão desfeita.")).to_be_visible()
    await expect(page.locator(f"#{rejected}")).to_have_attribute(
        "aria-selected", "true", timeout=15_000
    )
    await expect(page.locator(OPTIONS)).to_have_count(after_match)

    # ? lists the keys; a key does nothing while a dialog is on top.
    await page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Atalhos de teclado")
    await expect(help_dialog).to_be_visible()
    await page.wait_for_timeout(400)  # the modal's fade-in
    await page.keyboard.press("a")
    await expect(page.locator(OPTIONS)).to_have_count(after_match)
    await assert_accessible(page)
    await page.keyboard.press("Escape")
    await expect(help_dialog).to_be_hidden()

    # The history drawer shows the decisions; a pasted link reproduces the screen.
    await page.keyboard.press("h")
    drawer = page.get_by_role("dialog", name="Histórico de decisões")
    await expect(drawer.get_by_text("Conciliação manual")).to_be_visible()
    await screenshot(page, "review-history")
    await page.keyboard.press("Escape")
    url = page.url
    await page.goto(url)
    await expect(page.locator(f"#{rejected}")).to_have_attribute("aria-selected", "true")

    # The bulk preview: count and money for the band before anything is accepted.
    await page.get_by_role("button", name="Aceitar em lote").click()
    bulk = page.get_by_role("dialog", name="Aceitar em lote por faixa de confiança")
    await expect(bulk.get_by_text(re.compile(r"Aceitar todas ≥\s\d+\s%: \d+ ite"))).to_be_visible()
    await page.wait_for_timeout(400)
    await assert_accessible(page)
    await screenshot(page, "review-bulk")
