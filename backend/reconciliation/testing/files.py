"""Write a generated world (``testing.generator``) as the files a tenant would upload.

``write_world`` turns the engine's synthetic ground truth into NF-e XML (receivables the
tenant issued and payables it received, every document with its ``dup`` installments),
cancellation events (procEventoNFe 110111), OFX statements (one per account and month,
SGML for one bank and XML for the other) and CNAB collection returns (one per credit
day, alternating CNAB 240 and CNAB 400). What a file cannot carry is said in the way real
files say it: a boleto's nosso número, a Pix txid or a supplier's digitable line are
printed in the NF-e's additional information, a Pix charge's txid in the bank memo.

``WrittenTruth`` restates the world's truth in the identities ``conciliacontag parse``
prints (every NF-e here has at least one ``dup``, so a whole-document side becomes
installment ``"001"``; a CNAB liquidation's id is its nosso número), and ``score_lines``
measures a ``conciliacontag reconcile`` jsonl output against it.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from backend.fiscal.testing.generators import nfe_event_xml
from backend.reconciliation.model import (
    Direction,
    Document,
    DocumentRef,
    DocumentStatus,
    Transaction,
    TransactionSource,
)
from backend.reconciliation.testing.generator import World
from backend.statements.testing.generators import (
    GenEntry,
    GenStatement,
    GenTitle,
    OfxStyle,
    make_cnab240_collection,
    make_cnab400,
    make_ofx,
)

OWN_NAME = "CONCILIA DEMONSTRACAO COMERCIO LTDA"
# The world's accounts as banks number them: (bank, branch, account, OFX style). The
# collection returns are Itaú's too: CNAB 240 names agency 01234 and account 5432-1
# (what the OFX names without zeros), CNAB 400 names no account.
_ACCOUNTS = {
    "ACC-001": ("341", "1234", "5432-1", OfxStyle(version=1)),
    "ACC-002": ("001", None, "98765-4", OfxStyle(version=2, charset="utf-8")),
}
_CENT = Decimal("0.01")


@dataclass
class WrittenTruth:
    """Where the files are and the world's truth in ``parse``'s identities."""

    documents: list[Path]
    statements: list[Path]
    own_tax_ids: frozenset[str]
    links: dict[tuple[DocumentRef, str], str] = field(default_factory=dict)  # → scenario
    cancelled: set[DocumentRef] = field(default_factory=set)


@dataclass
class LineFigures:
    """Quality of a jsonl output against the truth (same definitions as ``metrics``)."""

    matches: int = 0
    wrong_matches: int = 0
    true_links: int = 0
    matched_true_links: int = 0
    found_true_links: int = 0
    cancelled_matched: int = 0
    per_scenario: dict[str, list[int]] = field(default_factory=dict)  # true, auto, found
    wrong_examples: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of automatic matches whose every link is true."""
        return 1.0 if not self.matches else 1 - self.wrong_matches / self.matches

    @property
    def recall(self) -> float:
        """Share of true links matched automatically."""
        return 1.0 if not self.true_links else self.matched_true_links / self.true_links

    @property
    def found(self) -> float:
        """Share of true links among matches plus suggestions."""
        return 1.0 if not self.true_links else self.found_true_links / self.true_links


def _printed_ref(doc: Document) -> DocumentRef:
    return DocumentRef(doc.key, doc.installment or "001")


def _money(value: Decimal) -> str:
    return f"{value.quantize(_CENT)}"


def _party_xml(tag: str, tax_id: str, name: str, uf: str) -> str:
    kind = "CPF" if len(tax_id) == 11 else "CNPJ"
    address = "enderEmit" if tag == "emit" else "enderDest"
    ie = "<IE>111111111111</IE><CRT>3</CRT>" if tag == "emit" else "<indIEDest>9</indIEDest>"
    return (
        f"<{tag}><{kind}>{tax_id}</{kind}><xNome>{escape(name)}</xNome>"
        f"<{address}><xLgr>Rua das Flores</xLgr><nro>100</nro><xBairro>Centro</xBairro>"
        f"<cMun>3550308</cMun><xMun>Sao Paulo</xMun><UF>{uf}</UF><CEP>01001000</CEP>"
        f"<cPais>1058</cPais><xPais>BRASIL</xPais></{address}>{ie}</{tag}>"
    )


def _additional_info(sides: list[Document]) -> str:
    # ERPs print the boleto or Pix charge of a sale here; only single-side documents
    # carry references in the generator.
    notes = [f"Pedido {sides[0].number}."]
    refs = sides[0].references if len(sides) == 1 else None
    if refs is not None:
        if refs.nosso_numero:
            notes.append(f"Boleto nosso número: {refs.nosso_numero}.")
        if refs.pix_txid:
            notes.append(f"Pague com Pix, TXID: {refs.pix_txid}.")
        if refs.boleto_line:
            notes.append(f"Linha digitável: {refs.boleto_line}.")
    return " ".join(notes)


def nfe_for_sides(sides: list[Document], own_cnpj: str) -> bytes:
    """The authorized NF-e 4.00 (nfeProc) of one generated document and its installments."""
    first = sides[0]
    key = first.key
    total = sum((s.amount for s in sides), Decimal(0))
    party_id = first.counterparty_tax_id or ""
    party_name = first.counterparty_name or "CONSUMIDOR"
    if first.direction is Direction.RECEIVABLE:
        emit = _party_xml("emit", own_cnpj, OWN_NAME, "SP")
        dest = _party_xml("dest", party_id, party_name, "RJ")
    else:
        emit = _party_xml("emit", key[6:20], party_name, "MG")
        dest = _party_xml("dest", own_cnpj, OWN_NAME, "SP")
    cfop = first.cfops[0] if first.cfops else "5102"
    # Two items when the total splits into whole cents, as most invoices have several.
    half = (total / 2).quantize(_CENT)
    items = [half, total - half] if total >= 2 else [total]
    dets = "".join(
        f'<det nItem="{n}"><prod><cProd>P{n:03d}</cProd><cEAN>SEM GTIN</cEAN>'
        f"<xProd>Mercadoria {n}</xProd><NCM>61091000</NCM><CFOP>{cfop}</CFOP><uCom>UN</uCom>"
        f"<qCom>1.0000</qCom><vUnCom>{_money(v)}</vUnCom><vProd>{_money(v)}</vProd>"
        f"<cEANTrib>SEM GTIN</cEANTrib><uTrib>UN</uTrib><qTrib>1.0000</qTrib>"
        f"<vUnTrib>{_money(v)}</vUnTrib><indTot>1</indTot></prod><imposto><ICMS><ICMS00>"
        f"<orig>0</orig><CST>00</CST><modBC>3</modBC><vBC>{_money(v)}</vBC><pICMS>0.00</pICMS>"
        f"<vICMS>0.00</vICMS></ICMS00></ICMS><PIS><PISNT><CST>07</CST></PISNT></PIS><COFINS>"
        f"<COFINSNT><CST>07</CST></COFINSNT></COFINS></imposto></det>"
        for n, v in enumerate(items, 1)
    )
    dups = "".join(
        f"<dup><nDup>{s.installment or '001'}</nDup>"
        f"<dVenc>{(s.due_date or s.issue_date).isoformat()}</dVenc>"
        f"<vDup>{_money(s.amount)}</vDup></dup>"
        for s in sides
    )
    issued = f"{first.issue_date.isoformat()}T10:30:00-03:00"
    inf = (
        f'<infNFe versao="4.00" Id="NFe{key}"><ide><cUF>{key[:2]}</cUF><cNF>{key[35:43]}</cNF>'
        f"<natOp>Venda de mercadoria</natOp><mod>55</mod><serie>{int(key[22:25])}</serie>"
        f"<nNF>{int(key[25:34])}</nNF><dhEmi>{issued}</dhEmi><tpNF>1</tpNF><idDest>1</idDest>"
        f"<cMunFG>3550308</cMunFG><tpImp>1</tpImp><tpEmis>1</tpEmis><cDV>{key[-1]}</cDV>"
        f"<tpAmb>1</tpAmb><finNFe>1</finNFe><indFinal>0</indFinal><indPres>1</indPres>"
        f"<procEmi>0</procEmi><verProc>erp 5.2</verProc></ide>{emit}{dest}{dets}"
        f"<total><ICMSTot><vBC>{_money(total)}</vBC><vICMS>0.00</vICMS><vICMSDeson>0.00"
        f"</vICMSDeson><vFCP>0.00</vFCP><vBCST>0.00</vBCST><vST>0.00</vST><vFCPST>0.00</vFCPST>"
        f"<vFCPSTRet>0.00</vFCPSTRet><vProd>{_money(total)}</vProd><vFrete>0.00</vFrete>"
        f"<vSeg>0.00</vSeg><vDesc>0.00</vDesc><vII>0.00</vII><vIPI>0.00</vIPI>"
        f"<vIPIDevol>0.00</vIPIDevol><vPIS>0.00</vPIS><vCOFINS>0.00</vCOFINS><vOutro>0.00"
        f"</vOutro><vNF>{_money(total)}</vNF></ICMSTot></total><transp><modFrete>0</modFrete>"
        f"</transp><cobr><fat><nFat>{first.number}</nFat><vOrig>{_money(total)}</vOrig>"
        f"<vDesc>0.00</vDesc><vLiq>{_money(total)}</vLiq></fat>{dups}</cobr><pag><detPag>"
        f"<tPag>15</tPag><vPag>{_money(total)}</vPag></detPag></pag><infAdic><infCpl>"
        f"{escape(_additional_info(sides))}</infCpl></infAdic></infNFe>"
    )
    prot = (
        f'<protNFe versao="4.00"><infProt><tpAmb>1</tpAmb><verAplic>SP_NFE_PL009</verAplic>'
        f"<chNFe>{key}</chNFe><dhRecbto>{issued}</dhRecbto><nProt>135{key[25:37]}</nProt>"
        f"<cStat>100</cStat><xMotivo>Autorizado o uso da NF-e</xMotivo></infProt></protNFe>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><nfeProc xmlns="http://www.portalfiscal.inf.br/nfe"'
        f' versao="4.00"><NFe>{inf}</NFe>{prot}</nfeProc>'
    ).encode()


def _zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _write_documents(world: World, root: Path, own_cnpj: str) -> list[Path]:
    by_key: dict[str, list[Document]] = defaultdict(list)
    for doc in world.documents:
        by_key[doc.key].append(doc)
    issued: list[tuple[str, bytes]] = []
    events: list[tuple[str, bytes]] = []
    received = root / "documentos" / "recebidas"
    received.mkdir(parents=True)
    for key, sides in by_key.items():
        sides.sort(key=lambda s: s.installment or "")
        xml = nfe_for_sides(sides, own_cnpj)
        if sides[0].direction is Direction.RECEIVABLE:
            issued.append((f"notas/{sides[0].issue_date:%Y-%m}/NFe{key}.xml", xml))
        else:
            (received / f"{key}-procNFe.xml").write_bytes(xml)
        if sides[0].status is DocumentStatus.CANCELLED:
            event = nfe_event_xml(
                access_key=key,
                event_type="110111",
                descEvento="Cancelamento",
                nProt=f"135{key[25:37]}",
                xJust="Erro na emissao da nota fiscal, valores incorretos",
            )
            events.append((f"{key}-110111-01-procEventoNFe.xml", event))
    # Cancellations travel in a zip inside the zip, as portals export them.
    issued.append(("eventos.zip", _zip(events)))
    archive = root / "documentos" / "emitidas.zip"
    archive.write_bytes(_zip(issued))
    return [archive, received]


def _memo(tx: Transaction) -> str:
    if tx.references.pix_txid and "TXID" not in tx.memo:
        return f"{tx.memo} TXID {tx.references.pix_txid}"
    return tx.memo


def _write_ofx(world: World, root: Path) -> list[Path]:
    folder = root / "extratos"
    folder.mkdir(parents=True)
    per_file: dict[tuple[str, str], list[GenEntry]] = defaultdict(list)
    for tx in world.transactions:
        if tx.source is TransactionSource.CNAB_LIQUIDATION:
            continue
        per_file[(tx.account_id, f"{tx.posted_on:%Y-%m}")].append(
            GenEntry(tx.posted_on, tx.amount, _memo(tx), tx.id)
        )
    paths = []
    for (account, month), entries in sorted(per_file.items()):
        bank, branch, number, style = _ACCOUNTS[account]
        entries.sort(key=lambda e: (e.posted_on, e.fitid))
        statement = GenStatement(entries, bank_id=bank, account_id=number, branch_id=branch)
        data = make_ofx([statement], style)
        path = folder / f"{bank}-{number}-{month}.ofx"
        path.write_bytes(data)
        paths.append(path)
    return paths


def _write_cnab(world: World, root: Path) -> list[Path]:
    folder = root / "retornos"
    folder.mkdir(parents=True)
    docs = {d.ref: d for d in world.documents}
    doc_of = {link.transaction: docs[link.document] for link in world.links}
    parties = {p.tax_id: p for p in world.parties}
    days: dict[date, list[GenTitle]] = defaultdict(list)
    for tx in world.transactions:
        if tx.source is not TransactionSource.CNAB_LIQUIDATION:
            continue
        doc = doc_of[tx.id]
        party = parties[doc.counterparty_tax_id or ""]
        days[tx.posted_on].append(
            GenTitle(
                nosso_numero=tx.references.nosso_numero or "",
                seu_numero=f"{doc.number}-{doc.installment or '001'}",
                amount=doc.amount,
                paid=tx.amount,
                fee=tx.deducted_fee,
                due=doc.due_date or doc.issue_date,
                occurred=tx.posted_on,
                credited=tx.posted_on,
                payer_name=party.name[:40],
                payer_cnpj=party.tax_id,
            )
        )
    paths = []
    for day, titles in sorted(days.items()):
        if day.toordinal() % 2:
            lines = make_cnab240_collection(titles, bank="341").decode("ascii").split("\r\n")
            for index, title in enumerate(titles):
                if len(title.payer_cnpj) == 11:  # a person pays: registration type 1 (CPF)
                    t = lines[2 + 2 * index]
                    lines[2 + 2 * index] = t[:132] + "1" + t[133:]
            path = folder / f"COB240_341_{day:%d%m%Y}.RET"
        else:
            lines = make_cnab400(titles, bank="341").decode("ascii").split("\r\n")
            for index, title in enumerate(titles):  # Itaú writes the payer's name at 325-354
                rec = lines[1 + index]
                lines[1 + index] = rec[:324] + title.payer_name[:30].ljust(30) + rec[354:]
            path = folder / f"CN{day:%d%m%y}.RET"
        path.write_bytes("\r\n".join(lines).encode("ascii"))
        paths.append(path)
    return paths


def write_world(world: World, root: Path) -> WrittenTruth:
    """Write ``world`` under ``root``; return the paths and the truth in printed ids."""
    own_cnpj = next(d.key[6:20] for d in world.documents if d.direction is Direction.RECEIVABLE)
    documents = _write_documents(world, root, own_cnpj)
    statements = [*_write_ofx(world, root), *_write_cnab(world, root)]
    printed_tx = {
        tx.id: (tx.references.nosso_numero or tx.id)
        if tx.source is TransactionSource.CNAB_LIQUIDATION
        else tx.id
        for tx in world.transactions
    }
    docs = {d.ref: d for d in world.documents}
    truth = WrittenTruth(documents, statements, world.own_tax_ids)
    for link in world.links:
        ref = _printed_ref(docs[link.document])
        truth.links[(ref, printed_tx[link.transaction])] = link.scenario
    truth.cancelled = {_printed_ref(d) for d in world.documents if d.ref in world.cancelled}
    return truth


def score_lines(truth: WrittenTruth, lines: Iterable[dict[str, Any]]) -> LineFigures:
    """Precision, recall and found share of a ``reconcile`` jsonl output."""
    figures = LineFigures(true_links=len(truth.links))
    matched: set[tuple[DocumentRef, str]] = set()
    found: set[tuple[DocumentRef, str]] = set()
    for line in lines:
        if line.get("type") != "match":
            continue
        refs = [DocumentRef(d["key"], d["installment"]) for d in line["documents"]]
        links = {(r, t) for r in refs for t in line["transactions"]}
        found |= links
        if line["status"] != "matched":
            continue
        matched |= links
        figures.matches += 1
        if not links <= truth.links.keys():
            figures.wrong_matches += 1
            if len(figures.wrong_examples) < 10:
                figures.wrong_examples.append(line)
        figures.cancelled_matched += sum(r in truth.cancelled for r in refs)
    for link, scenario in truth.links.items():
        row = figures.per_scenario.setdefault(scenario, [0, 0, 0])
        row[0] += 1
        if link in matched:
            figures.matched_true_links += 1
            row[1] += 1
        if link in found:
            figures.found_true_links += 1
            row[2] += 1
    return figures
