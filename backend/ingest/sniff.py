"""Recognising what a blob is from its bytes (never from its file name)."""

from __future__ import annotations

import codecs
import re
from enum import StrEnum


class Kind(StrEnum):
    """What ``sniff`` recognised."""

    NFE = "nfe"
    NFCE = "nfce"
    NFE_EVENT = "nfe_event"
    CTE = "cte"
    CTE_EVENT = "cte_event"
    MDFE = "mdfe"
    NFSE_NACIONAL = "nfse_nacional"
    NFSE_NACIONAL_EVENT = "nfse_nacional_event"
    NFSE_ABRASF = "nfse_abrasf"
    NFSE_SP = "nfse_sp"
    NFSE_DSF = "nfse_dsf"
    NFSE_IPM = "nfse_ipm"
    XML_OTHER = "xml"
    PDF = "pdf"
    ZIP = "zip"
    OFX = "ofx"
    CNAB240 = "cnab240"
    CNAB400 = "cnab400"
    CSV = "csv"
    UNKNOWN = "unknown"


# Kinds that belong to backend.statements (bank files), not to backend.fiscal.
STATEMENT_KINDS = frozenset({Kind.OFX, Kind.CNAB240, Kind.CNAB400, Kind.CSV})

_NFE_NS = b"portalfiscal.inf.br/nfe"
_CTE_NS = b"portalfiscal.inf.br/cte"
_MDFE_NS = b"portalfiscal.inf.br/mdfe"
_NFSE_NACIONAL_NS = b"sped.fazenda.gov.br/nfse"
_SP_NS = b"prefeitura.sp.gov.br/nfe"
# São Paulo's record without its namespace: the key group and the provider's registration.
_SP_MARKERS = (b"<ChaveNFe>", b"<InscricaoPrestador>")
_DSF_MARKERS = (b"WsNFe", b"<Nota>", b"<ConsultaNFSe>")
_ABRASF_MARKERS = (b"InfNfse", b"infNfse", b"CompNfse", b"abrasf")
# IPM / Atende.net: a <nfse> or <retorno> root without namespace and lower-case snake_case
# fields that no other layout uses.
_IPM_ROOTS = (b"<nfse", b"<retorno")
_IPM_MARKERS = (b"<numero_nfse>", b"<cod_verificador_autenticidade>", b"<cpfcnpj>")
_OFX = re.compile(rb"OFXHEADER\s*:|<OFX>", re.IGNORECASE)
_CSV_DELIMITERS = (b";", b",", b"\t", b"|")
# How much of an XML file decides its layout in the common case.
_XML_HEAD = 2048


def sniff(data: bytes) -> Kind:
    """The kind of ``data``, looking at magic numbers, namespaces and record shapes."""
    head = data[:2048]
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    stripped = head.lstrip()
    if stripped.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return Kind.PDF
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return Kind.ZIP
    # The regex is case-insensitive and slow; a plain search rules most files out first.
    if b"OFX" in head.upper() and _OFX.search(head):
        return Kind.OFX
    if stripped.startswith(b"<") or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _sniff_xml(data)
    return _sniff_text(data)


def _sniff_xml(data: bytes) -> Kind:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    # The root element, its namespace and the layout's first groups come first: decide on
    # the head when it is enough. Substring search costs about 0.5 ns a byte, and each
    # test below would otherwise scan a whole 100 KB NF-e that does not contain it.
    head = data[:_XML_HEAD]
    kind = _xml_kind(head, data)
    if kind is Kind.XML_OTHER and len(data) > len(head):
        kind = _xml_kind(data, data)
    return kind


def _xml_kind(text: bytes, data: bytes) -> Kind:
    """The layout from markers in ``text`` (the head or all of ``data``)."""
    if _MDFE_NS in text:
        return Kind.MDFE
    if _CTE_NS in text:
        if b"infCte" in text:
            return Kind.CTE
        return Kind.CTE_EVENT if b"infEvento" in text else Kind.XML_OTHER
    if _NFE_NS in text:
        if b"infNFe" in text:
            return _nfe_model(data)
        if b"infEvento" in text:
            return Kind.NFE_EVENT
        return Kind.XML_OTHER
    if _NFSE_NACIONAL_NS in text:
        if b"infNFSe" in text or b"infDPS" in text:
            return Kind.NFSE_NACIONAL
        return Kind.NFSE_NACIONAL_EVENT if b"pedRegEvento" in text else Kind.XML_OTHER
    if _SP_NS in text:
        return Kind.NFSE_SP
    # Some ERPs strip the namespace: fall back on the signature groups of each layout.
    if b"<infMDFe" in text:
        return Kind.MDFE
    if b"<infNFe" in text:
        return _nfe_model(data)
    if b"<infCte" in text:
        return Kind.CTE
    if b"<infNFSe" in text or b"<infDPS" in text:
        return Kind.NFSE_NACIONAL
    # Before infEvento: a national NFS-e event wraps its request in one.
    if b"<infPedReg" in text:
        return Kind.NFSE_NACIONAL_EVENT
    if b"<infEvento" in text:
        return Kind.CTE_EVENT if b"<chCTe" in text else Kind.NFE_EVENT
    if all(marker in text for marker in _SP_MARKERS):
        return Kind.NFSE_SP
    if any(marker in text for marker in _ABRASF_MARKERS):
        return Kind.NFSE_ABRASF
    if any(marker in text for marker in _DSF_MARKERS):
        return Kind.NFSE_DSF
    if any(root in text for root in _IPM_ROOTS) and any(m in text for m in _IPM_MARKERS):
        return Kind.NFSE_IPM
    return Kind.XML_OTHER


def _nfe_model(data: bytes) -> Kind:
    """NFC-e when the first <mod> (ide/mod, near the top) says 65, else NF-e."""
    position = data.find(b"mod>")
    while position > 0:
        # The opening <mod> or <nfe:mod> comes before its closing tag; names that merely
        # end in "mod" (none in the layout today) are skipped by the check on the byte before.
        if data[position - 1] in b"<:":
            value = data[position + 4 : position + 16].split(b"<", 1)[0].strip()
            return Kind.NFCE if value == b"65" else Kind.NFE
        position = data.find(b"mod>", position + 4)
    return Kind.NFE


def _sniff_text(data: bytes) -> Kind:
    lines = data[:8192].splitlines()
    if not lines:
        return Kind.UNKNOWN
    first = lines[0].rstrip(b"\r\n")
    # CNAB records are fixed-width (240 or 400) but exports often trim trailing blanks, so
    # the header record's fixed fields decide: CNAB 240 starts bank(3) + lote 0000 + type 0;
    # CNAB 400 starts 0 + operation (1 remessa, 2 retorno) + its literal name.
    width = max(len(line.rstrip(b"\r\n")) for line in lines)
    if first[:3].isdigit() and first[3:8] == b"00000" and width <= 240 and len(lines) > 1:
        return Kind.CNAB240
    if first[:9] in (b"02RETORNO", b"01REMESSA") and width <= 400:
        return Kind.CNAB400
    if _looks_like_csv(lines):
        return Kind.CSV
    return Kind.UNKNOWN


def _looks_like_csv(lines: list[bytes]) -> bool:
    sample = [line for line in lines[:20] if line.strip()]
    if len(sample) < 2 or any(b"\x00" in line for line in sample):
        return False
    for delimiter in _CSV_DELIMITERS:
        counts = [line.count(delimiter) for line in sample]
        # Banks put a preamble above the header: the bulk of the lines must agree.
        common = max(set(counts), key=counts.count)
        if common >= 1 and counts.count(common) >= max(2, len(counts) // 2):
            return True
    return False
