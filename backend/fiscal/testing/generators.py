"""Generate NF-e, NFS-e (Padrão Nacional) and CT-e XML with known values.

The output is schema-shaped enough for our parsers and realistic in size (an NF-e with a
few items is 5-10 KB). Values are chosen so totals add up; keys have valid check digits.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from backend.fiscal.ids import access_key_check_digit, build_access_key, cnpj_check_digits

_CENT = Decimal("0.01")
# The 2026 tax reform's rates in its test year (LC 214/2025): IBS 0.1 % (all of it the
# state's), CBS 0.9 %; and ad rem rates (R$ per unit) for the monophasic items.
REFORM_RATES = {"ibs_uf": Decimal("0.1000"), "ibs_mun": Decimal("0.0000"), "cbs": Decimal("0.9000")}
MONOPHASIC_RATES = {"ibs_mono": Decimal("0.2000"), "cbs_mono": Decimal("0.6500")}


def make_cnpj(rng: random.Random) -> str:
    """A random numeric CNPJ with valid check digits."""
    base = f"{rng.randrange(10**8):08d}0001"
    return base + cnpj_check_digits(base)


@dataclass(frozen=True)
class GeneratedItem:
    """One NF-e item; ``total`` is quantity x unit price rounded to cents."""

    code: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    icms_rate: Decimal = Decimal("18.00")
    # With ``nfe_xml(..., reform=True)``: gIBSCBSMono (a fuel) instead of gIBSCBS.
    monophasic: bool = False

    @property
    def total(self) -> Decimal:
        """Item total (vProd)."""
        return (self.quantity * self.unit_price).quantize(_CENT)

    @property
    def icms(self) -> Decimal:
        """ICMS amount on the item total."""
        return (self.total * self.icms_rate / 100).quantize(_CENT)

    def reform_tax(self, kind: str) -> Decimal:
        """The item's amount of a reform tax kind (ibs_uf, ibs_mun, cbs on the total, or
        ibs_mono, cbs_mono on the quantity); zero for the kinds its group does not carry."""
        if kind in MONOPHASIC_RATES:
            rate = MONOPHASIC_RATES[kind]
            return (self.quantity * rate).quantize(_CENT) if self.monophasic else Decimal(0)
        if self.monophasic:
            return Decimal(0)
        return (self.total * REFORM_RATES[kind] / 100).quantize(_CENT)


@dataclass(frozen=True)
class GeneratedNFe:
    """Known values of a generated NF-e."""

    number: int
    series: int
    emitter_cnpj: str
    receiver_cnpj: str
    issued_at: str
    items: tuple[GeneratedItem, ...]
    freight: Decimal = Decimal("0.00")
    installments: tuple[tuple[str, str, Decimal], ...] = field(default=())
    model: str = "55"
    uf_code: str = "35"
    code: str = "12345678"

    @property
    def products(self) -> Decimal:
        """vProd: the sum of item totals."""
        return sum((item.total for item in self.items), Decimal(0))

    @property
    def total(self) -> Decimal:
        """vNF: products plus freight."""
        return self.products + self.freight

    def reform_tax(self, kind: str) -> Decimal:
        """The sum of the items' amounts of a reform tax kind (see GeneratedItem)."""
        return sum((item.reform_tax(kind) for item in self.items), Decimal(0))

    @property
    def total_with_reform_taxes(self) -> Decimal:
        """vNFTot as ``nfe_xml(..., reform=True)`` writes it: vNF plus IBS and CBS."""
        kinds = (*REFORM_RATES, *MONOPHASIC_RATES)
        return self.total + sum((self.reform_tax(kind) for kind in kinds), Decimal(0))

    @property
    def access_key(self) -> str:
        """The valid access key for these values."""
        return build_access_key(
            uf_code=self.uf_code,
            year_month=self.issued_at[2:4] + self.issued_at[5:7],
            issuer=self.emitter_cnpj,
            model=self.model,
            series=self.series,
            number=self.number,
            emission_type="1",
            code=self.code,
        )


def random_nfe(rng: random.Random, *, items: int = 3, number: int | None = None) -> GeneratedNFe:
    """A GeneratedNFe with random but consistent values."""
    generated_items = tuple(
        GeneratedItem(
            code=f"P{n:04d}",
            description=f"Produto de teste {n} <&> acentuação",
            quantity=Decimal(rng.randint(1, 50)),
            unit_price=Decimal(rng.randint(100, 100_000)) / 100,
        )
        for n in range(1, items + 1)
    )
    total = sum((i.total for i in generated_items), Decimal(0))
    half = (total / 2).quantize(_CENT)
    return GeneratedNFe(
        number=number if number is not None else rng.randint(1, 999_999_999),
        series=rng.randint(1, 999),
        emitter_cnpj=make_cnpj(rng),
        receiver_cnpj=make_cnpj(rng),
        issued_at=f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:30:00-03:00",
        items=generated_items,
        installments=(("001", "2026-10-10", half), ("002", "2026-11-10", total - half)),
    )


def nfe_xml(nfe: GeneratedNFe, *, with_protocol: bool = True, reform: bool = False) -> bytes:
    """The NF-e 4.00 XML (nfeProc with protNFe unless ``with_protocol`` is False).

    ``reform`` adds the 2026 tax reform's groups (NT 2025.002): IBSCBS on every item
    (gIBSCBS, or gIBSCBSMono for monophasic items), IBSCBSTot and vNFTot, all consistent.
    """
    dets = "".join(_det(n, item, reform) for n, item in enumerate(nfe.items, 1))
    icms = sum((item.icms for item in nfe.items), Decimal(0))
    dups = "".join(
        f"<dup><nDup>{n}</nDup><dVenc>{d}</dVenc><vDup>{v}</vDup></dup>"
        for n, d, v in nfe.installments
    )
    cobr = (
        f"<cobr><fat><nFat>{nfe.number}</nFat><vOrig>{nfe.total}</vOrig><vDesc>0.00</vDesc>"
        f"<vLiq>{nfe.total}</vLiq></fat>{dups}</cobr>"
        if nfe.installments
        else ""
    )
    inf = (
        f'<infNFe versao="4.00" Id="NFe{nfe.access_key}"><ide><cUF>{nfe.uf_code}</cUF>'
        f"<cNF>{nfe.code}</cNF><natOp>Venda de mercadoria</natOp><mod>{nfe.model}</mod>"
        f"<serie>{nfe.series}</serie><nNF>{nfe.number}</nNF><dhEmi>{nfe.issued_at}</dhEmi>"
        f"<tpNF>1</tpNF><idDest>1</idDest><cMunFG>3550308</cMunFG><tpImp>1</tpImp>"
        f"<tpEmis>1</tpEmis><cDV>{nfe.access_key[-1]}</cDV><tpAmb>1</tpAmb><finNFe>1</finNFe>"
        f"<indFinal>0</indFinal><indPres>1</indPres><procEmi>0</procEmi><verProc>gen</verProc>"
        f"</ide><emit><CNPJ>{nfe.emitter_cnpj}</CNPJ><xNome>Emitente Teste Ltda</xNome>"
        f"<enderEmit><xLgr>Rua A</xLgr><nro>1</nro><xBairro>Centro</xBairro>"
        f"<cMun>3550308</cMun><xMun>Sao Paulo</xMun><UF>SP</UF><CEP>01001000</CEP>"
        f"<cPais>1058</cPais><xPais>BRASIL</xPais></enderEmit><IE>111111111111</IE>"
        f"<CRT>3</CRT></emit><dest><CNPJ>{nfe.receiver_cnpj}</CNPJ>"
        f"<xNome>Destinatario Teste SA</xNome><enderDest><xLgr>Rua B</xLgr><nro>2</nro>"
        f"<xBairro>Centro</xBairro><cMun>3304557</cMun><xMun>Rio de Janeiro</xMun><UF>RJ</UF>"
        f"<CEP>20040001</CEP></enderDest><indIEDest>9</indIEDest></dest>{dets}"
        f"<total><ICMSTot><vBC>{nfe.products}</vBC><vICMS>{icms}</vICMS>"
        f"<vICMSDeson>0.00</vICMSDeson><vFCP>0.00</vFCP><vBCST>0.00</vBCST><vST>0.00</vST>"
        f"<vFCPST>0.00</vFCPST><vFCPSTRet>0.00</vFCPSTRet><vProd>{nfe.products}</vProd>"
        f"<vFrete>{nfe.freight}</vFrete><vSeg>0.00</vSeg><vDesc>0.00</vDesc><vII>0.00</vII>"
        f"<vIPI>0.00</vIPI><vIPIDevol>0.00</vIPIDevol><vPIS>0.00</vPIS><vCOFINS>0.00</vCOFINS>"
        f"<vOutro>0.00</vOutro><vNF>{nfe.total}</vNF></ICMSTot>"
        f"{_reform_totals(nfe) if reform else ''}</total>"
        f"<transp><modFrete>0</modFrete></transp>{cobr}"
        f"<pag><detPag><tPag>15</tPag><vPag>{nfe.total}</vPag></detPag></pag>"
        f"<infAdic><infCpl>Gerado para testes</infCpl></infAdic></infNFe>"
    )
    nfe_element = f"<NFe>{inf}</NFe>"
    ns = 'xmlns="http://www.portalfiscal.inf.br/nfe"'
    if not with_protocol:
        return f'<?xml version="1.0" encoding="UTF-8"?><NFe {ns}>{inf}</NFe>'.encode()
    prot = (
        f'<protNFe versao="4.00"><infProt><tpAmb>1</tpAmb><verAplic>gen</verAplic>'
        f"<chNFe>{nfe.access_key}</chNFe><dhRecbto>{nfe.issued_at}</dhRecbto>"
        f"<nProt>135260000000001</nProt><cStat>100</cStat>"
        f"<xMotivo>Autorizado o uso da NF-e</xMotivo></infProt></protNFe>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><nfeProc {ns} versao="4.00">'
        f"{nfe_element}{prot}</nfeProc>"
    ).encode()


def _reform_totals(nfe: GeneratedNFe) -> str:
    ibs_uf, ibs_mun, cbs, ibs_mono, cbs_mono = map(
        nfe.reform_tax, ("ibs_uf", "ibs_mun", "cbs", "ibs_mono", "cbs_mono")
    )
    base = sum((item.total for item in nfe.items if not item.monophasic), Decimal(0))
    zero = "<vDif>0.00</vDif><vDevTrib>0.00</vDevTrib>"
    credits = "<vCredPres>0.00</vCredPres><vCredPresCondSus>0.00</vCredPresCondSus>"
    mono = (
        f"<gMono><vIBSMono>{ibs_mono}</vIBSMono><vCBSMono>{cbs_mono}</vCBSMono>"
        "<vIBSMonoReten>0.00</vIBSMonoReten><vCBSMonoReten>0.00</vCBSMonoReten>"
        "<vIBSMonoRet>0.00</vIBSMonoRet><vCBSMonoRet>0.00</vCBSMonoRet></gMono>"
        if any(item.monophasic for item in nfe.items)
        else ""
    )
    return (
        f"<IBSCBSTot><vBCIBSCBS>{base}</vBCIBSCBS><gIBS><gIBSUF>{zero}<vIBSUF>{ibs_uf}</vIBSUF>"
        f"</gIBSUF><gIBSMun>{zero}<vIBSMun>{ibs_mun}</vIBSMun></gIBSMun>"
        f"<vIBS>{ibs_uf + ibs_mun}</vIBS>{credits}</gIBS><gCBS>{zero}<vCBS>{cbs}</vCBS>"
        f"{credits}</gCBS>{mono}</IBSCBSTot><vNFTot>{nfe.total_with_reform_taxes}</vNFTot>"
    )


def _ibs_cbs(item: GeneratedItem) -> str:
    if item.monophasic:
        ibs, cbs = item.reform_tax("ibs_mono"), item.reform_tax("cbs_mono")
        return (
            f"<IBSCBS><CST>620</CST><cClassTrib>620001</cClassTrib><gIBSCBSMono><gMonoPadrao>"
            f"<qBCMono>{item.quantity}.0000</qBCMono>"
            f"<adRemIBS>{MONOPHASIC_RATES['ibs_mono']}</adRemIBS>"
            f"<adRemCBS>{MONOPHASIC_RATES['cbs_mono']}</adRemCBS><vIBSMono>{ibs}</vIBSMono>"
            f"<vCBSMono>{cbs}</vCBSMono></gMonoPadrao><vTotIBSMonoItem>{ibs}</vTotIBSMonoItem>"
            f"<vTotCBSMonoItem>{cbs}</vTotCBSMonoItem></gIBSCBSMono></IBSCBS>"
        )
    ibs_uf, ibs_mun, cbs = map(item.reform_tax, ("ibs_uf", "ibs_mun", "cbs"))
    return (
        f"<IBSCBS><CST>000</CST><cClassTrib>000001</cClassTrib><gIBSCBS><vBC>{item.total}</vBC>"
        f"<gIBSUF><pIBSUF>{REFORM_RATES['ibs_uf']}</pIBSUF><vIBSUF>{ibs_uf}</vIBSUF></gIBSUF>"
        f"<gIBSMun><pIBSMun>{REFORM_RATES['ibs_mun']}</pIBSMun><vIBSMun>{ibs_mun}</vIBSMun>"
        f"</gIBSMun><vIBS>{ibs_uf + ibs_mun}</vIBS><gCBS><pCBS>{REFORM_RATES['cbs']}</pCBS>"
        f"<vCBS>{cbs}</vCBS></gCBS></gIBSCBS></IBSCBS>"
    )


def _det(position: int, item: GeneratedItem, reform: bool = False) -> str:
    return (
        f'<det nItem="{position}"><prod><cProd>{item.code}</cProd><cEAN>SEM GTIN</cEAN>'
        f"<xProd>{escape(item.description)}</xProd><NCM>61091000</NCM><CFOP>5102</CFOP>"
        f"<uCom>UN</uCom><qCom>{item.quantity}.0000</qCom><vUnCom>{item.unit_price}</vUnCom>"
        f"<vProd>{item.total}</vProd><cEANTrib>SEM GTIN</cEANTrib><uTrib>UN</uTrib>"
        f"<qTrib>{item.quantity}.0000</qTrib><vUnTrib>{item.unit_price}</vUnTrib>"
        f"<indTot>1</indTot></prod><imposto><ICMS><ICMS00><orig>0</orig><CST>00</CST>"
        f"<modBC>3</modBC><vBC>{item.total}</vBC><pICMS>{item.icms_rate}</pICMS>"
        f"<vICMS>{item.icms}</vICMS></ICMS00></ICMS><PIS><PISNT><CST>07</CST></PISNT></PIS>"
        f"<COFINS><COFINSNT><CST>07</CST></COFINSNT></COFINS>"
        f"{_ibs_cbs(item) if reform else ''}</imposto></det>"
    )


@dataclass(frozen=True)
class GeneratedNFSe:
    """Known values of a generated NFS-e (Padrão Nacional)."""

    number: int
    provider_cnpj: str
    taker_cnpj: str
    services: Decimal
    iss_rate: Decimal
    irrf: Decimal

    @property
    def iss(self) -> Decimal:
        """ISS on the service amount."""
        return (self.services * self.iss_rate / 100).quantize(_CENT)

    @property
    def net(self) -> Decimal:
        """Net amount: services minus the federal withholding."""
        return self.services - self.irrf


def nfse_nacional_xml(nfse: GeneratedNFSe) -> bytes:
    """An NFSe (Padrão Nacional 1.00) with its DPS."""
    body = f"3550308{2}{2}{nfse.provider_cnpj}{nfse.number:013d}2609{123456789:09d}"
    key = f"{body}{access_key_check_digit(body)}"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><NFSe xmlns="http://www.sped.fazenda.gov.br/nfse"'
        f' versao="1.00"><infNFSe Id="NFS{key}"><xLocEmi>Sao Paulo</xLocEmi>'
        f"<nNFSe>{nfse.number}</nNFSe><cLocIncid>3550308</cLocIncid><ambGer>2</ambGer>"
        f"<cStat>100</cStat><dhProc>2026-09-01T10:00:00-03:00</dhProc>"
        f"<emit><CNPJ>{nfse.provider_cnpj}</CNPJ><xNome>Prestador Teste</xNome></emit>"
        f"<valores><vBC>{nfse.services}</vBC><pAliqAplic>{nfse.iss_rate}</pAliqAplic>"
        f"<vISSQN>{nfse.iss}</vISSQN><vTotalRet>{nfse.irrf}</vTotalRet><vLiq>{nfse.net}</vLiq>"
        f'</valores><DPS versao="1.00"><infDPS Id="DPS1"><tpAmb>1</tpAmb>'
        f"<dhEmi>2026-09-01T09:00:00-03:00</dhEmi><serie>1</serie><nDPS>{nfse.number}</nDPS>"
        f"<dCompet>2026-09-01</dCompet><tpEmit>1</tpEmit><prest><CNPJ>{nfse.provider_cnpj}"
        f"</CNPJ></prest><toma><CNPJ>{nfse.taker_cnpj}</CNPJ><xNome>Tomador Teste</xNome>"
        f"</toma><serv><cServ><cTribNac>010101</cTribNac><xDescServ>Desenvolvimento</xDescServ>"
        f"</cServ></serv><valores><vServPrest><vServ>{nfse.services}</vServ></vServPrest>"
        f"<trib><tribMun><tribISSQN>1</tribISSQN><tpRetISSQN>1</tpRetISSQN>"
        f"<pAliq>{nfse.iss_rate}</pAliq></tribMun><tribFed><vRetIRRF>{nfse.irrf}</vRetIRRF>"
        f"</tribFed></trib></valores></infDPS></DPS></infNFSe></NFSe>"
    ).encode()


def cte_xml(
    *,
    number: int,
    emitter_cnpj: str,
    payer_cnpj: str,
    total: Decimal,
    nfe_key: str,
    service_order: bool = False,
) -> bytes:
    """A cteProc 4.00 whose payer (toma3 = 3) is the recipient, referencing one NF-e; or,
    with ``service_order``, a cteOSProc (CT-e OS, model 67) whose payer is infCte/toma."""
    model = "67" if service_order else "57"
    key = build_access_key(
        uf_code="35",
        year_month="2609",
        issuer=emitter_cnpj,
        model=model,
        series=1,
        number=number,
        emission_type="1",
        code="87654321",
    )
    ns = 'xmlns="http://www.portalfiscal.inf.br/cte"'
    root, document = ("cteOSProc", "CTeOS") if service_order else ("cteProc", "CTe")
    payer = "" if service_order else "<toma3><toma>3</toma></toma3>"
    parties = (
        f"<toma><CNPJ>{payer_cnpj}</CNPJ><xNome>Tomador</xNome></toma>"
        if service_order
        else f"<rem><CNPJ>{emitter_cnpj}</CNPJ><xNome>Remetente</xNome></rem>"
        f"<dest><CNPJ>{payer_cnpj}</CNPJ><xNome>Destinatario</xNome></dest>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{root} {ns} versao="4.00"><{document}>'
        f'<infCte versao="4.00" Id="CTe{key}"><ide><cUF>35</cUF><cCT>87654321</cCT>'
        f"<CFOP>5353</CFOP><natOp>Frete</natOp><mod>{model}</mod><serie>1</serie>"
        f"<nCT>{number}</nCT><dhEmi>2026-09-05T08:00:00-03:00</dhEmi><tpEmis>1</tpEmis>"
        f"<tpAmb>1</tpAmb>{payer}</ide><emit><CNPJ>{emitter_cnpj}</CNPJ>"
        f"<xNome>Transportadora</xNome><enderEmit><xMun>Sao Paulo</xMun><UF>SP</UF></enderEmit>"
        f"</emit>{parties}"
        f"<vPrest><vTPrest>{total}</vTPrest><vRec>{total}</vRec></vPrest><imp><ICMS><ICMS00>"
        f"<CST>00</CST><vBC>{total}</vBC><pICMS>12.00</pICMS>"
        f"<vICMS>{(total * 12 / 100).quantize(_CENT)}</vICMS></ICMS00></ICMS></imp>"
        f"<infCTeNorm><infDoc><infNFe><chave>{nfe_key}</chave></infNFe></infDoc></infCTeNorm>"
        f'</infCte></{document}><protCTe versao="4.00"><infProt><nProt>135260000000009</nProt>'
        f"<dhRecbto>2026-09-05T08:01:00-03:00</dhRecbto><cStat>100</cStat></infProt></protCTe>"
        f"</{root}>"
    ).encode()


def cte_simp_xml(
    *,
    number: int,
    emitter_cnpj: str,
    payer_cnpj: str,
    deliveries: tuple[tuple[str, Decimal], ...],
    installments: tuple[tuple[str, str, Decimal], ...],
) -> bytes:
    """A cteSimpProc 4.00 (CT-e Simplificado): one ``det`` per (NF-e key, freight) delivery,
    the payer in infCte/toma, totals in infCte/total and (number, due date, amount)
    installments in infCte/cobr."""
    key = build_access_key(
        uf_code="35",
        year_month="2609",
        issuer=emitter_cnpj,
        model="57",
        series=2,
        number=number,
        emission_type="1",
        code="12345678",
    )
    total = sum((amount for _, amount in deliveries), Decimal(0))
    details = "".join(
        f"<det><cMunIni>3550308</cMunIni><xMunIni>Sao Paulo</xMunIni><cMunFim>3304557</cMunFim>"
        f"<xMunFim>Rio de Janeiro</xMunFim><vPrest>{amount}</vPrest><vRec>{amount}</vRec>"
        f"<infNFe><chNFe>{nfe_key}</chNFe></infNFe></det>"
        for nfe_key, amount in deliveries
    )
    duplicates = "".join(
        f"<dup><nDup>{n}</nDup><dVenc>{due}</dVenc><vDup>{amount}</vDup></dup>"
        for n, due, amount in installments
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<cteSimpProc xmlns="http://www.portalfiscal.inf.br/cte" versao="4.00"><CTeSimp>'
        f'<infCte versao="4.00" Id="CTe{key}"><ide><cUF>35</cUF><cCT>12345678</cCT>'
        f"<CFOP>5353</CFOP><natOp>Frete</natOp><mod>57</mod><serie>2</serie>"
        f"<nCT>{number}</nCT><dhEmi>2026-09-05T08:00:00-03:00</dhEmi><tpEmis>1</tpEmis>"
        f"<tpAmb>1</tpAmb><tpCTe>5</tpCTe></ide><emit><CNPJ>{emitter_cnpj}</CNPJ>"
        f"<xNome>Transportadora</xNome><enderEmit><xMun>Sao Paulo</xMun><UF>SP</UF></enderEmit>"
        f"</emit><toma><toma>0</toma><CNPJ>{payer_cnpj}</CNPJ><xNome>Tomador</xNome></toma>"
        f"{details}<cobr><fat><nFat>{number}</nFat><vOrig>{total}</vOrig><vLiq>{total}</vLiq>"
        f"</fat>{duplicates}</cobr><imp><ICMS><ICMS00><CST>00</CST><vBC>{total}</vBC>"
        f"<pICMS>12.00</pICMS><vICMS>{(total * 12 / 100).quantize(_CENT)}</vICMS></ICMS00>"
        f"</ICMS></imp><total><vTPrest>{total}</vTPrest><vTRec>{total}</vTRec></total>"
        f'</infCte></CTeSimp><protCTe versao="4.00"><infProt><nProt>135260000000010</nProt>'
        f"<dhRecbto>2026-09-05T08:01:00-03:00</dhRecbto><cStat>100</cStat></infProt></protCTe>"
        "</cteSimpProc>"
    ).encode()


@dataclass(frozen=True)
class GeneratedAbrasf:
    """Known values of a generated ABRASF 2.04 NFS-e."""

    number: int
    provider_cnpj: str
    taker_cpf: str
    services: Decimal
    iss_rate: Decimal
    iss_withheld: bool

    @property
    def iss(self) -> Decimal:
        """ISS on the service amount (rate given as a percentage)."""
        return (self.services * self.iss_rate / 100).quantize(_CENT)

    @property
    def net(self) -> Decimal:
        """ValorLiquidoNfse: services minus the ISS when the taker withholds it."""
        return self.services - (self.iss if self.iss_withheld else Decimal(0))


def abrasf_xml(nfse: GeneratedAbrasf, *, cancelled: bool = False) -> bytes:
    """A ConsultarNfseServicoPrestadoResposta (ABRASF 2.04) with one CompNfse."""
    cancellation = (
        "<NfseCancelamento><Confirmacao><Pedido><InfPedidoCancelamento>"
        "<CodigoCancelamento>1</CodigoCancelamento></InfPedidoCancelamento></Pedido>"
        "<DataHora>2026-09-02T10:00:00</DataHora></Confirmacao></NfseCancelamento>"
        if cancelled
        else ""
    )
    return (
        '<?xml version="1.0" encoding="ISO-8859-1"?>'
        '<ConsultarNfseServicoPrestadoResposta xmlns="http://www.abrasf.org.br/nfse.xsd">'
        f'<ListaNfse><CompNfse><Nfse versao="2.04"><InfNfse Id="N{nfse.number}">'
        f"<Numero>{nfse.number}</Numero><CodigoVerificacao>ABC123</CodigoVerificacao>"
        f"<DataEmissao>2026-09-01T11:12:13</DataEmissao><ValoresNfse>"
        f"<BaseCalculo>{nfse.services}</BaseCalculo><Aliquota>{nfse.iss_rate}</Aliquota>"
        f"<ValorIss>{nfse.iss}</ValorIss><ValorLiquidoNfse>{nfse.net}</ValorLiquidoNfse>"
        f"</ValoresNfse><PrestadorServico><IdentificacaoPrestador><CpfCnpj>"
        f"<Cnpj>{nfse.provider_cnpj}</Cnpj></CpfCnpj><InscricaoMunicipal>12345"
        f"</InscricaoMunicipal></IdentificacaoPrestador><RazaoSocial>Serviços Ltda"
        f"</RazaoSocial><Endereco><Endereco>Rua C</Endereco><Numero>3</Numero>"
        f"<Bairro>Centro</Bairro><CodigoMunicipio>4106902</CodigoMunicipio><Uf>PR</Uf>"
        f"<Cep>80000000</Cep></Endereco></PrestadorServico><OrgaoGerador>"
        f"<CodigoMunicipio>4106902</CodigoMunicipio><Uf>PR</Uf></OrgaoGerador>"
        f"<DeclaracaoPrestacaoServico><InfDeclaracaoPrestacaoServico><Rps>"
        f"<IdentificacaoRps><Numero>{nfse.number + 1000}</Numero><Serie>A</Serie><Tipo>1</Tipo>"
        f"</IdentificacaoRps><DataEmissao>2026-09-01</DataEmissao><Status>1</Status></Rps>"
        f"<Competencia>2026-09-01</Competencia><Servico><Valores>"
        f"<ValorServicos>{nfse.services}</ValorServicos><ValorIss>{nfse.iss}</ValorIss>"
        f"<Aliquota>{nfse.iss_rate}</Aliquota></Valores>"
        f"<IssRetido>{1 if nfse.iss_withheld else 2}</IssRetido>"
        f"<ItemListaServico>01.07</ItemListaServico><Discriminacao>Suporte técnico"
        f"</Discriminacao><CodigoMunicipio>4106902</CodigoMunicipio></Servico><Prestador>"
        f"<CpfCnpj><Cnpj>{nfse.provider_cnpj}</Cnpj></CpfCnpj></Prestador><TomadorServico>"
        f"<IdentificacaoTomador><CpfCnpj><Cpf>{nfse.taker_cpf}</Cpf></CpfCnpj>"
        f"</IdentificacaoTomador><RazaoSocial>Maria da Silva</RazaoSocial></TomadorServico>"
        f"</InfDeclaracaoPrestacaoServico></DeclaracaoPrestacaoServico></InfNfse></Nfse>"
        f"{cancellation}</CompNfse></ListaNfse></ConsultarNfseServicoPrestadoResposta>"
    ).encode("latin-1")


@dataclass(frozen=True)
class GeneratedIpm:
    """Known values of a generated IPM / Atende.net NFS-e (one service line)."""

    number: int
    provider_cnpj: str
    taker_document: str
    services: Decimal
    iss_rate: Decimal
    iss_withheld: bool = False
    deduction: Decimal = Decimal("0.00")
    discount: Decimal = Decimal("0.00")
    irrf: Decimal = Decimal("0.00")
    inss: Decimal = Decimal("0.00")
    national_key: str | None = None

    @property
    def base(self) -> Decimal:
        """valor_tributavel: the ISS base, the deduction already taken off."""
        return self.services - self.deduction

    @property
    def iss(self) -> Decimal:
        """ISS on the base (rate given as a percentage)."""
        return (self.base * self.iss_rate / 100).quantize(_CENT)

    @property
    def net(self) -> Decimal:
        """Services minus discount, federal withholdings and the ISS the taker withholds."""
        withheld_iss = self.iss if self.iss_withheld else Decimal(0)
        return self.services - self.discount - self.irrf - self.inss - withheld_iss


def _ipm_amount(value: Decimal) -> str:
    """IPM's decimal comma with a dot for thousands: 1.250,90."""
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def ipm_xml(
    note: GeneratedIpm, *, status: str = "1", wrapped: bool = False, test: bool = False
) -> bytes:
    """The note as the IPM portal gives it (``<nfse>``, ISO-8859-1). ``status`` is
    situacao_codigo_nfse (1 issued, 2 cancelled), or "C" for a note downloaded after its
    cancellation (nf/situacao only); ``wrapped`` nests it in a web-service ``<retorno>``;
    ``test`` marks it nfse_teste."""
    status_tags = (
        "<situacao>C</situacao>"
        if status == "C"
        else f"<situacao_codigo_nfse>{status}</situacao_codigo_nfse>"
        f"<situacao_descricao_nfse>{'Cancelada' if status == '2' else 'Emitida'}"
        "</situacao_descricao_nfse>"
    )
    taker_type = "J" if len(note.taker_document) > 11 else "F"
    # A numeric field: IPM drops the leading zeros of a CPF or CNPJ.
    taker_document = note.taker_document.lstrip("0")
    situation = "2" if note.iss_withheld else ("3" if note.deduction else "0")
    key = f"<chave_acesso_nfse_nacional>{note.national_key}</chave_acesso_nfse_nacional>"
    body = (
        f"<nfse>{'<nfse_teste>1</nfse_teste>' if test else ''}"
        "<rps><nro_recibo_provisorio>77</nro_recibo_provisorio>"
        "<serie_recibo_provisorio>1</serie_recibo_provisorio>"
        "<data_emissao_recibo_provisorio>14/09/2026</data_emissao_recibo_provisorio>"
        "<hora_emissao_recibo_provisorio>09:00:00</hora_emissao_recibo_provisorio></rps>"
        f"<nf><numero_nfse>{note.number}</numero_nfse><serie_nfse>1</serie_nfse>"
        "<data_nfse>15/09/2026</data_nfse><hora_nfse>10:11:12</hora_nfse>"
        f"{status_tags}<link_nfse>https://exemplo.atende.net/autenticidade/ABCD1234</link_nfse>"
        "<cod_verificador_autenticidade>ABCD1234EFGH5678</cod_verificador_autenticidade>"
        f"{key if note.national_key else ''}<data_fato>15/09/2026</data_fato>"
        f"<valor_total>{_ipm_amount(note.services)}</valor_total>"
        f"<valor_desconto>{_ipm_amount(note.discount)}</valor_desconto>"
        f"<valor_ir>{_ipm_amount(note.irrf)}</valor_ir>"
        f"<valor_inss>{_ipm_amount(note.inss)}</valor_inss>"
        "<valor_contribuicao_social>0,00</valor_contribuicao_social><valor_rps>0,00</valor_rps>"
        "<valor_pis>0,00</valor_pis><valor_cofins>0,00</valor_cofins>"
        "<observacao>Pedido 4411</observacao></nf>"
        f"<prestador><cpfcnpj>{note.provider_cnpj}</cpfcnpj><cidade>8357</cidade>"
        "<nome_razao_social>Serviços Catarinenses Ltda</nome_razao_social>"
        "<inscricao_municipal>37482</inscricao_municipal></prestador>"
        f"<tomador><tipo>{taker_type}</tipo><cpfcnpj>{taker_document}</cpfcnpj><ie/>"
        "<nome_razao_social>João Tomador</nome_razao_social>"
        "<logradouro>Rua XV de Novembro</logradouro><numero_residencia>222</numero_residencia>"
        "<bairro>Centro</bairro><cidade>8357</cidade><cep>89160033</cep>"
        "<email>joao@example.com</email><ddd_fone_comercial>47</ddd_fone_comercial>"
        "<fone_comercial>35311500</fone_comercial></tomador>"
        "<itens><lista><tributa_municipio_prestador>S</tributa_municipio_prestador>"
        "<codigo_local_prestacao_servico>8357</codigo_local_prestacao_servico>"
        "<codigo_item_lista_servico>702</codigo_item_lista_servico>"
        "<descritivo>Manutenção de sistemas</descritivo>"
        f"<aliquota_item_lista_servico>{_ipm_amount(note.iss_rate)}</aliquota_item_lista_servico>"
        f"<situacao_tributaria>{situation}</situacao_tributaria>"
        f"<valor_tributavel>{_ipm_amount(note.base)}</valor_tributavel>"
        f"<valor_deducao>{_ipm_amount(note.deduction)}</valor_deducao>"
        f"<valor_issrf>{_ipm_amount(note.iss if note.iss_withheld else Decimal(0))}</valor_issrf>"
        "<unidade_quantidade>1,00</unidade_quantidade>"
        f"<unidade_valor_unitario>{_ipm_amount(note.services)}</unidade_valor_unitario>"
        "</lista></itens><forma_pagamento><tipo_pagamento>2</tipo_pagamento><parcelas>"
        f"<parcela><numero>1</numero><valor>{_ipm_amount(note.net)}</valor>"
        "<data_vencimento>15/10/2026</data_vencimento></parcela></parcelas></forma_pagamento>"
        "</nfse>"
    )
    if wrapped:
        body = f"<retorno><mensagem><codigo>00001 - Sucesso</codigo></mensagem>{body}</retorno>"
    return ('<?xml version="1.0" encoding="ISO-8859-1"?>' + body).encode("latin-1")


def ipm_receipt_xml(number: int) -> bytes:
    """The short web-service receipt: the note's number and status, none of its values."""
    return (
        '<?xml version="1.0" encoding="ISO-8859-1"?><retorno><mensagem><codigo>00001 - Sucesso'
        f"</codigo></mensagem><numero_nfse>{number}</numero_nfse><serie_nfse>1</serie_nfse>"
        "<data_nfse>15/09/2026</data_nfse><hora_nfse>10:11:12</hora_nfse>"
        "<situacao_codigo_nfse>1</situacao_codigo_nfse>"
        "<cod_verificador_autenticidade>ABCD1234EFGH5678</cod_verificador_autenticidade>"
        "</retorno>"
    ).encode("latin-1")


def nfe_event_xml(
    *, access_key: str, event_type: str, sequence: int = 1, status_code: str = "135", **details: str
) -> bytes:
    """A procEventoNFe (unsigned) with its registration receipt; ``details`` go in detEvento."""
    detail = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in details.items())
    event_id = f"ID{event_type}{access_key}{sequence:02d}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<procEventoNFe xmlns="http://www.portalfiscal.inf.br/nfe" versao="1.00">'
        f'<evento versao="1.00"><infEvento Id="{event_id}"><cOrgao>91</cOrgao><tpAmb>1</tpAmb>'
        f"<CNPJ>{access_key[6:20]}</CNPJ><chNFe>{access_key}</chNFe>"
        f"<dhEvento>2026-09-03T12:00:00-03:00</dhEvento><tpEvento>{event_type}</tpEvento>"
        f"<nSeqEvento>{sequence}</nSeqEvento><verEvento>1.00</verEvento>"
        f'<detEvento versao="1.00">{detail}</detEvento></infEvento></evento>'
        f'<retEvento versao="1.00"><infEvento><tpAmb>1</tpAmb><cStat>{status_code}</cStat>'
        f"<chNFe>{access_key}</chNFe><tpEvento>{event_type}</tpEvento>"
        f"<nSeqEvento>{sequence}</nSeqEvento><dhRegEvento>2026-09-03T12:00:05-03:00"
        f"</dhRegEvento><nProt>135260000000777</nProt></infEvento></retEvento></procEventoNFe>"
    ).encode()


def danfe_pdf(
    nfe: GeneratedNFe,
    *,
    emitter_name: str = "Emitente Teste Ltda",
    receiver_name: str = "Destinatário Teste S/A",
    with_stub: bool = True,
    with_receiver_box: bool = True,
    access_key: str | None = None,
) -> bytes:
    """A one-page DANFE-like PDF of ``nfe``: the labelled boxes of the MOC layout that the
    PDF reader relies on (receipt stub, emitter box beside the title, key, receiver row,
    total), in Helvetica with WinAnsiEncoding so accented names survive the round trip.
    ``access_key`` replaces the printed key (e.g. with a wrong check digit)."""
    printed = access_key if access_key is not None else nfe.access_key
    key = " ".join(printed[i : i + 4] for i in range(0, len(printed), 4))
    day = f"{nfe.issued_at[8:10]}/{nfe.issued_at[5:7]}/{nfe.issued_at[:4]}"
    receiver = _formatted_cnpj(nfe.receiver_cnpj)
    total = f"{nfe.total:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    lines: list[tuple[int, int, str]] = []
    if with_stub:
        lines.append(
            (30, 810, f"RECEBEMOS DE {emitter_name} OS PRODUTOS/SERVIÇOS CONSTANTES DA NOTA")
        )
    lines += [
        (30, 780, emitter_name),
        (300, 780, "DANFE"),
        (300, 760, "CHAVE DE ACESSO"),
        (300, 748, key),
        (450, 720, f"EMISSÃO: {day}"),
    ]
    if with_receiver_box:
        lines += [
            (30, 700, "DESTINATÁRIO / REMETENTE"),
            (30, 688, "NOME / RAZÃO SOCIAL"),
            (300, 688, "CNPJ / CPF"),
            (450, 688, "DATA DA EMISSÃO"),
            (30, 676, receiver_name),
            (300, 676, receiver),
            (450, 676, day),
        ]
    lines += [
        (30, 640, "VALOR TOTAL DOS PRODUTOS"),
        (450, 640, "VALOR TOTAL DA NOTA"),
        (30, 628, f"{nfe.products}".replace(".", ",")),
        (450, 628, total),
    ]
    return pdf_page(lines)


def _formatted_cnpj(cnpj: str) -> str:
    return f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}"


def pdf_page(
    lines: Sequence[tuple[float, float, str] | tuple[float, float, str, float, float]],
) -> bytes:
    """A minimal PDF 1.4 file with one page of text lines: (x, y, text) in 8 pt Helvetica,
    or (x, y, text, font size, angle in degrees), e.g. for a diagonal watermark."""

    def line(x: float, y: float, text: str, size: float = 8, angle: float = 0) -> bytes:
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return (
            f"/F1 {size} Tf {cos:.4f} {sin:.4f} {-sin:.4f} {cos:.4f} {x} {y} Tm (".encode()
            + escaped.encode("cp1252")
            + b") Tj"
        )

    content = b"BT " + b" ".join(line(*spec) for spec in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        start,
    )
    return bytes(output)
