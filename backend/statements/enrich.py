"""What a memo says beyond its text: the movement type, the counterparty and references.

Type rules are regular expressions over the folded memo (upper case, no accents) with a
priority: fees and taxes come first because their memos often name the service they
charge for ("TARIFA PIX ENVIADO" is a fee, not a Pix); the first rule, in that order,
that matches anywhere in the memo decides. Each rule is one compiled alternation, tried
only when the memo holds one of its hint words, and results are cached per memo because
statements repeat memos.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from backend.statements.documents import normalise_document
from backend.statements.model import Counterparty, TransactionType
from backend.statements.text import fold

# (pattern, type, hints): a rule can only match a memo that contains one of its hints,
# so plain substring tests skip most regular-expression scans (one scan of all the rules
# as a single alternation cost ~20 µs per memo seen for the first time).
_TYPE_RULES: tuple[tuple[str, TransactionType, tuple[str, ...]], ...] = (
    (
        r"^TAR\b|\bTARIFA|\bTAR\.|\bCESTA\b|PACOTE (?:DE )?SERV|\bANUIDADE|\bMENSALIDADE PACOTE",
        TransactionType.FEE,
        ("TAR", "CESTA", "PACOTE", "ANUIDADE"),
    ),
    (
        r"\bIOF\b|\bIMPOSTO|\bIRRF\b|\bDARF\b|\bGPS\b|\bINSS\b|SIMPLES NAC|\bDAS\b|\bGARE\b"
        r"|\bTRIBUTO|\bICMS\b|\bISS\b|\bIPVA\b|\bIPTU\b",
        TransactionType.TAX,
        (
            "IOF",
            "IMPOSTO",
            "IRRF",
            "DARF",
            "GPS",
            "INSS",
            "SIMPLES NAC",
            "DAS",
            "GARE",
            "TRIBUTO",
            "ICMS",
            "ISS",
            "IPVA",
            "IPTU",
        ),
    ),
    (
        r"\bJUROS|\bJRS\b|\bREND(?:IMENTO)?S?\b|\bREND PAGO|\bENCARGO|\bMORA\b"
        r"|REMUNERACAO .*(?:CDB|APLIC|POUP)",
        TransactionType.INTEREST,
        ("JUROS", "JRS", "REND", "ENCARGO", "MORA", "REMUNERACAO"),
    ),
    (r"\bPIX\b", TransactionType.PIX, ("PIX",)),
    (r"\bTED\b|^TED[-\s]", TransactionType.TED, ("TED",)),
    (r"\bDOC[DC]?\b|^DOC[-\s]", TransactionType.DOC, ("DOC",)),
    (
        r"\bBOLETO|\bBLOQUETO|\bTITULO|\bCOBRANCA\b|PAG(?:TO|AMENTO)? (?:DE )?TIT|\bCONVENIO\b",
        TransactionType.BOLETO,
        ("BOLETO", "BLOQUETO", "TIT", "COBRANCA", "CONVENIO"),
    ),
    (
        r"\bCARTAO\b|\bCOMPRA\b|\bMAESTRO\b|\bVISA\b|\bMASTERCARD\b|\bELO\b|\bREDESHOP\b"
        r"|\bRSHOP\b|\bCIELO\b|\bGETNET\b",
        TransactionType.CARD,
        (
            "CARTAO",
            "COMPRA",
            "MAESTRO",
            "VISA",
            "MASTERCARD",
            "ELO",
            "RSHOP",
            "REDESHOP",
            "CIELO",
            "GETNET",
        ),
    ),
    (
        r"\bTRANSF|\bTBI\b|ENTRE CONTAS|\bTEV\b",
        TransactionType.TRANSFER,
        ("TRANSF", "TBI", "ENTRE CONTAS", "TEV"),
    ),
)
_TYPES = tuple((re.compile(pattern), kind, hints) for pattern, kind, hints in _TYPE_RULES)

_OFX_TRNTYPE: dict[str, TransactionType] = {
    "FEE": TransactionType.FEE,
    "SRVCHG": TransactionType.FEE,
    "INT": TransactionType.INTEREST,
    "DIV": TransactionType.INTEREST,
    "XFER": TransactionType.TRANSFER,
    "POS": TransactionType.CARD,
}

_DOCUMENT = re.compile(
    r"(?<![0-9A-Z])[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?\d{2}(?!\d)"
    r"|(?<!\d)\d{3}\.?\d{3}\.?\d{3}-?\d{2}(?!\d)"
)
_FORMATTED = re.compile(
    r"[0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}/[0-9A-Z]{4}-\d{2}|\d{3}\.\d{3}\.\d{3}-\d{2}"
)

# Name patterns seen in Brazilian memos; the name stops before a document, a bank
# name in parentheses, an invoice reference or a run of blanks.
_NAME_RULES = (
    r"PELO PIX - (?P<n>[^-]+?) - ",
    r"^(?:RECEBIMENTO|RECEBIDO|ENVIADO|PAGAMENTO) PIX (?P<n>.+)$",
    r"^PIX (?:TRANSF|ENVIADO|RECEBIDO|QRS?|DEB|CRED)\w* (?P<n>.+)$",
    r"^TED \d{3}\.\d{4} (?P<n>.+)$",
    r"^BOLETO PAGO (?P<n>.+)$",
    r"^PAGAMENTO DE BOLETO EFETUADO - (?P<n>.+)$",
    r"^(?:PAGTO|PAGAMENTO) FORNECEDOR (?P<n>.+?)(?: NF\b.*)?$",
    r"^RECEBIMENTO NF \S+ (?P<n>.+)$",
    r"TITULARIDADE(?: CIP)?\s{2,}(?P<n>\S.+)$",
)
_NAMES = re.compile(
    "|".join(f"(?:{p.replace('(?P<n>', f'(?P<n{i}>')})" for i, p in enumerate(_NAME_RULES))
)
# Every name rule needs one of these words: without one, the scan is skipped.
_NAME_HINTS = (
    "PIX",
    "TED ",
    "BOLETO PAGO",
    "BOLETO EFETUADO",
    "FORNECEDOR",
    "RECEBIMENTO NF",
    "TITULARIDADE",
)
# The shortest CPF/CNPJ (11 digits); none contains a blank, so only words at least this
# long are scanned.
_DOCUMENT_MIN = 11

_E2E = re.compile(r"\b(E\d{8}\d{12}[0-9A-Za-z]{11})\b")
_TXID = re.compile(r"\bTXID\s*[:=]?\s*([0-9A-Za-z]{1,35})\b", re.IGNORECASE)
_DIGITABLE = re.compile(
    r"(?<!\d)(\d{5}\.?\d{5}\s?\d{5}\.?\d{6}\s?\d{5}\.?\d{6}\s?\d\s?\d{14})(?!\d)"
)
_BARCODE = re.compile(r"(?<!\d)(\d{44})(?!\d)")
_INVOICE = re.compile(r"\bNF(?:-?E|S-?E)?\s*[:.\-N°º]*\s*(\d{1,9})\b")
_FIVE_DIGITS = re.compile(r"\d{5}")

# Balance lines that banks write among the entries (folded memo, matched at the start).
BALANCE_MEMO = re.compile(
    r"(SALDO (ANTERIOR|DO DIA|FINAL|INICIAL|ATUAL|TOTAL|DISPONIVEL|EM CONTA|C ?C)\b"
    r"|S A L D O\b|SALDO$|SDO CTA\b)"
)
# Lines a bank lists before they happen (folded memo, anywhere), and the words one of
# which such a memo must contain (a cheap test before the scan).
SCHEDULED_MEMO = re.compile(
    r"AGENDAD|LANC(AMENTO)?S? FUTURO|PROGRAMAD|\bA DEBITAR\b|\bA CREDITAR\b"
)
_SCHEDULED_HINTS = ("AGENDAD", "FUTURO", "PROGRAMAD", "A DEBITAR", "A CREDITAR")


@dataclass(frozen=True, slots=True)
class MemoFacts:
    """What one memo tells: its folded form, type, counterparty and references.

    ``is_balance`` says the memo is a balance written as a line (``SALDO ANTERIOR``),
    ``scheduled`` that it announces a future line (``AGENDADO``).
    """

    folded: str
    type: TransactionType
    counterparty: Counterparty | None
    references: tuple[tuple[str, str], ...]
    is_balance: bool
    scheduled: bool


@lru_cache(maxsize=16384)
def read_memo(memo: str, hint: str | None = None, name: str | None = None) -> MemoFacts:
    """Type (memo rules, then the OFX TRNTYPE ``hint``), counterparty and references.

    ``name`` is a counterparty name the source gives in a field of its own.
    """
    folded = fold(memo)
    return MemoFacts(
        folded=folded,
        type=_infer_type(folded, hint),
        counterparty=_counterparty(memo, folded, name),
        references=_references(memo, folded),
        is_balance=BALANCE_MEMO.match(folded) is not None,
        scheduled=any(word in folded for word in _SCHEDULED_HINTS)
        and SCHEDULED_MEMO.search(folded) is not None,
    )


def _infer_type(folded: str, hint: str | None) -> TransactionType:
    # The first rule, in priority order, that matches anywhere in the memo wins.
    for pattern, kind, hints in _TYPES:
        for word in hints:
            if word in folded:
                if pattern.search(folded) is not None:
                    return kind
                break
    if hint is not None:
        return _OFX_TRNTYPE.get(hint.strip().upper(), TransactionType.OTHER)
    return TransactionType.OTHER


def _counterparty(memo: str, folded: str, name: str | None) -> Counterparty | None:
    document = None
    for word in memo.upper().split():
        if len(word) < _DOCUMENT_MIN:
            continue
        document = _document_in(word)
        if document is not None:
            break
    if name is None and any(hint in folded for hint in _NAME_HINTS):
        found = _NAMES.search(folded)
        if found is not None and found.lastgroup is not None:
            start, end = found.span(found.lastgroup)
            spaced = " ".join(memo.split())
            # Keep the accents as written when folding kept every position in place.
            raw = spaced[start:end] if len(spaced) == len(folded) else found.group(found.lastgroup)
            name = raw.strip(" -") or None
    if document is None and name is None:
        return None
    return Counterparty(name=name, document=document)


def _document_in(word: str) -> str | None:
    """The first CNPJ/CPF written in ``word`` (a blank-free run of the memo), or None."""
    for match in _DOCUMENT.finditer(word):
        written = match.group(0)
        document = normalise_document(written)
        if document is None and _FORMATTED.fullmatch(written):
            # Fully punctuated, it can only be a CNPJ/CPF: keep it as the bank wrote it
            # even when its check digits do not hold.
            document = "".join(ch for ch in written if ch.isalnum())
        if document is not None:
            return document
    return None


def _references(memo: str, folded: str) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    if _FIVE_DIGITS.search(memo) is not None:
        if (match := _E2E.search(memo)) is not None:
            found.append(("pix_end_to_end_id", match.group(1)))
        if (match := _DIGITABLE.search(memo)) is not None:
            found.append(("boleto_digitable_line", re.sub(r"\D", "", match.group(1))))
        elif (match := _BARCODE.search(memo)) is not None:
            found.append(("boleto_barcode", match.group(1)))
    if "TXID" in folded and (match := _TXID.search(memo)) is not None:
        found.append(("pix_txid", match.group(1)))
    if "NF" in folded and (match := _INVOICE.search(folded)) is not None:
        found.append(("document_number", match.group(1)))
    return tuple(found)
