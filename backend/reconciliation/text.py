"""Reading memos: normalization, CNPJ/CPF and payment references, name similarity.

Everything here is cheap per call because it runs once per transaction or per candidate
on 100k-item inputs: precompiled regular expressions, set operations and rapidfuzz's
plain ``ratio`` (60-130x cheaper than ``token_set_ratio``/``WRatio``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
_JOINED_DIGITS = re.compile(r"(?<=\d)[ .\-/](?=\d)")
_FORMATTED_CNPJ = re.compile(r"\b[0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}/[0-9A-Z]{4}-\d{2}\b")
_FORMATTED_CPF = re.compile(r"\b\d{3}\.\d{3}\.\d{3}-\d{2}\b")
_DIGIT_RUN = re.compile(r"\d+")
_E2E = re.compile(r"\bE\d{20}[0-9A-Z]{11}\b")
_STOPWORDS = frozenset(
    [
        "LTDA",
        "ME",
        "EPP",
        "EIRELI",
        "SA",
        "S",
        "A",
        "CIA",
        "DA",
        "DE",
        "DO",
        "DAS",
        "DOS",
        "E",
        "EM",
        "PARA",
        "POR",
        "COM",
        "LTD",
        "SS",
        "MEI",
    ]
)
# Words that say what a business does, not who it is: they never identify a counterparty.
_GENERIC = frozenset(
    [
        "COMERCIO",
        "SERVICOS",
        "SERVICO",
        "INDUSTRIA",
        "DISTRIBUIDORA",
        "TRANSPORTES",
        "TRANSPORTE",
        "LOGISTICA",
        "CONSTRUCOES",
        "ENGENHARIA",
        "ALIMENTOS",
        "REPRESENTACOES",
        "CONSULTORIA",
        "TECNOLOGIA",
        "SOLUCOES",
        "BRASIL",
        "NACIONAL",
        "GRUPO",
        "EMPRESA",
        "COMERCIAL",
        "IMPORTACAO",
        "EXPORTACAO",
        "PIX",
        "TED",
        "DOC",
        "RECEBIDO",
        "RECEBIDA",
        "ENVIADO",
        "ENVIADA",
        "TRANSF",
        "TRANSFERENCIA",
        "PAGAMENTO",
        "PAGTO",
        "PAG",
        "CRED",
        "DEB",
        "CREDITO",
        "DEBITO",
        "BOLETO",
        "LIQUIDACAO",
        "TITULO",
        "COBRANCA",
        "DOC",
        "CPF",
        "CNPJ",
        "REMETENTE",
        "FAVORECIDO",
    ]
)


def normalize(text: str) -> str:
    """Upper case, no accents, single spaces, only letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text.upper())
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def digits(text: str) -> str:
    """Only the digits of ``text`` (CNPJ letters kept for the alphanumeric CNPJ)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def cnpj_check_digits(body: str) -> str:
    """The two check digits of a 12-character CNPJ body."""
    # Alphanumeric CNPJ (2026): each character's value is its code point minus 48.
    values = [ord(ch) - 48 for ch in body]
    out = ""
    for weights in ((5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2), (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)):
        total = sum(v * w for v, w in zip(values, weights, strict=True))
        digit = 0 if total % 11 < 2 else 11 - total % 11
        out += str(digit)
        values.append(digit)
    return out


def is_cnpj(value: str) -> bool:
    """Whether ``value`` (14 characters, digits or the 2026 alphanumeric form) is a CNPJ."""
    if len(value) != 14 or not value[12:].isdigit() or len(set(value)) == 1:
        return False
    return cnpj_check_digits(value[:12]) == value[12:]


def cpf_check_digits(body: str) -> str:
    """The two check digits of a 9-digit CPF body."""
    nums = [int(ch) for ch in body]
    for size in (9, 10):
        total = sum(n * w for n, w in zip(nums[:size], range(size + 1, 1, -1), strict=True))
        nums.append((total * 10) % 11 % 10)
    return f"{nums[9]}{nums[10]}"


def is_cpf(value: str) -> bool:
    """Whether ``value`` (11 digits) is a CPF."""
    if len(value) != 11 or not value.isdigit() or len(set(value)) == 1:
        return False
    return cpf_check_digits(value[:9]) == value[9:]


@dataclass(frozen=True, slots=True)
class MemoFacts:
    """What a memo reveals: tax ids, hard references, number tokens and name tokens."""

    tax_ids: frozenset[str]
    access_keys: frozenset[str]
    boleto_lines: frozenset[str]
    end_to_end_ids: frozenset[str]
    numbers: frozenset[str]
    tokens: frozenset[str]
    ordered_tokens: tuple[str, ...] = ()

    @property
    def last_token(self) -> str | None:
        """The memo's last identifying token, the one a bank may have cut short."""
        return self.ordered_tokens[-1] if self.ordered_tokens else None


def read_memo(memo: str) -> MemoFacts:
    """Extract what can identify a counterparty or a document from a memo."""
    upper = memo.upper()
    formatted = _FORMATTED_CNPJ.findall(upper) + _FORMATTED_CPF.findall(upper)
    tax_ids = {digits(m) for m in formatted}
    for found in formatted:
        upper = upper.replace(found, " ")
    keys: set[str] = set()
    lines: set[str] = set()
    runs = _DIGIT_RUN.findall(upper)
    for run in runs:
        if (len(run) == 14 and is_cnpj(run)) or (len(run) == 11 and is_cpf(run)):
            tax_ids.add(run)
    # Keys and boleto lines are often printed in groups ("3526 0111 ..."): join them too.
    for run in runs + _DIGIT_RUN.findall(_JOINED_DIGITS.sub("", upper)):
        if len(run) == 44:
            keys.add(run)
        elif len(run) in (47, 48):
            lines.add(run)
    numbers = {run.lstrip("0") or "0" for run in runs if 3 <= len(run) <= 10}
    normalized = normalize(memo)
    e2e = frozenset(_E2E.findall(normalized))
    ordered = tuple(
        t for t in normalized.split() if len(t) >= 2 and not t.isdigit() and t not in _STOPWORDS
    )
    return MemoFacts(
        frozenset(tax_ids),
        frozenset(keys),
        frozenset(lines),
        e2e,
        frozenset(numbers),
        frozenset(ordered),
        tuple(t for t in ordered if t not in _GENERIC),
    )


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """The tokens of a name that can identify who it is, in order."""
    return tuple(
        t
        for t in normalize(name).split()
        if len(t) >= 2 and not t.isdigit() and t not in _STOPWORDS and t not in _GENERIC
    )


def memo_name_similarity(
    name: tuple[str, ...], memo_tokens: frozenset[str], last_token: str | None
) -> float:
    """Share of the first three identifying tokens of ``name`` found in a memo.

    Banks truncate memos (about 25-40 characters), so the first tokens of a name are the
    ones that survive, and the memo's last token may be cut short: when it has three or
    more letters and starts a name token it counts (``APARECI`` for ``APARECIDA``).
    """
    head = name[:3]
    if not head:
        return 0.0
    found = 0
    for token in head:
        if token in memo_tokens or (
            last_token is not None and len(last_token) >= 3 and token.startswith(last_token)
        ):
            found += 1
    return found / len(head)


def name_similarity(a: str, b: str) -> float:
    """Similarity of two names in [0, 1] (rapidfuzz ``ratio`` on identifying tokens)."""
    left = " ".join(name_tokens(a))
    right = " ".join(name_tokens(b))
    if not left or not right:
        return 0.0
    return fuzz.ratio(left, right) / 100.0


def memo_pattern(memo: str) -> str:
    """A memo with its varying parts (numbers, dates, ids) removed: what a learned alias
    keys on, e.g. ``PIX RECEBIDO 12/03 MARIA A`` becomes ``PIX RECEBIDO MARIA A``."""
    return " ".join(t for t in normalize(memo).split() if not any(ch.isdigit() for ch in t))
