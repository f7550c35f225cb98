"""How the command line's tables spell labels, money, dates and counts, in one locale.

``parse --format table`` and ``reconcile --format table`` both print through a
:class:`Formatter`, so a run speaks one language with one set of conventions:

- ``pt-BR`` (the default): Portuguese labels, ``R$ 1.234,56``, ``16/03/2026``,
  counts ``1.234``, scores ``99,3%``;
- ``en``: English labels, ``R$1,234.56``, ``2026-03-16``, counts ``1,234``, scores
  ``99.3%``.

Money stays Brazilian reais in both (the English form is how CLDR's ``en`` writes BRL)
and is always a :class:`~decimal.Decimal`; dates in English are ISO 8601, which no
reader takes for a US month/day. JSON output never goes through here: it is a machine
format and keeps decimal strings and ISO dates whatever the locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

Locale = Literal["pt-BR", "en"]
DEFAULT_LOCALE: Locale = "pt-BR"

# Labels are written in English in the code and looked up here for pt-BR; a missing
# entry raises KeyError rather than printing English in a Portuguese table.
_PT_BR = {
    # parse
    "kind": "tipo",
    "count": "quantidade",
    "total amount": "valor total",
    "ERROR": "ERRO",
    "file": "arquivo",
    "member": "membro",
    "path": "caminho",
    "line": "linha",
    "column": "coluna",
    "offset": "posição",
    "record": "registro",
    # reconcile
    "Reconciliation": "Conciliação",
    "amount": "valor",
    "Matched": "Conciliados",
    "Documents with a suggestion": "Documentos com sugestão",
    "Open documents": "Documentos em aberto",
    "Unmatched transactions": "Lançamentos sem par",
    "Transactions set aside": "Lançamentos separados",
    "Cancelled/denied documents": "Documentos cancelados/denegados",
    "Suggestions listed": "Sugestões listadas",
    "MATCHED": "CONCILIADO",
    "SUGGESTION": "SUGESTÃO",
    "difference": "diferença",
    "documents": "documentos",
    "transactions": "lançamentos",
    "reasons": "motivos",
    "by due date, counterparty and amount": "por vencimento, contraparte e valor",
    "by date, amount and id": "por data, valor e identificador",
    "due date": "vencimento",
    "direction": "natureza",
    "receivable": "a receber",
    "payable": "a pagar",
    "number": "número",
    "installment": "parcela",
    "counterparty": "contraparte",
    "access key": "chave",
    "date": "data",
    "id": "identificador",
    "description": "histórico",
}

# The kinds `parse` prints, in the order its table lists them, as (pt-BR, en) labels.
_KINDS = {
    "nfe": ("NF-e", "NF-e"),
    "nfce": ("NFC-e", "NFC-e"),
    "nfse": ("NFS-e", "NFS-e"),
    "cte": ("CT-e", "CT-e"),
    "danfe": ("DANFE (PDF)", "DANFE (PDF)"),
    "nfe_event": ("evento de NF-e", "NF-e event"),
    "cte_event": ("evento de CT-e", "CT-e event"),
    "nfse_event": ("evento de NFS-e", "NFS-e event"),
    "statement": ("extrato", "statement"),
    "transaction": ("lançamento", "transaction"),
    "cnab_title": ("título CNAB", "CNAB title"),
    "error": ("erro", "error"),
}


@dataclass(frozen=True, slots=True)
class Formatter:
    """Labels and values spelled for one locale (see the module docstring)."""

    locale: Locale = DEFAULT_LOCALE

    @property
    def _pt(self) -> bool:
        return self.locale == "pt-BR"

    def text(self, label: str) -> str:
        """A label, given in English, in this locale."""
        return _PT_BR[label] if self._pt else label

    def kind(self, code: str) -> str:
        """A record kind (``nfe``, ``transaction``...); a kind without a label keeps its code."""
        labels = _KINDS.get(code)
        if labels is None:
            return code
        return labels[0] if self._pt else labels[1]

    def money(self, value: Decimal) -> str:
        """``Decimal("-1234.5")`` → ``-R$ 1.234,50`` (pt-BR) or ``-R$1,234.50`` (en)."""
        sign = "-" if value < 0 else ""
        digits = f"{abs(value):,.2f}"
        if self._pt:
            return f"{sign}R$ {_swap_separators(digits)}"
        return f"{sign}R${digits}"

    def date(self, day: date) -> str:
        """``dd/mm/aaaa`` (pt-BR) or ``yyyy-mm-dd`` (en)."""
        return day.strftime("%d/%m/%Y") if self._pt else day.isoformat()

    def count(self, value: int) -> str:
        """An integer with thousands separators: ``1.234`` (pt-BR) or ``1,234`` (en)."""
        digits = f"{value:,}"
        return digits.replace(",", ".") if self._pt else digits

    def percent(self, score: float) -> str:
        """A 0-1 score as a percentage with one decimal: ``99,3%`` or ``99.3%``."""
        digits = f"{score * 100:.1f}"
        return f"{digits.replace('.', ',') if self._pt else digits}%"


def kind_order(code: str) -> tuple[int, str]:
    """Sort key of a record kind: documents, events, bank files, errors; unknown kinds last."""
    return (list(_KINDS).index(code) if code in _KINDS else len(_KINDS), code)


def _swap_separators(digits: str) -> str:
    """``1,234.56`` → ``1.234,56``."""
    return digits.replace(",", "_").replace(".", ",").replace("_", ".")


def aligned(rows: Sequence[Sequence[str]], right: frozenset[int] = frozenset()) -> str:
    """Rows as aligned lines, each ending in a newline: columns as wide as their widest
    cell, two spaces apart.

    Columns whose index is in ``right`` (counts, amounts) are right-aligned; trailing
    blanks are dropped so a short last column leaves no padding behind.
    """
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "".join(
        "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        + "\n"
        for row in rows
    )
