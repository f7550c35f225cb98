"""The admin screens on the real stack: a rule tested (preview numbers) and saved, a person
invited and joining through /convite with the token from the mail outbox, an operator who
is not offered admin actions and gets an explanation for a forced forbidden call, an API
client whose secret shows once, and the audit log filtered through its URL. axe-core on
every screen; screenshots at 1280 and 390 px."""

from __future__ import annotations

import asyncio
import re

import httpx
from playwright.async_api import Browser, Page, expect

from backend.core.settings import Settings
from backend.demo import demo_archive
from tests.e2e.conftest import Stack, assert_accessible, screenshot
from tests.mailbox import invitation_token

LOGIN = (
    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) "
    "{ ... on AuthTokens { accessToken } } }"
)
INVITE = (
    "mutation($i: InviteUserInput!) { inviteUser(input: $i) { __typename "
    "... on InviteUserSuccess { emailSent } } }"
)
ACCEPT = (
    "mutation($t: String!, $p: String!, $n: String) { acceptInvitation(token: $t, password: $p, "
    "name: $n) { __typename } }"
)
COUNT = "{ documents(first: 1) { totalCount } transactions(first: 1) { totalCount } }"
OPERATOR_PASSWORD = "operador-secreto-1"


async def _token(client: httpx.AsyncClient, email: str, password: str) -> str:
    answer = await client.post(
        "/graphql", json={"query": LOGIN, "variables": {"e": email, "p": password}}
    )
    return str(answer.json()["data"]["login"]["accessToken"])


async def _upload_demo(stack: Stack) -> None:
    """The demo NF-e and statement through the real pipeline, so rules have open items."""
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=60) as client:
        headers = {
            "authorization": f"Bearer {await _token(client, stack.demo.email, stack.demo.password)}"
        }
        archive = demo_archive(stack.demo.company_cnpj)
        sent = await client.post(
            "/v1/uploads", files={"file": ("demo.zip", archive, "application/zip")}, headers=headers
        )
        assert sent.status_code in (200, 201, 202), sent.text
        for _ in range(240):
            data = (await client.post("/graphql", json={"query": COUNT}, headers=headers)).json()[
                "data"
            ]
            if data["documents"]["totalCount"] > 0 and data["transactions"]["totalCount"] > 0:
                return
            await asyncio.sleep(0.25)
        raise AssertionError("the uploaded documents never appeared")


async def _operator(stack: Stack, settings: Settings, email: str = "operador@example.com") -> str:
    """An operator of the demo organization: invited by the admin, joined with the mailed token."""
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=30) as client:
        headers = {
            "authorization": f"Bearer {await _token(client, stack.demo.email, stack.demo.password)}"
        }
        invited = await client.post(
            "/graphql",
            json={
                "query": INVITE,
                "variables": {"i": {"email": email, "name": "Olga Operadora", "role": "OPERATOR"}},
            },
            headers=headers,
        )
        assert invited.json()["data"]["inviteUser"]["__typename"] == "InviteUserSuccess"
        token = invitation_token(settings, email)
        accepted = await client.post(
            "/graphql",
            json={"query": ACCEPT, "variables": {"t": token, "p": OPERATOR_PASSWORD, "n": None}},
        )
        assert (
            accepted.json()["data"]["acceptInvitation"]["__typename"] == "AcceptInvitationSuccess"
        )
    return email


async def _login(page: Page, email: str, password: str, path: str = "/") -> None:
    await page.goto(path)
    await page.get_by_label("E-mail").fill(email)
    await page.get_by_label("Senha").fill(password)
    await page.get_by_role("button", name="Entrar").click()
    await expect(page.get_by_role("navigation", name="Navegação principal")).to_be_visible()


async def _choose(page: Page, label: str, option: str) -> None:
    await page.get_by_role("combobox", name=label).click()
    await page.get_by_role("option", name=option, exact=True).click()


async def test_rule_dry_run_then_save(page: Page, stack: Stack) -> None:
    await _upload_demo(stack)
    await _login(page, stack.demo.email, stack.demo.password, "/rules")
    await expect(page.get_by_role("heading", name="Nenhuma regra ainda")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "rules-empty")

    await page.get_by_role("link", name="Criar a primeira regra").click()
    await page.get_by_label(re.compile(r"^Nome")).fill("Tarifas bancárias")
    await page.get_by_label("Palavras (separadas por vírgula)").fill("TARIFA")
    await _choose(page, "Ação", "Classificar em conta contábil")
    save = page.get_by_role("button", name="Salvar regra")
    await expect(save).to_be_disabled()

    # A server-side validation error lands beside its field (definition.then.ledger_account).
    await page.get_by_role("button", name="Testar (prévia)").click()
    await expect(page.get_by_role("alert").filter(has_text="campos inválidos")).to_be_visible()
    await page.get_by_label("Conta contábil").fill("3.1.2.01")

    await page.get_by_role("button", name="Testar (prévia)").click()
    preview = page.get_by_test_id("rule-preview")
    await expect(preview).to_be_visible()
    await expect(page.get_by_test_id("preview-items")).to_have_text("1")
    await expect(page.get_by_test_id("preview-by-rule")).to_have_text("1")
    await expect(page.get_by_test_id("preview-amount")).to_have_text(re.compile(r"R\$\s39,90"))
    await expect(preview.get_by_text("TARIFA PACOTE SERVICOS")).to_be_visible()
    await expect(preview.get_by_text("classificado em 3.1.2.01")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "rules-preview")

    await expect(save).to_be_enabled()
    await save.click()
    await expect(page.get_by_text("Regra salva (versão 1).")).to_be_visible()
    await expect(page.get_by_role("heading", name="Regra: Tarifas bancárias")).to_be_visible()
    await page.get_by_role("tab", name="Histórico de versões").click()
    await expect(page.get_by_text("Versão 1: criada")).to_be_visible()
    await expect(page.get_by_text("Demo Admin").first).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "rules-history")

    await page.get_by_role("link", name="← Regras").click()
    await expect(page.get_by_role("link", name="Tarifas bancárias")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "rules-list")


async def test_invite_then_accept_through_convite(
    browser: Browser, page: Page, stack: Stack, settings: Settings
) -> None:
    await _login(page, stack.demo.email, stack.demo.password, "/people")
    await expect(page.get_by_role("cell", name=re.compile("Demo Admin"))).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "people-members")

    await page.get_by_role("tab", name="Convites").click()
    await expect(page.get_by_role("heading", name="Nenhum convite em aberto")).to_be_visible()
    await page.get_by_role("textbox", name="E-mail").fill("nova.pessoa@example.com")
    await page.get_by_label(re.compile(r"^Nome")).fill("Nova Pessoa")
    await _choose(page, "Papel", "Gestor")
    await page.get_by_role("button", name="Enviar convite").click()
    await expect(page.get_by_text("Convite enviado para nova.pessoa@example.com")).to_be_visible()
    await expect(
        page.get_by_role("cell", name=re.compile("nova.pessoa@example.com"))
    ).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "people-invitations")

    await page.get_by_role("tab", name="Acesso do suporte").click()
    await expect(page.get_by_role("heading", name="Nenhum acesso de suporte ativo")).to_be_visible()
    await assert_accessible(page)

    token = invitation_token(settings, "nova.pessoa@example.com")
    guest = await browser.new_context(
        base_url=stack.base_url, viewport={"width": 1280, "height": 800}
    )
    try:
        invited = await guest.new_page()
        await invited.goto("/convite#token=inv_00000000000000000000000000000000_nope")
        await expect(invited.get_by_text("Convite inválido ou expirado")).to_be_visible()
        await assert_accessible(invited)
        await screenshot(invited, "convite-invalid")

        await invited.goto(f"/convite#token={token}")
        await expect(
            invited.get_by_text("Você foi convidado para Escritório Demonstração Ltda")
        ).to_be_visible()
        await expect(invited.get_by_text("Papel: Gestor")).to_be_visible()
        await expect(invited.get_by_text("E-mail: nova.pessoa@example.com")).to_be_visible()
        await assert_accessible(invited)
        await screenshot(invited, "convite")
        await invited.get_by_label("Nova senha").fill("curta")
        await invited.get_by_label("Repita a senha").fill("curta")
        await invited.get_by_role("button", name="Aceitar convite").click()
        await expect(
            invited.get_by_text("A senha precisa de pelo menos 10 caracteres.")
        ).to_be_visible()
        await invited.get_by_label("Nova senha").fill("uma-senha-longa")
        await invited.get_by_label("Repita a senha").fill("uma-senha-longa")
        await invited.get_by_role("button", name="Aceitar convite").click()
        await expect(invited.get_by_text("Convite aceito. Entre para começar.")).to_be_visible()
        await expect(invited.get_by_label("E-mail")).to_have_value("nova.pessoa@example.com")
        assert "token" not in invited.url
        await assert_accessible(invited)
        await screenshot(invited, "convite-accepted")
        await invited.get_by_label("Senha").fill("uma-senha-longa")
        await invited.get_by_role("button", name="Entrar").click()
        await expect(invited.get_by_role("navigation", name="Navegação principal")).to_be_visible()
    finally:
        await guest.close()

    await page.reload()
    await page.get_by_role("tab", name="Membros").click()
    await expect(
        page.get_by_role("cell", name=re.compile("nova.pessoa@example.com"))
    ).to_be_visible()


async def test_operator_is_not_offered_admin_actions(
    page: Page, stack: Stack, settings: Settings
) -> None:
    email = await _operator(stack, settings)
    await _login(page, email, OPERATOR_PASSWORD)
    nav = page.get_by_role("navigation", name="Navegação principal")
    await expect(nav.get_by_role("link", name="Regras", exact=True)).to_be_visible()
    for hidden in ("Integrações", "Auditoria", "Exportações"):
        await expect(nav.get_by_role("link", name=hidden, exact=True)).to_have_count(0)

    await page.goto("/people")
    await expect(page.get_by_role("cell", name=re.compile("Olga Operadora"))).to_be_visible()
    await expect(page.get_by_role("tab", name="Convites")).to_have_count(0)
    await expect(page.get_by_role("button", name="Desativar")).to_have_count(0)
    await expect(page.get_by_role("textbox", name=re.compile("Papel de"))).to_have_count(0)
    await assert_accessible(page)
    await screenshot(page, "people-operator")

    await page.goto("/rules")
    await expect(page.get_by_role("heading", name="Nenhuma regra ainda")).to_be_visible()
    await expect(page.get_by_role("link", name="Nova regra")).to_have_count(0)
    await expect(page.get_by_role("link", name="Criar a primeira regra")).to_have_count(0)
    await page.goto("/rules/new")
    await expect(page.get_by_text("Sem permissão para editar regras")).to_be_visible()

    # Forced: the address of an admin-only screen; the API answers FORBIDDEN.
    await page.goto("/integrations")
    forbidden = page.get_by_test_id("forbidden")
    await expect(forbidden).to_contain_text("Integrações são só para administradores")
    await assert_accessible(page)
    await screenshot(page, "integrations-forbidden")
    await page.goto("/audit")
    await expect(page.get_by_test_id("forbidden")).to_contain_text(
        "A auditoria não está disponível"
    )


async def test_api_client_secret_once_and_audit_filtered(page: Page, stack: Stack) -> None:
    await _login(page, stack.demo.email, stack.demo.password, "/integrations")
    await expect(page.get_by_role("heading", name="Nenhum cliente de API ainda")).to_be_visible()
    await assert_accessible(page)
    await page.get_by_label("Nome do cliente").fill("ERP do cliente")
    await page.get_by_role("checkbox", name="Enviar arquivos").check()
    await page.get_by_role("button", name="Criar cliente de API").click()
    once = page.get_by_test_id("secret-once")
    await expect(once).to_contain_text("não será mostrado de novo")
    secret = (await page.get_by_test_id("secret-value").inner_text()).strip()
    assert len(secret) >= 20
    await expect(page.get_by_role("button", name="Copiar segredo")).to_be_visible()
    await expect(page.get_by_role("cell", name="ERP do cliente")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "integrations-secret")
    await page.get_by_role("button", name="Já guardei, fechar").click()
    await expect(once).to_have_count(0)
    await page.reload()
    await expect(page.get_by_role("cell", name="ERP do cliente")).to_be_visible()
    await expect(page.get_by_text(secret)).to_have_count(0)

    await page.get_by_role("tab", name="Webhooks").click()
    await expect(page.get_by_role("heading", name="Nenhum webhook ainda")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "integrations-webhooks")

    await page.goto("/audit?action=api_client.")
    entries = page.get_by_test_id("audit-entry")
    await expect(entries).to_have_count(1)
    await expect(entries.first).to_contain_text("api_client.created")
    await entries.first.get_by_role("button", name="Antes e depois").click()
    await expect(entries.first.get_by_role("cell", name="ERP do cliente")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "audit-filtered")
    await page.goto("/audit?action=nada.disso.")
    await expect(
        page.get_by_role("heading", name="Nenhum resultado para estes filtros")
    ).to_be_visible()
    await page.get_by_role("button", name="Limpar filtros").click()
    await expect(page).to_have_url(re.compile(r"/audit$"))
    await expect(entries.first).to_be_visible()
