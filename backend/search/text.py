"""Text normalization shared by the index implementations.

Identifiers arrive formatted in many ways (``11.222.333/0001-81``,
``11222333000181``, ``NF 000.123``), so any token holding a digit loses its
``.``, ``-`` and ``/`` both when indexed and when searched. Accents and case
are folded so ``CONCILIAÇÃO``, ``conciliacao`` and ``Conciliação`` are equal
for substring matching (PostgreSQL's ``unaccent`` dictionary does the same for
the full-text side).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_IDENTIFIER_SEPARATORS = re.compile(r"[./\-]")
_HAS_DIGIT = re.compile(r"\d")
# Characters that only carry web-search syntax or punctuation around a term.
_TERM_EDGES = "\"'()[]{},;:!?"
_MIN_WORD_TERM = 3
# A DANFE prints the 44-digit access key as eleven groups of four digits.
_GROUPED_ACCESS_KEY = re.compile(r"(?<!\d)(?:\d{4}\s+){10}\d{4}(?!\d)")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics (``Ação`` → ``acao``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def compact(token: str) -> str:
    """Drop identifier separators from a token that holds a digit; keep words as they are."""
    if _HAS_DIGIT.search(token):
        return _IDENTIFIER_SEPARATORS.sub("", token)
    return token


def has_searchable(text: str) -> bool:
    """Whether ``text`` holds a letter or digit; punctuation alone is treated as no text."""
    return any(c.isalnum() for c in text)


def join_grouped_keys(text: str) -> str:
    """Rejoin an access key pasted as printed on a DANFE (``3519 1111 ...``) into one token."""
    return _GROUPED_ACCESS_KEY.sub(lambda m: "".join(m.group(0).split()), text)


def normalize(text: str) -> str:
    """Fold ``text`` and compact each whitespace-separated token."""
    return " ".join(compact(token) for token in fold(text).split())


def keywords_text(keywords: Iterable[str]) -> str:
    """Keywords as one space-separated string of normalized tokens."""
    return " ".join(t for t in (normalize(k) for k in keywords) if t)


def match_text(*parts: str | None) -> str:
    """The substring-matching haystack for an entry (title, counterparty, keywords)."""
    return " ".join(normalize(p) for p in parts if p)


@dataclass(frozen=True, slots=True)
class Terms:
    """A query split into terms: those that must match and those that must not."""

    required: tuple[str, ...]
    excluded: tuple[str, ...]


def query_terms(text: str) -> Terms:
    """Normalized terms of a query for substring matching.

    Words shorter than three characters are left to full-text search (trigrams
    cannot narrow them and they would match almost everything); identifiers
    with digits are always kept. ``or`` is web-search syntax, not a term.
    """
    required: list[str] = []
    excluded: list[str] = []
    for raw in fold(text).split():
        negated = raw.startswith("-") and len(raw) > 1
        term = compact(raw[1:] if negated else raw).strip(_TERM_EDGES)
        if not term or term == "or":
            continue
        if len(term) < _MIN_WORD_TERM and not _HAS_DIGIT.search(term):
            continue
        (excluded if negated else required).append(term)
    return Terms(required=tuple(required), excluded=tuple(excluded))
