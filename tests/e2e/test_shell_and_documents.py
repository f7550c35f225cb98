"""Log in as the demo admin, see the shell in Portuguese, upload the demo files and find
the documents in the list, switch to English and back."""

from __future__ import annotations

import re

import httpx
from playwright.async_api import Page, expect

from backend.demo import demo_archive
from tests.e2e.conftest import Stack, assert_accessible, screenshot

LOGIN = (
    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) "
    "{ ... on AuthTokens { accessToken } } }"
)
COUNT = "{ documents(first: 1) { totalCount } }"


async def _login(page: Page, stack: Stack, path: str = "/") -> None:
    await page.goto(path)
    await expect(page.get_by_role("heading", name="Conciliacontag")).to_be_visible()
    await page.get_by_label("E-mail").fill(stack.demo.email)
    await page.get_by_label("Senha").fill(stack.demo.password)
    await page.get_by_role("button", name="Entrar").click()


async def _upload_demo(stack: Stack) -> None:
    """The demo NF-e and statement through the real pipeline (uvicorn + worker)."""
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=60) as client:
        login = await client.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"e": stack.demo.email, "p": stack.demo.password}},
        )
        token = login.json()["data"]["login"]["accessToken"]
        headers = {"authorization": f"Bearer {token}"}
        archive = demo_archive(stack.demo.company_cnpj)
        sent = await client.post(
            "/v1/uploads", files={"file": ("demo.zip", archive, "application/zip")}, headers=headers
        )
        assert sent.status_code in (200, 201, 202), sent.text
        for _ in range(240):
            body = (await client.post("/graphql", json={"query": COUNT}, headers=headers)).json()
            if body["data"]["documents"]["totalCount"] > 0:
                return
            await _sleep(0.25)
        raise AssertionError("the uploaded documents never appeared")


async def _sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


async def test_login_shows_the_shell_in_portuguese(page: Page, stack: Stack) -> None:
    await page.goto("/login")
    await assert_accessible(page)
    await screenshot(page, "login")
    await _login(page, stack)
    nav = page.get_by_role("navigation", name="Navegação principal")
    for label in (
        "Painel",
        "Arquivos",
        "Documentos",
        "Transações",
        "Revisão",
        "Regras",
        "Relatórios",
        "Exportações",
        "Pessoas",
        "Integrações",
        "Auditoria",
    ):
        await expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    await expect(page.locator("html")).to_have_attribute("lang", "pt-BR")
    await assert_accessible(page)
    await screenshot(page, "shell")


async def test_documents_after_upload_and_language_switch(page: Page, stack: Stack) -> None:
    await _upload_demo(stack)
    # A deep link while signed out: the login page brings us back to it.
    await _login(page, stack, "/documents?sort=TOTAL&dir=DESC")
    await expect(page).to_have_url(re.compile(r"/documents\?sort=TOTAL&dir=DESC$"))
    await expect(page.get_by_role("heading", name="Documentos", exact=True)).to_be_visible()
    table = page.get_by_role("table")
    await expect(table).to_be_visible()
    assert await table.get_by_role("row").count() > 1
    await expect(table.get_by_text(re.compile("R\\$\u00a0[0-9.]+,[0-9]{2}")).first).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "documents")

    # Filters live in the URL; a search that matches nothing shows the no-results state.
    await page.get_by_label("Buscar").fill("nada-casa-com-isto")
    await expect(page.get_by_text("Nenhum resultado para estes filtros")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"q=nada-casa-com-isto"))
    await page.get_by_role("button", name="Limpar filtros").click()
    await expect(table).to_be_visible()

    # English, kept across a reload, and back.
    await page.get_by_text("English", exact=True).first.click()
    await expect(page.get_by_role("heading", name="Documents", exact=True)).to_be_visible()
    await page.reload()
    await expect(page.get_by_role("heading", name="Documents", exact=True)).to_be_visible()
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await screenshot(page, "documents-en")
    await page.get_by_text("Português", exact=True).first.click()
    await expect(page.get_by_role("heading", name="Documentos", exact=True)).to_be_visible()

    # A document's page; an id that is not ours reads "Não encontrado".
    await table.get_by_role("link").first.click()
    await expect(page.get_by_text("Valor total")).to_be_visible()
    await assert_accessible(page)
    await page.goto("/documents/RG9jdW1lbnQ6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw")
    await expect(page.get_by_text("Não encontrado", exact=True)).to_be_visible()
