"""The support console on the real stack: a staff member logs in at /suporte/, finds the
demo tenant in the directory, enters through the OPERATOR grant its admin gave, sees the
file that failed with its Portuguese error, reprocesses it and follows the link to its
ingestion workflow in the Temporal UI (a stand-in server here: the test Temporal is
headless). An AUDITOR grant cannot reprocess but reads what support did; a revoked grant
stops working in the middle of the visit."""

from __future__ import annotations

import asyncio
import base64
import re
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest
import uvicorn
from playwright.async_api import Page, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from backend.auth import totp
from backend.auth.passwords import hash_password
from backend.core.settings import Settings
from backend.devstack.postgres import free_port, port_is_open
from tests.e2e.conftest import Stack, assert_accessible, screenshot

STAFF_PASSWORD = "senha-da-equipe-de-suporte"
BROKEN_XML = (
    b"<?xml version='1.0' encoding='UTF-8'?>\n<nfeProc versao='4.00'>\n  <NFe><infNFe Id='NFe1'>\n"
)


@dataclass
class TemporalUi:
    """A stand-in for the Temporal web UI that records the paths it was asked for."""

    url: str
    paths: list[str]


@pytest.fixture
async def temporal_ui() -> AsyncIterator[TemporalUi]:
    paths: list[str] = []

    async def page(request: Request) -> HTMLResponse:
        paths.append(request.url.path)
        return HTMLResponse("<!doctype html><title>Temporal</title><h1>workflow</h1>")

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            Starlette(routes=[Route("/{path:path}", page)]),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started and port_is_open(port):
            break
        await asyncio.sleep(0.05)
    try:
        yield TemporalUi(url=f"http://127.0.0.1:{port}", paths=paths)
    finally:
        server.should_exit = True
        await task


# Tests run where TOTP is required of staff (REQUIRE_ADMIN_TOTP, as in production).
TOTP_REQUIRED = {"test_staff_enroll_an_authenticator_then_log_in_with_a_code"}


@pytest.fixture
def settings(
    settings: Settings, temporal_ui: TemporalUi, request: pytest.FixtureRequest
) -> Settings:
    """The stack's settings, with the Temporal UI the console links to."""
    update: dict[str, Any] = {"temporal_ui_url": temporal_ui.url}
    if request.node.originalname in TOTP_REQUIRED:
        update["require_admin_totp"] = True
    return settings.model_copy(update=update)


@dataclass(frozen=True)
class StaffMember:
    user_id: uuid.UUID
    email: str
    name: str


@pytest.fixture
async def staff(superuser: asyncpg.Connection) -> StaffMember:
    """Platform staff (the flag is the owner's to set: here the superuser sets it)."""
    member = StaffMember(
        uuid.uuid4(), f"ana-{uuid.uuid4().hex[:6]}@suporte.example.com", "Ana Souza"
    )
    await superuser.execute(
        "insert into users (id, email, name, password_hash, is_active, is_platform_staff)"
        " values ($1, $2, $3, $4, true, true)",
        member.user_id,
        member.email,
        member.name,
        hash_password(STAFF_PASSWORD),
    )
    return member


async def _graphql(
    client: httpx.AsyncClient, token: str | None, query: str, **variables: Any
) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body: dict[str, Any] = response.json()
    assert not body.get("errors"), body
    return body["data"]


async def _admin_token(client: httpx.AsyncClient, stack: Stack) -> str:
    data = await _graphql(
        client,
        None,
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p)"
        " { ... on AuthTokens { accessToken } } }",
        e=stack.demo.email,
        p=stack.demo.password,
    )
    token: str = data["login"]["accessToken"]
    return token


async def _grant(client: httpx.AsyncClient, admin: str, email: str, role: str, reason: str) -> str:
    data = await _graphql(
        client,
        admin,
        "mutation($e: String!, $r: String!, $role: Role) { grantSupportAccess(staffEmail: $e,"
        " reason: $r, hours: 4, role: $role) { __typename"
        " ... on GrantSupportAccessSuccess { grant { id } } ... on UserError { code } } }",
        e=email,
        r=reason,
        role=role,
    )
    assert data["grantSupportAccess"]["__typename"] == "GrantSupportAccessSuccess", data
    grant_id: str = data["grantSupportAccess"]["grant"]["id"]
    return grant_id


FAILED = "{ files(filter: {status: [FAILED]}) { edges { node { id name failure { code } } } } }"


async def _failed_upload(client: httpx.AsyncClient, admin: str) -> tuple[str, uuid.UUID]:
    """A malformed XML through POST /v1/uploads, processed (and failed) by the worker."""
    sent = await client.post(
        "/v1/uploads",
        files={"file": ("nota-quebrada.xml", BROKEN_XML, "application/xml")},
        headers={"authorization": f"Bearer {admin}"},
    )
    assert sent.status_code in (200, 201, 202), sent.text
    for _ in range(240):
        edges = (await _graphql(client, admin, FAILED))["files"]["edges"]
        if edges:
            node = edges[0]["node"]
            assert node["failure"]["code"] == "MALFORMED_XML", node
            kind, _, raw = base64.b64decode(node["id"] + "==").decode().partition(":")
            assert kind == "File"
            return node["id"], uuid.UUID(raw)
        await asyncio.sleep(0.25)
    raise AssertionError("the malformed upload never failed")


async def _accessible(page: Page) -> None:
    """axe once the page has settled (Mantine animates colours of the active link)."""
    await page.wait_for_timeout(400)
    await assert_accessible(page)


async def _staff_login(page: Page, staff: StaffMember) -> None:
    await page.goto("/suporte/grants")
    await expect(page).to_have_url(re.compile(r"/suporte/login\?next=%2Fgrants$"))
    await expect(page.get_by_role("heading", name="Conciliacontag")).to_be_visible()
    await page.get_by_label("E-mail").fill(staff.email)
    await page.get_by_label("Senha").fill(STAFF_PASSWORD)
    await page.get_by_role("button", name="Entrar").click()


async def test_staff_reprocess_a_failed_file_through_an_operator_grant(
    page: Page,
    stack: Stack,
    staff: StaffMember,
    temporal_ui: TemporalUi,
    superuser: asyncpg.Connection,
) -> None:
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=60) as client:
        admin = await _admin_token(client, stack)
        await _grant(client, admin, staff.email, "OPERATOR", "Chamado 4711: XML recusado")
        file_id, file_uuid = await _failed_upload(client, admin)
    organization = await superuser.fetchval(
        "select name from organizations where id = $1", stack.demo.organization_id
    )

    # Log in: a wrong password first, then the right one; back to the page asked for.
    await page.goto("/suporte/")
    await expect(page).to_have_url(re.compile(r"/suporte/login$"))
    await _accessible(page)
    await screenshot(page, "console-login")
    await page.get_by_label("E-mail").fill(staff.email)
    await page.get_by_label("Senha").fill("errada-errada-errada")
    await page.get_by_role("button", name="Entrar").click()
    await expect(page.get_by_role("alert")).to_contain_text("E-mail ou senha incorretos")
    await page.goto("/suporte/grants")
    await _staff_login(page, staff)
    await expect(page).to_have_url(re.compile(r"/suporte/grants$"))

    # The directory: the demo tenant with its failed file; searching narrows it.
    nav = page.get_by_role("navigation", name="Navegação do suporte")
    await nav.get_by_role("link", name="Organizações").click()
    await expect(page.get_by_role("heading", name="Organizações", exact=True)).to_be_visible()
    table = page.get_by_role("table", name="Organizações e sua saúde")
    row = table.get_by_role("row").filter(has_text=organization)
    await expect(row).to_be_visible()
    await expect(row.get_by_role("cell").nth(1)).to_have_text("1")
    await page.get_by_role("combobox", name="Ordenar por").click()
    await page.get_by_role("option", name="Arquivos com falha").click()
    await expect(page).to_have_url(re.compile(r"sort=failedFiles&dir=desc"))
    await _accessible(page)
    await screenshot(page, "console-directory")
    await page.get_by_label("Buscar").fill("nenhuma-organizacao-assim")
    await expect(page.get_by_text("Nenhum resultado para estes filtros")).to_be_visible()
    await page.get_by_role("button", name="Limpar filtros").click()
    await expect(row).to_be_visible()

    # The grants: reason, role, expiry; "Entrar" opens the organization.
    await nav.get_by_role("link", name="Meus acessos").click()
    card = page.get_by_role("article", name=organization)
    await expect(card).to_contain_text("Chamado 4711: XML recusado")
    await expect(card).to_contain_text("Operador")
    await expect(card.get_by_text("Ativo", exact=True)).to_be_visible()
    await _accessible(page)
    await screenshot(page, "console-grants")
    await card.get_by_role("link", name=f"Entrar em {organization}").click()

    # Inside: the banner, the failed file with its Portuguese error, the workflow link.
    banner = page.get_by_role("region", name="Acesso de suporte")
    await expect(banner).to_contain_text(organization)
    await expect(banner).to_contain_text("Papel: Operador")
    await expect(banner).to_contain_text("Acesso até")
    failed = page.get_by_role("article", name="nota-quebrada.xml")
    await expect(failed).to_contain_text("XML malformado ou truncado")
    await expect(failed).to_contain_text("MALFORMED_XML")
    await expect(failed).to_contain_text(re.compile(r"Onde: .*linha \d+"))
    workflow = f"{temporal_ui.url}/namespaces/default/workflows/ingest-{file_uuid}"
    link = failed.get_by_role("link", name=f"Ver o fluxo no Temporal: ingest-{file_uuid}")
    await expect(link).to_have_attribute("href", workflow)
    await _accessible(page)
    await screenshot(page, "console-tenant")

    # Reprocess: the file goes back to the queue, on record under the staff member.
    await failed.get_by_role("button", name="Reprocessar nota-quebrada.xml").click()
    await expect(
        page.get_by_role("status").filter(has_text="Reprocessamento solicitado")
    ).to_be_visible()
    entry = await superuser.fetchrow(
        "select actor_type, actor_id, after from audit_logs"
        " where action = 'file.reprocess_requested' and organization_id = $1",
        stack.demo.organization_id,
    )
    assert entry is not None
    assert (entry["actor_type"], entry["actor_id"]) == ("support", staff.user_id)
    await screenshot(page, "console-reprocessed")

    # Follow the link: the Temporal UI opens on the file's workflow.
    async with page.context.expect_page() as opened:
        await link.click()
    temporal = await opened.value
    await temporal.wait_for_load_state()
    assert temporal.url == workflow
    assert f"/namespaces/default/workflows/ingest-{file_uuid}" in temporal_ui.paths
    await temporal.close()

    # An OPERATOR grant cannot read the audit log: the tab says why.
    await page.get_by_role("tab", name="O que o suporte fez").click()
    await expect(page.get_by_text("A auditoria não está disponível com este papel")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"tab=audit"))
    await _accessible(page)
    await screenshot(page, "console-audit-operator")

    # English too.
    await (
        page.get_by_role("navigation", name="Navegação do suporte")
        .get_by_text("English", exact=True)
        .click()
    )
    await expect(page.get_by_role("tab", name="What support did")).to_be_visible()
    await page.get_by_role("tab", name="Failed files").click()
    await expect(page.get_by_role("article", name="nota-quebrada.xml")).to_contain_text(
        "Malformed or truncated XML"
    )
    await screenshot(page, "console-tenant-en")
    await (
        page.get_by_role("navigation", name="Support navigation")
        .get_by_text("Português", exact=True)
        .click()
    )
    _ = file_id


async def test_an_auditor_grant_reads_the_trail_and_a_revoked_grant_stops_at_once(
    page: Page, stack: Stack, staff: StaffMember
) -> None:
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=60) as client:
        admin = await _admin_token(client, stack)
        grant_id = await _grant(client, admin, staff.email, "AUDITOR", "Conferir a auditoria")
        await _failed_upload(client, admin)

        await _staff_login(page, staff)
        await page.get_by_role("link", name=re.compile("^Entrar em ")).click()
        banner = page.get_by_role("region", name="Acesso de suporte")
        await expect(banner).to_contain_text("Papel: Auditor")
        failed = page.get_by_role("article", name="nota-quebrada.xml")
        await expect(
            failed.get_by_role("button", name=re.compile("não permitido"))
        ).to_be_disabled()
        await expect(page.get_by_text("Reprocessar exige outro papel")).to_be_visible()
        await _accessible(page)
        await screenshot(page, "console-tenant-auditor")

        # The trail: the visit and the reads, each under the staff member's name.
        await page.get_by_role("tab", name="O que o suporte fez").click()
        trail = page.get_by_role("table", name="O que o suporte fez")
        await expect(trail.get_by_text("Entrou com o acesso").first).to_be_visible()
        await expect(trail.get_by_text("query ConsoleFailedFiles").first).to_be_visible()
        await _accessible(page)
        await screenshot(page, "console-audit")

        # The admin revokes the grant: the next request is refused, and the console says so.
        revoked = await _graphql(
            client,
            admin,
            "mutation($id: ID!) { revokeSupportAccess(id: $id) { __typename } }",
            id=grant_id,
        )
        assert revoked["revokeSupportAccess"]["__typename"] == "RevokeSupportAccessSuccess"
    await page.get_by_role("tab", name="Arquivos com falha").click()
    await expect(page.get_by_role("alert").filter(has_text="Acesso encerrado")).to_be_visible()
    await expect(page.get_by_role("alert")).to_contain_text("foi revogado ou expirou")
    banner = page.get_by_role("region", name="Acesso de suporte")
    await expect(banner.get_by_text("Encerrado", exact=True)).to_be_visible()
    await _accessible(page)
    await screenshot(page, "console-revoked")
    await page.get_by_role("link", name="Voltar aos meus acessos").click()
    await expect(page.get_by_text("Nenhum acesso ativo")).to_be_visible()


async def test_staff_enroll_an_authenticator_then_log_in_with_a_code(
    page: Page, stack: Stack, staff: StaffMember
) -> None:
    await _staff_login(page, staff)
    # TOTP is required and this staff member has none: enroll first.
    await expect(
        page.get_by_role("heading", name="Cadastre um aplicativo autenticador")
    ).to_be_visible()
    key = page.get_by_label("Chave secreta")
    await expect(key).to_be_visible()
    secret = (await key.inner_text()).replace(" ", "").strip()
    await _accessible(page)
    await screenshot(page, "console-enroll")
    step = totp.step_at(time.time())
    await page.get_by_label("Código do aplicativo").first.click()
    await page.keyboard.type(totp.code_at(secret, step))
    await page.get_by_role("button", name="Confirmar").click()
    await expect(
        page.get_by_role("status").filter(has_text="Autenticador cadastrado")
    ).to_be_visible()

    # Then log in again with a fresh code: a full staff token, back where we were going.
    await page.get_by_label("Código do aplicativo autenticador").fill(
        totp.code_at(secret, step + 1)
    )
    await _accessible(page)
    await screenshot(page, "console-totp")
    await page.get_by_role("button", name="Entrar").click()
    await expect(page).to_have_url(re.compile(r"/suporte/grants$"))
    await expect(page.get_by_text("Nenhum acesso ativo")).to_be_visible()
