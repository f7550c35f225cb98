"""DANFE and DACTE PDFs, read with pdfplumber: a lower-confidence rendering of an NF-e/CT-e.

The first page is the document's face: it must carry the layout's title (DANFE, DANFE
Simplificado, DANFE NFC-e, DACTE, or a "DOCUMENTO AUXILIAR ..." title) and the access key.
The key is the anchor: it is found in the text (44 digits, often in groups of four; the one
under the "CHAVE DE ACESSO" label first), its model must be the title's (55/65 for a DANFE,
57/67 for a DACTE), and its decomposition gives model, series, number and the emitter's
CNPJ. A wrong check digit is the warning INVALID_ACCESS_KEY and the key is kept as printed,
as the XML readers keep it: the rendering of an XML whose key fails the check then links to
that XML instead of being refused. The emitter's name, the receiver (name and CNPJ/CPF;
the tomador for a DACTE, as for CT-e XML), the issue date and the total are read from the
labelled boxes of the layouts (MOC, "Leiaute do DANFE/DACTE") when found; a name that cannot
be read is a warning, not an error. The DANFE NFC-e (model 65, a receipt) is read by its own
rules: the emitter's name above its CNPJ line in the header, the receiver from the
"CONSUMIDOR" block only ("CONSUMIDOR NÃO IDENTIFICADO" is no receiver), and no warning for a
consumer without a name, which the NFC-e does not require. Diagonal watermarks ("SEM VALOR
FISCAL", "CANCELADA") are dropped before reading, so their letters do not land inside keys,
names and amounts.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import pdfplumber

from backend.core.errors import Location, ParseError
from backend.fiscal.ids import (
    AccessKey,
    is_valid_access_key,
    is_valid_cnpj,
    is_valid_cpf,
    split_access_key,
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
# Body text of every layout is 5-14 pt; watermarks are 35-80 pt and drawn diagonally.
_WATERMARK_SIZE = 24.0
_KEY = re.compile(r"(?<![0-9])((?:[0-9]{4}[ .]?){10}[0-9]{4})(?![0-9])")
_KEY_LABEL = re.compile(r"CHAVE\s*DE\s*ACESSO", re.IGNORECASE)
_DATE = re.compile(r"\b([0-3][0-9]/[01][0-9]/[12][0-9]{3})\b")
_MONEY = r"((?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),[0-9]{2})"
_MONEY_WORD = re.compile(r"(?:R\$)?" + _MONEY)
# Text fallbacks when the words' positions do not give the total.
_TOTAL_TEXT = (
    re.compile(r"VALOR TOTAL DA NOTA[^\n]*\n(?:[^\n]*?\s)?" + _MONEY + r"\s*$", re.MULTILINE),
    re.compile(r"VALOR TOTAL(?: DA NOTA| A RECEBER)?:?\s*(?:R\$\s*)?" + _MONEY),
)
_DOCUMENT = re.compile(
    r"\b([0-9]{2}\.[0-9]{3}\.[0-9]{3}/[0-9]{4}-[0-9]{2}|[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2})\b"
)
# A CNPJ/CPF after its label, formatted or not ("CNPJ/CPF 99999999000191", "CPF: 123...").
_LABELLED_DOCUMENT = re.compile(
    r"\b(?:CNPJ\s*/\s*CPF|CPF\s*/\s*CNPJ|CNPJ|CPF)\s*:?\s*([0-9][0-9./-]{10,17}[0-9])(?![0-9])"
)
# The emitter's name: in the receipt stub ("RECEBEMOS DE <name> OS PRODUTOS ..."), else the
# first line of the emitter box, printed beside the "DANFE" title, else below the label
# "IDENTIFICAÇÃO DO EMITENTE" or "EMITENTE" (DANFE Simplificado) that some generators print.
_EMITTER_NAMES = (
    # Landscape layouts print the stub vertically: one word per line.
    re.compile(r"RECEBEMOS\s+DE\s+(.+?)\s+OS\s+PRODUTOS", re.DOTALL),
    re.compile(r"^(?!RECEBEMOS)([^\n]+?)\s+DANFE\s*$", re.MULTILINE),
    re.compile(r"IDENTIFICA[ÇC][ÃA]O DO EMITENTE\s*\n\s*([^\n]+)"),
    re.compile(r"^EMITENTE\s*\n\s*([^\n]+)", re.MULTILINE),
)
# The DANFE receiver box: its first row is NOME/RAZÃO SOCIAL | CNPJ/CPF | DATA DA EMISSÃO.
_RECEIVER_BOX = re.compile(r"DESTINAT[ÁA]RIO\s*/\s*REMETENTE")
_RECEIVER_HEADER = re.compile(
    r"NOME\s*/\s*RAZ[ÃA]O\s+SOCIAL\s+CNPJ\s*/\s*CPF\s+DATA\s+D[AE]\s+EMISS[ÃA]O"
)
# The receiver block of the DANFE Simplificado (an NFC-e's is read by _find_consumer): the
# label alone on its line, then the name and the CNPJ/CPF within a few lines.
_RECEIVER_BLOCK = re.compile(r"^(?:DESTINAT[ÁA]RIO|CONSUMIDOR)\b[ \t:-]*", re.MULTILINE)
_RECEIVER_BLOCK_SPAN = 300
# The DACTE tomador box ("TOMADOR DO SERVIÇO <name> MUNICÍPIO ..."), up to the next box; the
# header field of the same name only names the role (REMETENTE, DESTINATÁRIO, ...).
_PAYER_BOX = re.compile(r"TOMADOR\s+DO\s+SERVI[ÇC]O")
_PAYER_BOX_END = re.compile(
    r"REMETENTE|DESTINAT[ÁA]RIO|EXPEDIDOR|RECEBEDOR|TIPO\s+MEDIDA|COMPONENTES|CFOP"
)
_PAYER_BOX_SPAN = 400
_PAYER_NAME_END = re.compile(r"\s+(?:MUNIC[ÍI]PIO|ENDERE[ÇC]O|CNPJ|CPF|UF|CEP|IE)\b|$")
# The DACTE emitter box is left of the "DACTE" title; its first line is the emitter's name,
# level with the title's top (the receipt stub's last row is at least 15 pt higher).
_DACTE_BOX_ABOVE = 10.0
_DACTE_BOX_DEPTH = 60.0
# Words further apart than this many times their height belong to different boxes.
_CLUSTER_GAP = 2.0
# Lines of a box that are labels or address, never the name.
_NOT_A_NAME = re.compile(
    r"^(?:CNPJ|CPF|IE|I\.E\.|INSC|END|ENDERECO|RUA|AV|AVENIDA|BAIRRO|FONE|TEL|TELEFONE|CEP"
    r"|MUNICIPIO|UF|MODAL|DOCUMENTO|DACTE)\b"
)
# An address or phone line of the NFC-e header: a CEP, a phone number or "City - UF" (a
# name may end in "- ME" or "- EPP", which are no UF).
_ADDRESS = re.compile(
    r"[0-9]{5}-?[0-9]{3}\b|\([0-9]{2}\)|\s-\s?(?:AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB"
    r"|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO)\b"
)
# A space is about a quarter of the text's height wide.
_SPACE = 0.25
# The NFC-e consumer block: "CONSUMIDOR" opening a line (not the title's wrapped "Consumidor
# Eletrônica"), then the CPF/CNPJ and the name within a few lines.
_CONSUMER = re.compile(r"CONSUMIDOR\b(?!\s+ELETR)")
_NO_CONSUMER = re.compile(r"CONSUMIDOR\s+NAO\s+IDENTIFICADO")
_CONSUMER_LINES = 3
# Longest name the layouts allow (xNome is 60 characters) plus room for extraction noise.
_MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class _Title:
    """A layout recognised by its title, and the key models it may carry."""

    name: str
    models: frozenset[str]


_NFE = _Title("DANFE", frozenset({"55", "65"}))
_CTE = _Title("DACTE", frozenset({"57", "67"}))
_MDFE = _Title("DAMDFE", frozenset({"58"}))
# Another auxiliary document (e.g. the DANFSe, whose NFS-e key has 50 digits).
_OTHER = _Title("auxiliary document", frozenset())
# Checked in order on the first page's text, folded (upper case, no accents); some
# generators' text comes out without spaces ("DocumentoAuxiliardaNFS-e"). A DAMDFE lists
# CT-e and NF-e, a DACTE lists NF-e, so the narrower titles come first.
_TITLES = (
    (_MDFE, re.compile(r"\bDAMDFE\b|DOCUMENTO\s*AUXILIAR\s*D[OE]\s*MANIFESTO")),
    (_CTE, re.compile(r"\bDACTE\b|DOCUMENTO\s*AUXILIAR\s*DO\s*CONHECIMENTO\s*DE\s*TRANSPORTE")),
    (
        _NFE,
        re.compile(
            r"\bDANFE\b|DOCUMENTO\s*AUXILIAR\s*DA\s*NOTA\s*FISCAL\s*(?:DE\s*CONSUMIDOR\s*)?ELETR"
        ),
    ),
    (_OTHER, re.compile(r"\bDANFS-?E|DOCUMENTO\s*AUXILIAR")),
)
# Labels of the total, most specific first: the CT-e total is vTPrest (the service's total),
# "a receber" (vRec) only when that is missing; for NFC-e "valor a pagar" is vNF.
_TOTAL_LABELS: dict[str, tuple[tuple[str, ...], ...]] = {
    _NFE.name: (
        ("VALOR", "TOTAL", "DA", "NOTA"),
        ("TOTAL", "DA", "NF-E"),
        ("VALOR", "A", "PAGAR"),
        ("VALOR", "TOTAL", "DA", "NFC-E"),
    ),
    _CTE.name: (
        ("VALOR", "TOTAL", "DA", "PRESTACAO"),
        ("VALOR", "TOTAL", "DO", "SERVICO"),
        ("VALOR", "TOTAL", "A", "RECEBER"),
    ),
}
# How far below its label (in points) a box's value may sit: boxes are about 20 pt high.
_BELOW = 30.0
# How far (in points) a centred value may start left of its label, or end past the next one.
_BOX_SLACK = 8.0


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    folded: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str


@dataclass(frozen=True, slots=True)
class _Page:
    text: str
    words: tuple[_Word, ...]


def parse_danfe_pdf(data: bytes) -> FiscalDocument:
    """A FiscalDocument (kind danfe, confidence 0.6) from a DANFE or DACTE PDF.

    Fails with UNRECOGNIZED_FORMAT when the first page carries no auxiliary-document title
    (a manual, a boleto), UNSUPPORTED_KIND for a DAMDFE (MDF-e), INVALID_ACCESS_KEY when the
    printed key is of another model than the title's (the PDF cannot be linked to its XML),
    MISSING_FIELD when there is no key at all. A key whose check digit fails is kept, with
    the warning INVALID_ACCESS_KEY.
    """
    title, pages = _read_pages(data)
    if title is None:
        raise ParseError(
            "UNRECOGNIZED_FORMAT",
            "the PDF is not a DANFE or DACTE: its first page carries no such title",
            Location(path="pdf:text"),
        )
    if title is _MDFE:
        raise ParseError(
            "UNSUPPORTED_KIND",
            "DAMDFE (MDF-e, manifesto) is recognised but not supported",
            Location(path="pdf:text"),
        )
    parts = _find_key(pages[0].text, title)
    text = "\n".join(page.text for page in pages)
    warnings: list[DocumentWarning] = []
    if not is_valid_access_key(parts.key):
        warnings.append(
            DocumentWarning(
                "INVALID_ACCESS_KEY",
                f"the access key printed in the PDF ({parts.key}) fails its check digit",
                "pdf:text",
            )
        )
    total = _find_total(pages, title)
    if total is None:
        warnings.append(
            DocumentWarning("PDF_TOTAL_NOT_FOUND", "the total could not be read", "pdf:text")
        )
    issuer = parts.issuer[3:] if parts.issuer_is_cpf else parts.issuer
    consumer_receipt = parts.model == "65"
    roles: tuple[str, ...] = ("emitter", "receiver")
    if title is _CTE:
        emitter_name = _dacte_emitter_name(pages[0]) or _find_emitter_name(text)
        receiver = _find_payer(text)
    elif consumer_receipt:
        emitter_name = _receipt_emitter_name(pages[0], issuer)
        receiver = _find_consumer(pages)
        roles = ("emitter",)
    else:
        emitter_name = _find_emitter_name(text)
        receiver = _find_receiver(text, issuer)
    names = {"emitter": emitter_name, "receiver": receiver and receiver.name}
    for role in roles:
        if names[role] is None:
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


def _read_pages(data: bytes) -> tuple[_Title | None, list[_Page]]:
    """The layout's title and the pages' text and words; only the first page when it
    carries no title (a 100-page manual is not read to the end to be refused)."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                return None, []
            first = _read_page(pdf.pages[0])
            title = _find_title(first.text)
            if title is None or title is _MDFE:
                return title, [first]
            return title, [first, *map(_read_page, pdf.pages[1:_MAX_PAGES])]
    except Exception as error:
        raise ParseError(
            "PDF_UNREADABLE", f"the PDF cannot be read: {type(error).__name__}", Location()
        ) from None


def _read_page(page: Any) -> _Page:
    kept = page.filter(_not_watermark)
    words = tuple(
        _Word(w["text"], _fold(w["text"]), w["x0"], w["x1"], w["top"], w["bottom"], w["fontname"])
        for w in kept.extract_words(extra_attrs=["fontname"])
    )
    return _Page(kept.extract_text() or "", words)


def _not_watermark(obj: dict[str, Any]) -> bool:
    """False for the characters of a watermark: very large, or drawn diagonally."""
    if obj.get("object_type") != "char":
        return True
    a, b = obj.get("matrix", (1.0, 0.0))[:2]
    return bool(obj.get("size", 0.0) < _WATERMARK_SIZE and (abs(a) < 0.05 or abs(b) < 0.05))


def _fold(text: str) -> str:
    """Upper case without accents, for comparing labels."""
    decomposed = unicodedata.normalize("NFKD", text.upper())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _find_title(text: str) -> _Title | None:
    """The layout of a first page: its title, beside an access key or the key's label (a
    manual's cover or a boleto may name a DANFE; it does not print a key)."""
    if _KEY_LABEL.search(text) is None and _KEY.search(text) is None:
        return None
    folded = _fold(text)
    for title, pattern in _TITLES:
        if pattern.search(folded):
            return title
    return None


def _key_candidates(text: str) -> Iterator[str]:
    """The 44-digit strings of the page, those after the "CHAVE DE ACESSO" label first
    (a DACTE lists the NF-e it carries, a DANFE may reference others)."""
    label = _KEY_LABEL.search(text)
    start = label.end() if label is not None else 0
    seen = [strip_document(m.group(1)) for m in _KEY.finditer(text, start)]
    seen += [strip_document(m.group(1)) for m in _KEY.finditer(text, 0, start)]
    return iter(seen)


def _find_key(text: str, title: _Title) -> AccessKey:
    """The key of the first page: the first candidate of the title's models, whatever its
    check digit (a later valid one is a listed or referenced document, not this one)."""
    candidates = list(_key_candidates(text))
    own = [
        parts
        for key in candidates
        if (parts := split_access_key(key)) is not None and parts.model in title.models
    ]
    if own:
        return own[0]
    if candidates:
        models = "/".join(sorted(title.models)) or "55/57/65/67"
        raise ParseError(
            "INVALID_ACCESS_KEY",
            f"the access key printed in the {title.name} ({candidates[0]}) is not of "
            f"model {models}",
            Location(path="pdf:text"),
        )
    raise ParseError(
        "MISSING_FIELD",
        f"no 44-digit access key found in the {title.name} PDF",
        Location(path="pdf:text"),
    )


def _find_date(text: str) -> datetime | None:
    """The issue date: the first valid dd/mm/yyyy after "EMISSÃO", else anywhere."""
    anchor = text.find("EMISSÃO")
    for start in (anchor, 0) if anchor >= 0 else (0,):
        for match in _DATE.finditer(text, start):
            try:
                return datetime.strptime(match.group(1), "%d/%m/%Y")
            except ValueError:
                # 31/02 or 13/00 in a damaged or odd text: not a date, look further.
                continue
    return None


def _find_total(pages: Sequence[_Page], title: _Title) -> Decimal | None:
    """The total from the box of its label (the value beside or under it), else from the
    text; labels are tried in order over all pages, so the most specific one wins."""
    for label in _TOTAL_LABELS.get(title.name, ()):
        for page in pages:
            for start in _label_positions(page.words, label):
                value = _value_of(page.words, start, len(label))
                if value is not None:
                    return value
    text = "\n".join(page.text for page in pages)
    for pattern in _TOTAL_TEXT:
        match = pattern.search(text)
        if match is not None:
            return _decimal(match.group(1))
    return None


def _label_positions(words: Sequence[_Word], label: tuple[str, ...]) -> Iterator[int]:
    """Indexes of the first word of each occurrence of ``label`` on one line."""
    size = len(label)
    for index in range(len(words) - size + 1):
        span = words[index : index + size]
        if all(word.folded == part for word, part in zip(span, label, strict=True)) and all(
            _same_line(span[0], word) for word in span[1:]
        ):
            yield index


def _same_line(a: _Word, b: _Word) -> bool:
    return min(a.bottom, b.bottom) - max(a.top, b.top) > 0


def _value_of(words: Sequence[_Word], start: int, size: int) -> Decimal | None:
    """The amount printed right after a label on its line ("TOTAL DA NF-e R$ 689,91"), else
    the nearest one under it in the same box: from the label's start (values are centred
    or right-aligned) to the next label on the label's line."""
    first, last = words[start], words[start + size - 1]
    after = sorted(
        (w for w in words if w.x0 >= last.x1 - 0.5 and _same_line(last, w)), key=lambda w: w.x0
    )
    for word in after:
        if word.text in ("R$", "R$:", ":"):
            continue
        match = _MONEY_WORD.fullmatch(word.text)
        if match is not None:
            return _decimal(match.group(1))
        break
    right = after[0].x0 if after else float("inf")
    below = [
        w
        for w in words
        if w.top >= last.bottom - 0.5
        and w.top - last.bottom <= _BELOW
        and (w.x0 + w.x1) / 2 >= first.x0 - _BOX_SLACK
        and w.x1 <= right + _BOX_SLACK
        and _MONEY_WORD.fullmatch(w.text)
    ]
    if not below:
        return None
    nearest = min(below, key=lambda w: (round(w.top - last.bottom), w.x0))
    match = _MONEY_WORD.fullmatch(nearest.text)
    return _decimal(match.group(1)) if match is not None else None


def _decimal(money: str) -> Decimal | None:
    try:
        return Decimal(money.replace(".", "").replace(",", "."))
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


def _lines(words: Sequence[_Word]) -> list[list[_Word]]:
    """Words grouped in lines, top to bottom, each line left to right."""
    lines: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and _same_line(lines[-1][0], word):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _first_cluster(line: Sequence[_Word]) -> list[_Word]:
    """The leftmost run of words of a line, up to a gap wider than the text is high (the
    next box's text on the same line)."""
    cluster = [line[0]]
    for word in line[1:]:
        previous = cluster[-1]
        if word.x0 - previous.x1 > _CLUSTER_GAP * (previous.bottom - previous.top):
            break
        cluster.append(word)
    return cluster


def _joined(words: Sequence[_Word]) -> str:
    return " ".join(word.text for word in words)


def _dacte_emitter_name(page: _Page) -> str | None:
    """The first line of the DACTE emitter box (left of the "DACTE" title, from its top
    down) that is not a label or an address line."""
    title = next((word for word in page.words if word.folded == "DACTE"), None)
    if title is None:
        return None
    box = [
        word
        for word in page.words
        if word.x1 <= title.x0
        and title.top - _DACTE_BOX_ABOVE <= word.top <= title.bottom + _DACTE_BOX_DEPTH
    ]
    for line in _lines(box):
        cluster = _first_cluster(line)
        name = _clean_name(_joined(cluster))
        if name is not None and not _NOT_A_NAME.match(_fold(name)):
            return name
    return None


def _receipt_emitter_name(page: _Page, issuer: str) -> str | None:
    """The NFC-e emitter's name, in the header above the title: the line above the
    emitter's CNPJ/CPF line (with the line before it when the name wrapped); else, when that
    line is the address (layouts that print the CNPJ under it), the header's first line."""
    lines = _lines(page.words)
    end = next(
        (
            index
            for index, line in enumerate(lines)
            if re.search(r"\bDANFE\b|DOCUMENTO\s+AUXILIAR", _fold(_joined(line)))
        ),
        len(lines),
    )
    header = [line for line in lines[:end] if _clean_name(_joined(line)) is not None]
    if not header:
        return None
    at = next((i for i, line in enumerate(header) if _is_issuer_line(line, issuer)), None)
    if at is not None and at > 0 and _plausible_name(header[at - 1]):
        width = _text_width(lines)
        start = at - 1
        while (
            start > 0
            and _plausible_name(header[start - 1])
            and _wrapped(header[start - 1], header[start], width)
        ):
            start -= 1
        return _clean_name(" ".join(_joined(line) for line in header[start:at]))
    first = header[0]
    return _clean_name(_joined(first)) if _plausible_name(first) else None


def _is_issuer_line(line: Sequence[_Word], issuer: str) -> bool:
    text = _joined(line)
    if _fold(text).startswith(("CNPJ", "CPF")):
        return True
    return any(strip_document(m.group(1)) == issuer for m in _DOCUMENT.finditer(text))


def _plausible_name(line: Sequence[_Word]) -> bool:
    text = _fold(_joined(line))
    return _NOT_A_NAME.match(text) is None and _ADDRESS.search(text) is None


def _text_width(lines: Sequence[Sequence[_Word]]) -> float:
    """The width of the widest line: the printable width, near enough."""
    return max((line[-1].x1 - line[0].x0 for line in lines), default=0.0)


def _wrapped(line: Sequence[_Word], following: Sequence[_Word], width: float) -> bool:
    """Whether ``following`` continues ``line``: it is in the same font and its first word
    would not have fit after the line's last one (a bold trade name above the name is no
    wrapped line)."""
    first, last = following[0], line[-1]
    height = last.bottom - last.top
    if first.font != last.font or abs((first.bottom - first.top) - height) > 0.5:
        return False
    return (last.x1 - line[0].x0) + _SPACE * height + (first.x1 - first.x0) > width + 0.5


def _find_consumer(pages: Sequence[_Page]) -> Party | None:
    """The NFC-e consumer: the CPF/CNPJ of the "CONSUMIDOR" block, with the name printed
    after it ("CONSUMIDOR - CPF ... - NAME", continued on the next line when it wrapped) or
    before it ("Consumidor: NAME 123.456.789-09"); None when the consumer is not identified
    or the block carries no valid CPF/CNPJ."""
    for page in pages:
        lines = _lines(page.words)
        width = _text_width(lines)
        for index, line in enumerate(lines):
            folded = _fold(_joined(line))
            block = _CONSUMER.match(folded)
            if block is None:
                continue
            if _NO_CONSUMER.match(folded):
                return None
            return _consumer(lines[index : index + _CONSUMER_LINES], block.end(), width)
    return None


def _consumer(lines: Sequence[Sequence[_Word]], label_end: int, width: float) -> Party | None:
    """The consumer of a block's lines; the first line's label ends at ``label_end``."""
    texts = [_joined(line) for line in lines]
    texts[0] = texts[0][label_end:]
    for at, text in enumerate(texts):
        found = _LABELLED_DOCUMENT.search(text) or _DOCUMENT.search(text)
        if found is None:
            continue
        party = _party(strip_document(found.group(1)))
        if party is None:
            return None
        after = [text[found.end() :].strip(" -=:")]
        for previous, following in zip(lines[at:], lines[at + 1 :], strict=False):
            if not (_plausible_name(following) and _wrapped(previous, following, width)):
                break
            after.append(_joined(following))
        before = " ".join([*texts[:at], text[: found.start()]])
        # The label in front of the number ("CPF:", "CNPJ") is not part of a name.
        before = re.sub(r"(?:CNPJ|CPF)\s*:?\s*$", "", before.strip()).strip(" -=:")
        return _named(party, _clean_name(" ".join(after)) or _clean_name(before))
    return None


def _find_receiver(text: str, issuer: str) -> Party | None:
    """The receiver from its box (name and document on the row under the header), else
    from a receiver block (DANFE Simplificado, NFC-e), else the first valid CNPJ/CPF in the
    text that is not the issuer's, without a name."""
    box = _RECEIVER_BOX.search(text)
    header = _RECEIVER_HEADER.search(text, box.end()) if box is not None else None
    if header is not None:
        row = _DOCUMENT.search(text, header.end())
        if row is not None:
            party = _party(strip_document(row.group(1)))
            if party is not None:
                name = _clean_name(text[header.end() : row.start()])
                return _named(party, name)
    for block in _RECEIVER_BLOCK.finditer(text):
        span = text[block.end() : block.end() + _RECEIVER_BLOCK_SPAN]
        found = _LABELLED_DOCUMENT.search(span)
        party = _party(strip_document(found.group(1))) if found is not None else None
        if found is not None and party is not None:
            before = span[: found.start()]
            after = span[found.end() :].split("\n", 1)[0].strip(" -")
            # NFC-e prints "CONSUMIDOR - CPF: ... - NAME" on one line.
            return _named(party, _clean_name(before) or _clean_name(after))
    for match in _DOCUMENT.finditer(text):
        document = strip_document(match.group(1))
        if document != issuer:
            party = _party(document)
            if party is not None:
                return party
    return None


def _find_payer(text: str) -> Party | None:
    """The DACTE's tomador: the CNPJ/CPF of the "TOMADOR DO SERVIÇO" box and the name on the
    label's line. The canonical receiver of a CT-e is its payer (see the CT-e parser)."""
    for box in _PAYER_BOX.finditer(text):
        span = text[box.end() : box.end() + _PAYER_BOX_SPAN]
        end = _PAYER_BOX_END.search(span)
        span = span[: end.start()] if end is not None else span
        found = _LABELLED_DOCUMENT.search(span) or _DOCUMENT.search(span)
        party = _party(strip_document(found.group(1))) if found is not None else None
        if party is not None:
            line = span.split("\n", 1)[0]
            name_end = _PAYER_NAME_END.search(line)
            return _named(party, _clean_name(line[: name_end.start() if name_end else None]))
    return None


def _named(party: Party, name: str | None) -> Party:
    return Party(document=party.document, document_type=party.document_type, name=name)


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
