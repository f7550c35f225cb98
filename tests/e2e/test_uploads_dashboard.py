"""The upload screen and the dashboard on the real stack (uvicorn + in-process Temporal
worker + the demo tenant): drop a zip of NF-e (public samples and generated ones of the
demo company), an OFX that pays some of them and a broken XML; watch every row reach its
end through the fileProgress subscription; see the failure in Portuguese; then see the
dashboard's figures move. axe-core on both screens, screenshots at 1280 and 390 px."""

from __future__ import annotations

import dataclasses
import io
import random
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from playwright.async_api import Locator, Page, WebSocketRoute, expect

from backend.fiscal.testing.generators import GeneratedNFe, nfe_xml, random_nfe
from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx
from tests.e2e.conftest import Stack, assert_accessible, screenshot

CENT = Decimal("0.01")
# The whole pipeline (upload, ingestion, reconciliation) on a 2-core machine.
DONE_MS = 90_000


def _own(
    nfe: GeneratedNFe, *, emitter: str | None = None, receiver: str | None = None
) -> GeneratedNFe:
    """The demo company on one side, two installments (40/60) due in October and November."""
    first = (nfe.total * Decimal("0.4")).quantize(CENT)
    return dataclasses.replace(
        nfe,
        emitter_cnpj=emitter or nfe.emitter_cnpj,
        receiver_cnpj=receiver or nfe.receiver_cnpj,
        installments=(("001", "2026-10-13", first), ("002", "2026-11-12", nfe.total - first)),
    )


def _files(cnpj: str, folder: Path, samples: Path | None = None) -> dict[str, Path]:
    """notas.zip (4 public samples, 6 receivables and 2 payables of the demo company, one
    broken member), extrato.ofx (pays three receivables and one payable), quebrado.xml."""
    rng = random.Random(77)
    receivables = [_own(random_nfe(rng, number=7000 + n), emitter=cnpj) for n in range(6)]
    payables = [_own(random_nfe(rng, number=8000 + n), receiver=cnpj) for n in range(2)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for sample in sorted(samples.glob("*.xml"))[:4] if samples else []:
            archive.writestr(f"amostras/{sample.name}", sample.read_bytes())
        for invoice in receivables:
            archive.writestr(f"emitidas/NFe{invoice.access_key}.xml", nfe_xml(invoice))
        for invoice in payables:
            archive.writestr(f"recebidas/NFe{invoice.access_key}.xml", nfe_xml(invoice))
        archive.writestr("emitidas/cortada.xml", b'<?xml version="1.0"?><nfeProc><NFe><infNFe>')
    entries = [
        GenEntry(
            posted_on=date.fromisoformat(invoice.installments[0][1]) + timedelta(days=n),
            amount=invoice.installments[0][2],
            memo=f"PIX RECEBIDO CLIENTE {invoice.receiver_cnpj}",
            fitid=f"E2E-PIX-{invoice.number}",
        )
        for n, invoice in enumerate(receivables[:3])
    ]
    entries.append(
        GenEntry(
            posted_on=date.fromisoformat(payables[0].installments[0][1]),
            amount=-payables[0].installments[0][2],
            memo=f"PAGAMENTO BOLETO FORNECEDOR {payables[0].emitter_cnpj}",
            fitid="E2E-BOL-1",
        )
    )
    paths = {
        "notas.zip": buffer.getvalue(),
        "extrato.ofx": make_ofx(
            [GenStatement(entries=entries, bank_id="341", account_id="12345-6")]
        ),
        "quebrado.xml": (
            b'<?xml version="1.0"?>\n<nfeProc>\n  <NFe>\n    <infNFe Id="x">\n  </NFe>\n'
        ),
    }
    out = {}
    for name, data in paths.items():
        path = folder / name
        path.write_bytes(data)
        out[name] = path
    return out


async def _login(page: Page, stack: Stack, path: str) -> None:
    await page.goto(path)
    await page.get_by_label("E-mail").fill(stack.demo.email)
    await page.get_by_label("Senha").fill(stack.demo.password)
    await page.get_by_role("button", name="Entrar").click()


def _row(page: Page, name: str) -> Locator:
    return page.get_by_role("list", name="Envios desta sessão").get_by_role("listitem", name=name)


def _recent(page: Page) -> Locator:
    return page.get_by_role("table", name="Arquivos recentes").get_by_role("row")


def _figure(page: Page, label: str) -> Locator:
    return page.get_by_role("main").get_by_role("link", name=re.compile(rf"^{re.escape(label)}\b"))


async def test_upload_follow_every_file_and_see_the_dashboard_move(
    page: Page, stack: Stack, tmp_path: Path, samples_dir: Path
) -> None:
    files = _files(stack.demo.company_cnpj, tmp_path, samples_dir / "nfe55")

    # First use: the dashboard points to the upload.
    await _login(page, stack, "/")
    await expect(
        page.get_by_role("heading", name="Seu painel aparece quando houver dados")
    ).to_be_visible()
    await screenshot(page, "dashboard-empty")
    await assert_accessible(page)
    await page.get_by_role("link", name="Enviar os primeiros arquivos").click()
    await expect(page).to_have_url(re.compile(r"/uploads$"))
    await expect(page.get_by_role("heading", name="Envio de arquivos")).to_be_visible()
    await expect(page.get_by_role("heading", name="Nenhum arquivo enviado ainda")).to_be_visible()

    # Drop all three at once (the dropzone's file input).
    await page.locator("input[type=file]").set_input_files(list(files.values()))
    for name in files:
        await expect(_row(page, name)).to_be_visible()

    zip_row, ofx_row, bad_row = (
        _row(page, n) for n in ("notas.zip", "extrato.ofx", "quebrado.xml")
    )
    await expect(zip_row.get_by_test_id("stage")).to_have_text("Concluído", timeout=DONE_MS)
    await expect(ofx_row.get_by_test_id("stage")).to_have_text("Concluído", timeout=DONE_MS)
    await expect(bad_row.get_by_test_id("stage")).to_have_text("Falhou", timeout=DONE_MS)

    # The archive: members counted, the broken one named with its reason, the samples of
    # other companies as warnings.
    await expect(zip_row.get_by_test_id("counts")).to_have_text(
        re.compile(r"^12 documentos · 0 transações · 1 erro$"), timeout=DONE_MS
    )
    await expect(zip_row).to_contain_text("1 item com erro:")
    await expect(zip_row).to_contain_text("emitidas/cortada.xml")
    await expect(zip_row).to_contain_text("O XML está malformado ou cortado")
    await expect(zip_row).to_contain_text("nenhuma empresa sua")
    await expect(ofx_row.get_by_test_id("counts")).to_have_text("0 documentos · 4 transações")
    # The lone broken file: its Portuguese message and where.
    alert = bad_row.get_by_role("alert")
    await expect(alert).to_contain_text("O XML está malformado ou cortado")
    await expect(alert).to_contain_text("linha")

    # One notification per upload, ending with what it brought in.
    await expect(page.get_by_text("12 documentos, 0 transações", exact=False).first).to_be_visible()

    # The recent files list: the failed file with a reprocess button; filters in the URL.
    table = page.get_by_role("table", name="Arquivos recentes")
    await expect(table.get_by_role("row")).to_have_count(4, timeout=DONE_MS)
    await expect(table.get_by_role("button", name="Reprocessar quebrado.xml")).to_be_visible()
    await screenshot(page, "uploads-done")
    await assert_accessible(page)

    # The same OFX again: a duplicate, said so, nothing doubled.
    await page.locator("input[type=file]").set_input_files([files["extrato.ofx"]])
    duplicate = page.get_by_role("listitem", name="extrato.ofx").first
    await expect(duplicate.get_by_text("Já enviado antes")).to_be_visible(timeout=DONE_MS)
    await expect(duplicate.get_by_test_id("counts")).to_have_text("0 documentos · 4 transações")

    await page.goto("/uploads?status=FAILED")
    await expect(_recent(page)).to_have_count(2)
    await page.get_by_role("button", name="Reprocessar quebrado.xml").click()
    again = page.get_by_role("listitem", name="quebrado.xml")
    await expect(again.get_by_test_id("stage")).to_have_text("Falhou", timeout=DONE_MS)

    # The dashboard has moved: documents, open receivables and payables, the period chart.
    await page.goto("/")
    # 8 generated NF-e of the demo company plus the public samples (samples that are the
    # same document count once in the tenant, so the file's counter may be higher).
    await expect(_figure(page, "Documentos")).to_have_text(
        re.compile(r"Documentos\s*(9|1\d)$"), timeout=DONE_MS
    )
    await expect(_figure(page, "A receber em aberto")).not_to_contain_text("R$\u00a00,00")
    await expect(_figure(page, "A pagar em aberto")).not_to_contain_text("R$\u00a00,00")
    await expect(_figure(page, "Arquivos com falha neste mês")).to_contain_text("2")
    await expect(page.get_by_role("img", name=re.compile("por período"))).to_be_visible()
    # Each figure links to the list behind it.
    await expect(_figure(page, "A receber em aberto")).to_have_attribute(
        "href", "/documents?direction=RECEIVABLE"
    )
    await expect(_figure(page, "Arquivos com falha neste mês")).to_have_attribute(
        "href", "/uploads?status=FAILED"
    )
    await expect(_figure(page, "Sugestões para revisar")).to_have_attribute("href", "/review")
    await expect(_figure(page, "Transações em aberto")).to_have_attribute(
        "href", "/transactions?status=OPEN%2CPARTIAL"
    )
    await expect(
        page.get_by_role("table", name="Arquivos lidos e com falha por tipo")
    ).to_contain_text("O XML está malformado")
    await screenshot(page, "dashboard")
    await assert_accessible(page)
    await page.get_by_role("radiogroup", name="Período").get_by_text("Semana", exact=True).click()
    await expect(page).to_have_url(re.compile(r"period=WEEK"))
    await assert_accessible(page)

    # A figure's link opens the filtered list.
    await _figure(page, "Arquivos com falha neste mês").click()
    await expect(page).to_have_url(re.compile(r"/uploads\?status=FAILED$"))
    await expect(_recent(page)).to_have_count(2)


async def test_rows_reach_done_by_polling_when_the_websocket_is_down(
    page: Page, stack: Stack, tmp_path: Path
) -> None:
    """Every websocket refused: the rows still end, through file(id) polling."""
    files = _files(stack.demo.company_cnpj, tmp_path)
    sockets = 0

    async def refuse(ws: WebSocketRoute) -> None:
        nonlocal sockets
        sockets += 1
        await ws.close(code=1011)

    await page.route_web_socket(re.compile(r"/graphql$"), refuse)
    polled: list[str] = []
    page.on(
        "request",
        lambda request: (
            polled.append("x")
            if request.method == "POST" and "UploadsFile(" in (request.post_data or "")
            else None
        ),
    )
    await _login(page, stack, "/uploads")
    await expect(page.get_by_role("heading", name="Envio de arquivos")).to_be_visible()
    await page.locator("input[type=file]").set_input_files([files["extrato.ofx"]])
    row = _row(page, "extrato.ofx")
    await expect(row.get_by_test_id("stage")).to_have_text("Concluído", timeout=DONE_MS)
    await expect(row.get_by_test_id("counts")).to_have_text("0 documentos · 4 transações")
    assert sockets >= 1
    assert polled, "the fallback never asked file(id)"
