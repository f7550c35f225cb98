"""DANFE (and DACTE) PDFs, read with pdfplumber: a lower-confidence rendering of an NF-e.

The access key is the anchor: it is found in the text (44 digits, often in groups of four),
its check digit must be valid, and its decomposition gives model, series, number and the
emitter's CNPJ. The emitter's name, the receiver (name and CNPJ/CPF), the issue date and the
total are read from the labelled boxes of the layout (MOC, "Leiaute do DANFE") when found;
a name that cannot be read is a warning, not an error.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

import pdfplumber

from backend.core.errors import Location, ParseError
from backend.fiscal.ids import (
    AccessKey,
    is_valid_cnpj,
    is_valid_cpf,
    parse_access_key,
    strip_document,
)
from backend.fiscal.model import (
    CONFIDENCE_PDF,
    DocumentKind,
    DocumentWarning,
    FiscalDocument,
    Party,
    Totals,
)

_MAX_PAGES = 20
_KEY = re.compile(r"(?<![0-9])((?:[0-9]{4}[ .]?){10}[0-9]{4})(?![0-9])")
_DATE = re.compile(r"\b([0-3][0-9]/[01][0-9]/[12][0-9]{3})\b")
_MONEY = r"((?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),[0-9]{2})"
_TOTAL = re.compile(r"VALOR TOTAL DA NOTA[^\n]*\n(?:[^\n]*?\s)?" + _MONEY + r"\s*$", re.MULTILINE)
_TOTAL_INLINE = re.compile(r"VALOR TOTAL(?: DA NOTA| A RECEBER)?:?\s*(?:R\$\s*)?" + _MONEY)
_DOCUMENT = re.compile(
    r"\b([0-9]{2}\.[0-9]{3}\.[0-9]{3}/[0-9]{4}-[0-9]{2}|[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2})\b"
)
# The emitter's name: in the receipt stub ("RECEBEMOS DE <name> OS PRODUTOS ..."), else the
# first line of the emitter box, printed beside the "DANFE" title, else below the label
# "IDENTIFICAÇÃO DO EMITENTE" that some generators print.
_EMITTER_NAMES = (
    re.compile(r"RECEBEMOS DE\s+([^\n]+?)\s+OS PRODUTOS"),
    re.compile(r"^(?!RECEBEMOS)([^\n]+?)\s+DANFE\s*$", re.MULTILINE),
    re.compile(r"IDENTIFICA[ÇC][ÃA]O DO EMITENTE\s*\n\s*([^\n]+)"),
)
# The receiver box: its first row is NOME/RAZÃO SOCIAL | CNPJ/CPF | DATA DA EMISSÃO.
_RECEIVER_BOX = re.compile(r"DESTINAT[ÁA]RIO\s*/\s*REMETENTE")
_RECEIVER_HEADER = re.compile(
    r"NOME\s*/\s*RAZ[ÃA]O\s+SOCIAL\s+CNPJ\s*/\s*CPF\s+DATA\s+DA\s+EMISS[ÃA]O"
)
# Longest name the layouts allow (xNome is 60 characters) plus room for extraction noise.
_MAX_NAME = 80


def parse_danfe_pdf(data: bytes) -> FiscalDocument:
    """A FiscalDocument (kind danfe, confidence 0.6) from a DANFE/DACTE PDF.

    Fails with INVALID_ACCESS_KEY when the printed 44-digit key fails its check digit
    (the PDF cannot be linked to its XML), MISSING_FIELD when there is no key at all.
    """
    text = _pdf_text(data)
    parts, candidates = _find_key(text)
    if parts is None:
        if candidates:
            raise ParseError(
                "INVALID_ACCESS_KEY",
                f"the access key printed in the PDF ({candidates[0]}) fails its check digit",
                Location(path="pdf:text"),
            )
        raise ParseError(
            "MISSING_FIELD",
            "no 44-digit access key found in the PDF",
            Location(path="pdf:text"),
        )
    warnings: list[DocumentWarning] = []
    total = _find_total(text)
    if total is None:
        warnings.append(
            DocumentWarning("PDF_TOTAL_NOT_FOUND", "the total could not be read", "pdf:text")
        )
    issuer = parts.issuer[3:] if parts.issuer_is_cpf else parts.issuer
    emitter_name = _find_emitter_name(text)
    receiver = _find_receiver(text, issuer)
    for role, name in (("emitter", emitter_name), ("receiver", receiver and receiver.name)):
        if name is None:
            warnings.append(
                DocumentWarning(
                    "PDF_NAME_NOT_FOUND", f"the {role}'s name could not be read", "pdf:text"
                )
            )
    return FiscalDocument(
        kind=DocumentKind.DANFE,
        layout="danfe-pdf",
        access_key=parts.key,
        number=str(int(parts.number)),
        series=str(int(parts.series)),
        issued_at=_find_date(text),
        emitter=Party(
            document=issuer,
            document_type="cpf" if parts.issuer_is_cpf else "cnpj",
            name=emitter_name,
        ),
        receiver=receiver,
        totals=Totals(total=total if total is not None else Decimal(0)),
        model=parts.model,
        confidence=CONFIDENCE_PDF,
        warnings=tuple(warnings),
    )


def _pdf_text(data: bytes) -> str:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages[:_MAX_PAGES]
            return "\n".join(page.extract_text() or "" for page in pages)
    except Exception as error:
        raise ParseError(
            "PDF_UNREADABLE", f"the PDF cannot be read: {type(error).__name__}", Location()
        ) from None


def _find_key(text: str) -> tuple[AccessKey | None, list[str]]:
    """The first valid key, and every 44-digit candidate seen (for the error message)."""
    candidates: list[str] = []
    for match in _KEY.finditer(text):
        parts = parse_access_key(match.group(1))
        if parts is not None:
            return parts, candidates
        candidates.append(strip_document(match.group(1)))
    return None, candidates


def _find_date(text: str) -> datetime | None:
    anchor = text.find("EMISSÃO")
    match = _DATE.search(text, anchor if anchor >= 0 else 0) or _DATE.search(text)
    if match is None:
        return None
    return datetime.strptime(match.group(1), "%d/%m/%Y")


def _find_total(text: str) -> Decimal | None:
    match = _TOTAL.search(text) or _TOTAL_INLINE.search(text)
    if match is None:
        return None
    try:
        return Decimal(match.group(1).replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def _find_emitter_name(text: str) -> str | None:
    for pattern in _EMITTER_NAMES:
        match = pattern.search(text)
        if match is not None:
            name = _clean_name(match.group(1))
            if name is not None:
                return name
    return None


def _find_receiver(text: str, issuer: str) -> Party | None:
    """The receiver from its box (name and document on the row under the header), else the
    first valid CNPJ/CPF in the text that is not the issuer's, without a name."""
    box = _RECEIVER_BOX.search(text)
    header = _RECEIVER_HEADER.search(text, box.end()) if box is not None else None
    if header is not None:
        row = _DOCUMENT.search(text, header.end())
        if row is not None:
            party = _party(strip_document(row.group(1)))
            if party is not None:
                name = _clean_name(text[header.end() : row.start()])
                return Party(document=party.document, document_type=party.document_type, name=name)
    for match in _DOCUMENT.finditer(text):
        document = strip_document(match.group(1))
        if document != issuer:
            party = _party(document)
            if party is not None:
                return party
    return None


def _party(document: str) -> Party | None:
    if len(document) == 14 and is_valid_cnpj(document):
        return Party(document=document, document_type="cnpj")
    if len(document) == 11 and is_valid_cpf(document):
        return Party(document=document, document_type="cpf")
    return None


def _clean_name(raw: str) -> str | None:
    """A name as printed, without the one-letter lines that a vertical watermark ("SEM
    VALOR FISCAL") leaves between the text lines; None when nothing plausible is left."""
    words = [line.strip() for line in raw.splitlines() if len(line.strip()) > 1]
    name = " ".join(" ".join(words).split())
    if not name or len(name) > _MAX_NAME or not any(c.isalpha() for c in name):
        return None
    return name
