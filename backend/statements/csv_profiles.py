"""Named column profiles for bank CSV exports and generic ledger exports.

A profile maps *roles* (date, amount, description, ...) to the header names a source
uses. Headers are compared after folding (upper case, no accents, punctuation turned
into single spaces), so ``"Valor (R$)"`` matches the alias ``"valor r"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from backend.statements.enrich import BALANCE_MEMO
from backend.statements.model import EntryKind
from backend.statements.text import fold

ROLES = (
    "date",
    "amount",
    "credit",
    "debit",
    "direction",
    "description",
    "counterparty",
    "document",
    "id",
    "balance",
    "account",
    "contra_account",
    "debit_account",
    "credit_account",
)


_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")


@lru_cache(maxsize=16384)
def normalise_header(text: str) -> str:
    """``"Valor (R$)"`` -> ``"VALOR R"``; ``"ag./origem"`` -> ``"AG ORIGEM"``.

    Cached: besides headers it folds every row's memo and D/C indicator, which repeat.
    """
    return " ".join(_NOT_ALNUM.sub(" ", fold(text)).split())


@dataclass(frozen=True, slots=True)
class CsvProfile:
    """How one kind of CSV export maps onto the canonical transaction.

    ``requires`` lists alternatives: the profile applies when every role of at least one
    alternative is mapped. ``signature`` names headers that must all be present, and
    ``signature_roles`` roles of which one must be mapped, before the profile is chosen
    automatically (so a bank profile never claims a foreign file); a profile named by
    the caller skips both. A ledger ``kind`` switches the sign convention to debit
    positive; ``negate`` flips amounts of exports that list purchases as positive.
    """

    name: str
    description: str
    columns: dict[str, tuple[str, ...]]
    requires: tuple[tuple[str, ...], ...]
    signature: tuple[str, ...] = ()
    signature_roles: tuple[str, ...] = ()
    bank_code: str | None = None
    kind: EntryKind = EntryKind.BANK
    negate: bool = False
    balance_memo: re.Pattern[str] | None = None

    @property
    def ledger(self) -> bool:
        """Whether the profile reads ledger entries (debit positive)."""
        return self.kind is EntryKind.LEDGER

    def aliases(self, role: str) -> tuple[str, ...]:
        """Normalised header names for ``role``."""
        return tuple(normalise_header(a) for a in self.columns.get(role, ()))


_DATE = (
    "data",
    "date",
    "dt",
    "data movimento",
    "data lancamento",
    "data do lancamento",
    "data operacao",
    "data contabil",
    "data mov",
    "data transacao",
    "data da transacao",
    "data de lancamento",
    "data do movimento",
    "dt lancamento",
    "dt movimento",
    "posted",
    "dia",
)
_DESCRIPTION = (
    "descricao",
    "historico",
    "lancamento",
    "memo",
    "description",
    "descricao do lancamento",
    "historico do lancamento",
    "detalhes",
    "titulo",
    "descricao da transacao",
    "descricao lancamento",
    "estabelecimento",
    "observacao",
    "complemento",
)
_AMOUNT = (
    "valor",
    "valor r",
    "valor rs",
    "valor em r",
    "amount",
    "quantia",
    "valor do lancamento",
    "valor lancamento",
    "montante",
)
_CREDIT = (
    "credito",
    "creditos",
    "entrada",
    "entradas",
    "credit",
    "valor credito",
    "credito r",
    "entradas r",
)
_DEBIT = ("debito", "debitos", "saida", "saidas", "debit", "valor debito", "debito r", "saidas r")
_BALANCE = ("saldo", "saldos", "saldo r", "saldos r", "balance", "saldo final")
_DOCUMENT = (
    "docto",
    "dcto",
    "n doc",
    "documento",
    "doc",
    "numero documento",
    "n documento",
    "nr doc",
    "num doc",
    "numero do documento",
    "nota fiscal",
    "nf",
)
_ID = ("id", "identificador", "id transacao", "fitid", "codigo transacao")
_DIRECTION = (
    "d c",
    "dc",
    "c d",
    "natureza",
    "deb cred",
    "tipo lancamento",
    "tipo de lancamento",
    "entrada saida",
    "credito debito",
    "debito credito",
)

PROFILES: tuple[CsvProfile, ...] = (
    CsvProfile(
        name="nubank_conta",
        description="Nubank checking account export: Data, Valor, Identificador, Descrição",
        columns={
            "date": ("data",),
            "amount": ("valor",),
            "id": ("identificador",),
            "description": ("descricao",),
        },
        requires=(("date", "amount", "description", "id"),),
        signature=("identificador",),
        bank_code="260",
    ),
    CsvProfile(
        name="nubank_cartao",
        description="Nubank credit card export: date, [category,] title, amount (purchases "
        "positive)",
        columns={"date": ("date",), "description": ("title",), "amount": ("amount",)},
        requires=(("date", "description", "amount"),),
        signature=("title", "amount"),
        bank_code="260",
        kind=EntryKind.CARD,
        negate=True,
    ),
    CsvProfile(
        name="itau_extrato",
        description="Itaú statement export: data; lançamento; ag./origem; valor (R$); saldos (R$)",
        columns={
            "date": ("data",),
            "description": ("lancamento",),
            "amount": ("valor r", "valor"),
            "balance": ("saldos r", "saldo r", "saldos"),
        },
        requires=(("date", "description", "amount"),),
        signature=("ag origem",),
        bank_code="341",
        balance_memo=BALANCE_MEMO,
    ),
    CsvProfile(
        name="inter_extrato",
        description="Banco Inter export: preamble, then Data Lançamento; Histórico; Descrição; "
        "Valor; Saldo",
        columns={
            "date": ("data lancamento",),
            "description": ("historico",),
            "counterparty": ("descricao",),
            "amount": ("valor",),
            "balance": ("saldo",),
        },
        requires=(("date", "description", "amount"),),
        signature=("data lancamento", "historico", "descricao"),
        bank_code="077",
    ),
    CsvProfile(
        name="ledger_double_entry",
        description="Ledger export (lançamentos contábeis): date, debit account, credit "
        "account, amount, history, document",
        columns={
            "date": _DATE,
            "debit_account": (
                "conta debito",
                "conta devedora",
                "cta debito",
                "debit account",
                "conta a debito",
                "cod conta debito",
                "debito conta",
                "debito",
                "deb",
                "cod debito",
                "conta deb",
            ),
            "credit_account": (
                "conta credito",
                "conta credora",
                "cta credito",
                "credit account",
                "conta a credito",
                "cod conta credito",
                "credito conta",
                "credito",
                "cred",
                "cod credito",
                "conta cred",
            ),
            "amount": _AMOUNT,
            "description": ("historico", "descricao", "complemento", "history", "memo"),
            "document": _DOCUMENT,
            "id": ("lancamento", "n lancamento", "numero lancamento", "id"),
        },
        requires=(("date", "debit_account", "credit_account", "amount"),),
        kind=EntryKind.LEDGER,
    ),
    CsvProfile(
        name="ledger_account",
        description="Ledger of one account (razão): date, account, history, debit, credit, "
        "balance, document",
        columns={
            "date": _DATE,
            "account": ("conta", "codigo conta", "cod conta", "conta contabil", "account"),
            "contra_account": ("contrapartida", "conta contrapartida", "contra account"),
            "debit": ("debito", "debitos", "debit", "valor debito"),
            "credit": ("credito", "creditos", "credit", "valor credito"),
            "description": ("historico", "descricao", "complemento", "history", "memo"),
            "balance": _BALANCE,
            "document": _DOCUMENT,
            "id": ("lancamento", "n lancamento", "numero lancamento", "id"),
        },
        requires=(("date", "debit", "credit"),),
        # Without an account column it looks like a bank export: pick it only when named.
        signature_roles=("account", "contra_account"),
        kind=EntryKind.LEDGER,
    ),
    CsvProfile(
        name="generic_bank",
        description="Any bank export with a date, a description and an amount (or credit and "
        "debit columns)",
        columns={
            "date": _DATE,
            "description": _DESCRIPTION,
            "amount": _AMOUNT,
            "credit": _CREDIT,
            "debit": _DEBIT,
            "direction": _DIRECTION,
            "balance": _BALANCE,
            "document": _DOCUMENT,
            "id": _ID,
        },
        requires=(("date", "description", "amount"), ("date", "description", "credit", "debit")),
        balance_memo=BALANCE_MEMO,
    ),
)
PROFILES_BY_NAME = {profile.name: profile for profile in PROFILES}


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """A profile applied to one header row: role -> 0-based column."""

    profile: CsvProfile
    columns: dict[str, int]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Whether the mapped roles satisfy one of the profile's alternatives."""
        return not self.missing


def map_columns(profile: CsvProfile, header: list[str], *, named: bool = False) -> ColumnMap:
    """Map the profile's roles onto a header row; report what an alternative still lacks.

    ``named`` means the caller chose the profile, so its signatures are not required.
    """
    names = [normalise_header(cell) for cell in header]
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for role in ROLES:
        for alias in profile.aliases(role):
            if alias in names:
                index = names.index(alias)
                if index not in taken:
                    columns[role] = index
                    taken.add(index)
                    break
    signature_ok = named or all(normalise_header(s) in names for s in profile.signature)
    best_missing: tuple[str, ...] | None = None
    for alternative in profile.requires:
        missing = tuple(role for role in alternative if role not in columns)
        if best_missing is None or len(missing) < len(best_missing):
            best_missing = missing
    missing = best_missing or ()
    if not signature_ok:
        missing = (
            *missing,
            *(f"header {s!r}" for s in profile.signature if normalise_header(s) not in names),
        )
    if (
        not named
        and profile.signature_roles
        and not any(role in columns for role in profile.signature_roles)
    ):
        missing = (*missing, " or ".join(profile.signature_roles))
    return ColumnMap(profile, columns, missing)
