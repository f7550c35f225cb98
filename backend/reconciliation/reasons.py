"""Machine-readable reasons with a pt-BR message, and their builders.

Codes are stable identifiers for the API and the web app; messages are for people and
are written in Brazilian Portuguese. Builders are cached: reasons are immutable and the
same few are built for hundreds of thousands of candidates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: a stable ``code`` and a pt-BR ``message``."""

    code: str
    message: str


def brl(amount: Decimal) -> str:
    """Format money the Brazilian way: ``R$ 1.234,56``."""
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{sign}R$ {text}"


def br_date(day: date) -> str:
    """Format a date as ``dd/mm/aaaa``."""
    return day.strftime("%d/%m/%Y")


def _days(n: int) -> str:
    return "1 dia útil" if n == 1 else f"{n} dias úteis"


@lru_cache(maxsize=4096)
def amount_exact() -> Reason:
    """The amounts are equal."""
    return Reason("amount_exact", "valor idêntico")


@lru_cache(maxsize=4096)
def amount_sum_exact(count: int) -> Reason:
    """The sum over several items is equal."""
    return Reason("amount_sum_exact", f"soma de {count} itens com valor idêntico")


@lru_cache(maxsize=4096)
def amount_rounding(diff: Decimal) -> Reason:
    """A difference of a few cents."""
    return Reason("amount_rounding", f"diferença de {brl(abs(diff))} por arredondamento")


@lru_cache(maxsize=4096)
def amount_fee(diff: Decimal) -> Reason:
    """A bank fee deducted from a credit."""
    return Reason("amount_fee", f"diferença de {brl(abs(diff))} compatível com tarifa")


@lru_cache(maxsize=4096)
def amount_interest(diff: Decimal) -> Reason:
    """Interest and fine for a late payment."""
    return Reason("amount_interest", f"diferença de {brl(abs(diff))} compatível com juros e multa")


@lru_cache(maxsize=4096)
def amount_discount(diff: Decimal) -> Reason:
    """A discount for an early payment."""
    return Reason(
        "amount_discount",
        f"diferença de {brl(abs(diff))} compatível com desconto por antecipação",
    )


@lru_cache(maxsize=4096)
def amount_partial(paid: Decimal, open_after: Decimal) -> Reason:
    """A partial payment and the balance left open."""
    return Reason(
        "amount_partial",
        f"pagamento parcial de {brl(paid)}; saldo em aberto de {brl(open_after)}",
    )


@lru_cache(maxsize=4096)
def amount_mismatch(diff: Decimal) -> Reason:
    """A difference nothing explains."""
    return Reason("amount_mismatch", f"diferença de {brl(abs(diff))} sem explicação")


@lru_cache(maxsize=4096)
def paid_on_due_date() -> Reason:
    """Paid on the due date."""
    return Reason("date_on_due", "pago no vencimento")


@lru_cache(maxsize=4096)
def paid_late(business_days: int) -> Reason:
    """Paid after the due date."""
    return Reason("date_late", f"pago {_days(business_days)} após o vencimento")


@lru_cache(maxsize=4096)
def paid_early(business_days: int) -> Reason:
    """Paid before the due date."""
    return Reason("date_early", f"pago {_days(business_days)} antes do vencimento")


@lru_cache(maxsize=4096)
def paid_before_issue() -> Reason:
    """Posted before the document was issued."""
    return Reason("date_before_issue", "lançamento anterior à emissão do documento")


@lru_cache(maxsize=4096)
def tax_id_in_memo(payer: bool) -> Reason:
    """The counterparty's CNPJ/CPF appears on the transaction."""
    who = "pagador" if payer else "favorecido"
    return Reason("tax_id_match", f"CNPJ do {who} no histórico")


@lru_cache(maxsize=4096)
def tax_id_alias() -> Reason:
    """A learned alias ties the memo to the counterparty."""
    return Reason("tax_id_alias", "histórico reconhecido como apelido da contraparte")


@lru_cache(maxsize=4096)
def tax_id_conflict() -> Reason:
    """Another CNPJ/CPF appears on the transaction."""
    return Reason("tax_id_conflict", "CNPJ/CPF do histórico é de outra contraparte")


@lru_cache(maxsize=4096)
def name_similar(similarity: float) -> Reason:
    """The names are similar."""
    return Reason("name_similar", f"nome da contraparte semelhante ({similarity:.0%})")


@lru_cache(maxsize=4096)
def name_different() -> Reason:
    """The names differ."""
    return Reason("name_different", "nome da contraparte diferente")


@lru_cache(maxsize=4096)
def document_number_in_memo(number: str) -> Reason:
    """The document number appears in the memo."""
    return Reason("document_number", f"número do documento {number} no histórico")


@lru_cache(maxsize=4096)
def hard_key(kind: str) -> Reason:
    """A unique payment reference ties both sides."""
    labels = {
        "pix_end_to_end_id": "identificador fim a fim do Pix confere",
        "pix_txid": "txid do Pix confere",
        "nosso_numero": "nosso número confere",
        "access_key": "chave de acesso no histórico",
        "boleto_line": "linha digitável do boleto confere",
    }
    return Reason(f"hard_key_{kind}", labels[kind])


def three_way(bank_amount: Decimal, credit_date: date) -> Reason:
    """CNAB liquidations add up to one bank credit."""
    return Reason(
        "three_way",
        f"liquidação CNAB confere com crédito bancário de {brl(bank_amount)} "
        f"em {br_date(credit_date)}",
    )


@lru_cache(maxsize=4096)
def payment_habit() -> Reason:
    """The counterparty usually pays this way."""
    return Reason("habit", "contraparte costuma pagar por este meio e conta")


@lru_cache(maxsize=4096)
def interchangeable_member() -> Reason:
    """A same-amount document could replace one in the group."""
    return Reason("interchangeable_member", "outro documento de mesmo valor poderia compor a soma")


@lru_cache(maxsize=4096)
def close_rival() -> Reason:
    """Another candidate scores almost as well."""
    return Reason("close_rival", "há outro candidato com pontuação próxima")


@lru_cache(maxsize=4096)
def partial_without_reference() -> Reason:
    """A partial payment names no document: a person chooses which one it pays."""
    return Reason("partial_without_reference", "pagamento parcial sem referência ao documento")


@lru_cache(maxsize=4096)
def below_threshold() -> Reason:
    """The score is below the automatic threshold."""
    return Reason("below_threshold", "pontuação abaixo do limite automático")


def rule_applied(rule_id: str, effect: str) -> Reason:
    """A tenant rule changed the outcome."""
    return Reason("rule", f"regra {rule_id}: {effect}")


def cancelled_after_match() -> Reason:
    """The document was cancelled after it was matched."""
    return Reason("cancelled_after_match", "documento cancelado após a conciliação")


@lru_cache(maxsize=4096)
def set_aside(code: str) -> Reason:
    """Why a transaction is kept out of matching."""
    messages = {
        "own_transfer": "transferência entre contas da própria empresa",
        "bank_fee": "tarifa bancária",
        "tax": "tributo ou imposto",
        "payroll": "folha de pagamento",
        "interest": "juros ou rendimento bancário",
        "settled_by_cnab": "crédito já explicado por liquidações CNAB",
        "cancelled": "documento cancelado ou denegado",
    }
    return Reason(f"set_aside_{code}", messages[code])
