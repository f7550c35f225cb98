"""Documents, transactions, reports and exports in the browser on the real stack: a
document's page with items and installments and its XML download, the transactions list
driven by the URL, CSV and XLSX exports built by the worker and opened, and a second
tenant pasting the first one's URLs."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import uuid
from typing import Any

import httpx
import openpyxl
from playwright.async_api import Page, expect

from backend.api.graphql.relay import to_global_id
from backend.auth.passwords import hash_password
from backend.db.session import Database
from backend.demo import demo_archive
from backend.tenancy.service import create_organization
from backend.users.models import User
from tests.e2e.conftest import Stack, assert_accessible, screenshot

LOGIN = (
    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) "
    "{ ... on AuthTokens { accessToken } } }"
)
IDS = (
    "{ documents(first: 1, sort: TOTAL) { edges { node { id installments { id } } } } "
    "transactions(first: 1) { edges { node { id } } } }"
)


async def _token(client: httpx.AsyncClient, email: str, password: str) -> str:
    login = await client.post(
        "/graphql", json={"query": LOGIN, "variables": {"e": email, "p": password}}
    )
    return str(login.json()["data"]["login"]["accessToken"])


async def _seed(stack: Stack) -> dict[str, Any]:
    """The demo NF-e archive and statement through the real pipeline; A's first ids."""
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=60) as client:
        token = await _token(client, stack.demo.email, stack.demo.password)
        headers = {"authorization": f"Bearer {token}"}
        archive = demo_archive(stack.demo.company_cnpj)
        sent = await client.post(
            "/v1/uploads", files={"file": ("demo.zip", archive, "application/zip")}, headers=headers
        )
        assert sent.status_code in (200, 201, 202), sent.text
        for _ in range(240):
            body = (await client.post("/graphql", json={"query": IDS}, headers=headers)).json()
            data = body["data"]
            if data["documents"]["edges"] and data["transactions"]["edges"]:
                return {
                    "document": data["documents"]["edges"][0]["node"]["id"],
                    "transaction": data["transactions"]["edges"][0]["node"]["id"],
                }
            await asyncio.sleep(0.25)
    raise AssertionError("the uploaded documents and statement never appeared")


async def _visit(page: Page, path: str) -> None:
    """A full page load that lets the session's start-up refresh finish first: a load
    cut short mid-refresh would lose the rotated refresh token and sign the tab out."""
    await page.goto(path)
    await page.wait_for_load_state("networkidle")


async def _login(page: Page, email: str, password: str, path: str = "/") -> None:
    await page.goto(path)
    await page.get_by_label("E-mail").fill(email)
    await page.get_by_label("Senha").fill(password)
    await page.get_by_role("button", name="Entrar").click()
    await expect(page.get_by_role("navigation", name="Navegação principal")).to_be_visible()


async def test_document_page_with_items_installments_and_xml_download(
    page: Page, stack: Stack
) -> None:
    await _seed(stack)
    await _login(page, stack.demo.email, stack.demo.password, "/documents")
    table = page.get_by_role("table")
    await expect(table).to_be_visible()
    await expect(page.get_by_role("button", name="Página anterior")).to_be_disabled()
    await assert_accessible(page)
    await screenshot(page, "documents-list")

    # Filters in the URL: payables issued in a range the demo covers, amounts as typed.
    await _visit(page, "/documents?direction=PAYABLE&open=OPEN,PARTIAL&amountMin=1.00")
    await expect(table).to_be_visible()
    await expect(page.get_by_label("Valor mínimo")).to_have_value("1,00")

    # Hide a column: kept for the next visit (localStorage).
    await page.get_by_role("button", name="Colunas").click()
    await page.get_by_role("checkbox", name="Direção").uncheck()
    await page.keyboard.press("Escape")
    await expect(table.get_by_role("columnheader", name="Direção")).to_have_count(0)
    await page.reload()
    await page.wait_for_load_state("networkidle")
    headers = page.get_by_role("table").get_by_role("columnheader", name="Direção")
    await expect(headers).to_have_count(0)

    await _visit(page, "/documents")
    await page.get_by_role("table").get_by_role("link").first.click()
    await expect(page.get_by_role("heading", name=re.compile(r"^Parcelas \(\d+\)"))).to_be_visible()
    items = page.get_by_role("heading", name=re.compile(r"^Itens \([1-9]\d*\)"))
    await expect(items).to_be_visible()
    await expect(page.get_by_text("Valor total")).to_be_visible()
    installments = page.get_by_role("table", name="Parcelas do documento")
    assert await installments.get_by_role("row").count() >= 3  # header + two installments
    await expect(installments.get_by_text(re.compile(r"^\d{2}/\d{2}/\d{4}$")).first).to_be_visible()
    await expect(page.get_by_text(re.compile(r"^(\d{4} ){10}\d{4}$"))).to_be_visible()
    await expect(page.get_by_role("heading", name="Histórico de conciliação")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "document-page")

    async with page.expect_download() as info:
        await page.get_by_role("button", name="Baixar XML").click()
    download = await info.value
    path = await download.path()
    content = path.read_bytes()
    assert b"<infNFe" in content or b"<NFe" in content, content[:200]
    assert download.suggested_filename.endswith(".xml")


async def test_transactions_list_filtered_through_the_url(page: Page, stack: Stack) -> None:
    await _seed(stack)
    await _login(
        page, stack.demo.email, stack.demo.password, "/transactions?status=OPEN&sort=AMOUNT&dir=ASC"
    )
    await expect(page).to_have_url(re.compile(r"/transactions\?status=OPEN&sort=AMOUNT&dir=ASC$"))
    table = page.get_by_role("table")
    await expect(table).to_be_visible()
    rows = table.get_by_role("row")
    assert await rows.count() > 1
    statuses = await table.locator("tbody tr td:nth-child(6)").all_inner_texts()
    assert statuses and all(s.strip().lower() == "em aberto" for s in statuses), statuses
    await expect(page.get_by_role("combobox", name="Situação")).to_be_visible()
    await expect(table.get_by_role("columnheader", name="Valor ▲")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "transactions")

    await _visit(page, "/transactions?q=nada-casa-com-isto")
    await expect(page.get_by_text("Nenhum resultado para estes filtros")).to_be_visible()

    await _visit(page, "/transactions")
    await page.get_by_role("table").get_by_role("link").first.click()
    await expect(page.get_by_role("heading", name="Referências")).to_be_visible()
    await expect(page.get_by_role("heading", name="Conciliações e documentos")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "transaction-page")


async def _export(page: Page, button: str, fmt: str) -> bytes:
    await page.get_by_role("button", name=button).click()
    ready = page.get_by_role("button", name=f"Baixar {fmt}").first
    await expect(ready).to_be_visible(timeout=60_000)
    async with page.expect_download() as info:
        await ready.click()
    download = await info.value
    return (await download.path()).read_bytes()


async def test_reports_and_csv_xlsx_exports(page: Page, stack: Stack) -> None:
    await _seed(stack)
    await _login(page, stack.demo.email, stack.demo.password, "/reports")
    await expect(page.get_by_role("heading", name="Conciliação por período")).to_be_visible()
    await expect(page.get_by_role("heading", name="Vencimentos em aberto (aging)")).to_be_visible()
    errors = page.get_by_role("heading", name="Erros de leitura por tipo de arquivo")
    await expect(errors).to_be_visible()
    summary = page.get_by_role("table", name="Conciliação por período, empresa e direção")
    first_link = summary.get_by_role("link").first
    href = await first_link.get_attribute("href")
    assert href and href.startswith("/documents?") and "issuedFrom=" in href, href
    await assert_accessible(page)
    await screenshot(page, "reports")

    # "Export what I see": the documents list hands its filters to the exports page.
    await _visit(page, "/documents?direction=RECEIVABLE")
    await page.get_by_role("link", name="Exportar estes documentos").click()
    await expect(page).to_have_url(re.compile(r"/exports\?kind=DOCUMENTS&direction=RECEIVABLE$"))
    await expect(page.get_by_text("Direção: A receber")).to_be_visible()

    data = await _export(page, "Exportar CSV", "CSV")
    text = data.decode("utf-8-sig")
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert len(rows) == 1 + 8, rows[:3]  # header + the demo's eight receivables

    data = await _export(page, "Exportar XLSX", "XLSX")
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == 1 + 8
    # The "export requested" notices slide in and out (axe would read them mid-fade).
    closers = page.get_by_role("button", name="Fechar aviso")
    while await closers.count():
        await closers.first.click()
        await page.wait_for_timeout(300)
    await expect(page.get_by_role("button", name="Fechar aviso")).to_have_count(0)
    await assert_accessible(page)
    await screenshot(page, "exports")


async def test_a_second_tenant_sees_not_found_for_the_first_ones_urls(
    page: Page, stack: Stack, database: Database
) -> None:
    ids = await _seed(stack)
    organization = uuid.uuid4()
    email = f"b-{organization.hex[:8]}@example.com"
    async with database.session() as session:
        await create_organization(
            session,
            organization_id=organization,
            name="Escritório B",
            slug=f"b-{organization.hex[:8]}",
            admin=User(email=email, name="Beatriz B", password_hash=hash_password("senha-b-123")),
        )
    await _login(page, email, "senha-b-123", "/documents")
    await expect(page.get_by_text("Nenhum documento ainda")).to_be_visible()

    async def answer(path: str) -> str:
        await _visit(page, path)
        await expect(page.get_by_text("Não encontrado", exact=True)).to_be_visible()
        return re.sub(r"\s+", " ", await page.locator("main").inner_text())

    for kind, route in (("Document", "documents"), ("Transaction", "transactions")):
        theirs = await answer(f"/{route}/{ids[kind.lower()]}")
        never = await answer(f"/{route}/{to_global_id(kind, uuid.uuid4())}")
        assert theirs == never
        assert "R$" not in theirs
