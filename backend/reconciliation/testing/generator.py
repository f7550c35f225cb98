"""Synthetic ground truth for the reconciliation engine.

``generate`` builds a tenant's world: customers and suppliers with CNPJ/CPF and names,
receivable and payable document sides (with installments, boleto and Pix references),
and the bank transactions that pay them, in every scenario the engine must handle, plus
decoys and noise. Each true link between a document side and a transaction is recorded
with its scenario, so precision and recall can be measured.

The output is engine input (``Document``, ``Transaction``) plus the ``World`` it came from;
a writer of NF-e XML, OFX or CNAB files can walk the same values (each document carries
its issuer/recipient and each transaction its account and wording), which is how file-level
tests will reuse it once the parsers are wired.
"""

from __future__ import annotations

import random
import string
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from backend.reconciliation.bank_calendar import is_business_day, next_business_day
from backend.reconciliation.model import (
    Direction,
    Document,
    DocumentRef,
    DocumentReferences,
    DocumentStatus,
    Transaction,
    TransactionReferences,
    TransactionSource,
    TransactionType,
)
from backend.reconciliation.text import cnpj_check_digits, cpf_check_digits

CENT = Decimal("0.01")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST = _words(
    "ANA JOAO MARIA JOSE ANTONIO FRANCISCA CARLOS PAULO LUCAS JULIANA MARCOS PATRICIA "
    "RAFAEL FERNANDA BRUNO CAMILA DIEGO LETICIA RODRIGO BEATRIZ GUSTAVO LARISSA TIAGO"
)
_LAST = _words(
    "SILVA SANTOS OLIVEIRA SOUZA RODRIGUES FERREIRA ALVES PEREIRA LIMA GOMES COSTA "
    "RIBEIRO MARTINS CARVALHO ALMEIDA LOPES SOARES FERNANDES VIEIRA BARBOSA ROCHA DIAS "
    "NASCIMENTO ANDRADE MOREIRA NUNES MARQUES MACHADO MENDES FREITAS CARDOSO RAMOS "
    "GONCALVES SANTANA TEIXEIRA ARAUJO PINTO CAVALCANTI MONTEIRO CORREIA"
)
_BRAND = _words(
    "AURORA ATLAS PRIMAVERA HORIZONTE ESTRELA SOLAR NOVA VERTICE PIONEIRA ALIANCA CENTRAL "
    "IGUACU TAPAJOS ARAGUAIA MANTIQUEIRA PARANOA ITATIAIA CAPARAO BORBOREMA XINGU JURUA "
    "PAMPA SERTAO CERRADO AGRESTE LITORAL PLANALTO RIBEIRA VALE MONTANHA"
)
_TRADE = _words(
    "COMERCIO DISTRIBUIDORA INDUSTRIA SERVICOS TRANSPORTES ALIMENTOS ENGENHARIA "
    "TECNOLOGIA CONSULTORIA REPRESENTACOES"
)
_SUFFIX = ("LTDA", "LTDA", "EIRELI", "S A", "ME", "EPP")


@dataclass(frozen=True, slots=True)
class Party:
    """A customer or supplier."""

    tax_id: str
    name: str
    person: bool
    pays_with_tax_id: float
    habit: TransactionType


@dataclass(frozen=True, slots=True)
class TrueLink:
    """A document side truly paid (in part or whole) by a transaction."""

    document: DocumentRef
    transaction: str
    scenario: str


@dataclass
class World:
    """A generated tenant: its inputs and the truth about them."""

    own_tax_ids: frozenset[str]
    own_accounts: tuple[str, ...]
    documents: list[Document] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    links: list[TrueLink] = field(default_factory=list)
    document_scenario: dict[DocumentRef, str] = field(default_factory=dict)
    transaction_scenario: dict[str, str] = field(default_factory=dict)
    parties: list[Party] = field(default_factory=list)

    @property
    def true_pairs(self) -> set[tuple[DocumentRef, str]]:
        """Every true (document side, transaction) link."""
        return {(link.document, link.transaction) for link in self.links}

    @property
    def cancelled(self) -> set[DocumentRef]:
        """Document sides that must never be matched."""
        return {d.ref for d in self.documents if d.status is not DocumentStatus.AUTHORIZED}


# Scenario mix for a realistic tenant: weights per generated case.
DEFAULT_MIX: dict[str, float] = {
    "exact_tax_id": 16,
    "exact_name": 16,
    "exact_bare": 2,
    "boleto_cnab": 10,
    "boleto_bank": 4,
    "pix_txid": 4,
    "installments": 6,
    "partial": 3,
    "aggregated": 4,
    "interest": 5,
    "discount": 3,
    "fee": 4,
    "rounding": 2,
    "many_to_many": 1,
    "weekend_holiday": 3,
    "payable": 14,
    "payable_boleto_line": 4,
    "payable_access_key": 2,
    "unpaid": 10,
    "decoy_same_amount": 4,
    "decoy_cancelled": 2,
    "decoy_fee": 2,
    "decoy_tax": 1,
    "decoy_payroll": 1,
    "decoy_own_transfer": 1,
    "noise": 3,
}


class _Builder:
    """Mutable state while generating; each scenario method adds one case."""

    def __init__(self, seed: int, size: int, start: date, customers: int | None) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
        self.start = start
        self.span = max(60, min(360, size // 40))
        own = self._cnpj()
        self.world = World(frozenset({own, self._cnpj()}), ("ACC-001", "ACC-002"))
        self.own_cnpj = own
        n_customers = customers or max(8, size // 6)
        self.customers = [self._party() for _ in range(n_customers)]
        self.suppliers = [self._party(company=True) for _ in range(max(4, size // 25))]
        self.world.parties = self.customers + self.suppliers
        self.doc_seq = 0
        self.tx_seq = 0
        self.nosso = 10_000_000
        self.cnab_groups: dict[date, list[Transaction]] = defaultdict(list)

    # Identities -----------------------------------------------------------------------

    def _cnpj(self) -> str:
        body = "".join(self.rng.choice(string.digits) for _ in range(8)) + "0001"
        return body + cnpj_check_digits(body)

    def _cpf(self) -> str:
        body = "".join(self.rng.choice(string.digits) for _ in range(9))
        return body + cpf_check_digits(body)

    def _party(self, company: bool | None = None) -> Party:
        rng = self.rng
        person = (not company) and rng.random() < 0.25
        if person:
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {rng.choice(_LAST)}"
            tax_id = self._cpf()
        else:
            # Real trade names are mostly invented words; common surnames and brand words
            # are shared by many companies, which is what makes names ambiguous.
            head = self._invented() if rng.random() < 0.7 else rng.choice(_BRAND)
            name = f"{head} {rng.choice(_LAST)} {rng.choice(_TRADE)} {rng.choice(_SUFFIX)}"
            tax_id = self._cnpj()
        habit = rng.choice((TransactionType.PIX, TransactionType.PIX, TransactionType.TED))
        return Party(tax_id, name, person, rng.choice((0.0, 0.3, 0.8, 0.95)), habit)

    def _invented(self) -> str:
        syllables = [c + v for c in "BCDFGLMNPRSTVZ" for v in "AEIOU"]
        return "".join(self.rng.choice(syllables) for _ in range(self.rng.choice((2, 3, 3))))

    def _day(self) -> date:
        return self.start + timedelta(days=self.rng.randrange(self.span))

    def _amount(self) -> Decimal:
        rng = self.rng
        roll = rng.random()
        if roll < 0.2:  # round amounts collide across customers, as in real life
            return Decimal(rng.choice((50, 100, 150, 200, 250, 300, 500, 800, 1000, 1500, 2000)))
        value = Decimal(str(round(10 ** rng.uniform(1.5, 4.6), 2)))
        return value.quantize(CENT)

    def _doc_key(self, issuer: str, issued: date) -> str:
        self.doc_seq += 1
        body = f"35{issued:%y%m}{issuer}55001{self.doc_seq:09d}1{self.rng.randrange(10**8):08d}"
        weights = [2, 3, 4, 5, 6, 7, 8, 9]
        total = sum(int(ch) * weights[k % 8] for k, ch in enumerate(reversed(body)))
        check = 11 - total % 11
        return body + str(0 if check >= 10 else check)

    def _tx_id(self) -> str:
        self.tx_seq += 1
        return f"T{self.tx_seq:08d}"

    def _e2e(self, day: date) -> str:
        tail = "".join(self.rng.choice(string.ascii_uppercase + string.digits) for _ in range(11))
        return f"E{self.rng.randrange(10**8):08d}{day:%Y%m%d}{self.rng.randrange(24):02d}00{tail}"

    # Building blocks ------------------------------------------------------------------

    def document(
        self,
        scenario: str,
        party: Party,
        direction: Direction,
        amount: Decimal,
        *,
        installments: int = 0,
        issued: date | None = None,
        status: DocumentStatus = DocumentStatus.AUTHORIZED,
        nosso_numero: bool = False,
        boleto_line: bool = False,
        pix_txid: bool = False,
    ) -> list[Document]:
        """One document: its sides (installments, or the whole document)."""
        issued = issued or self._day()
        issuer = self.own_cnpj if direction is Direction.RECEIVABLE else party.tax_id.zfill(14)
        key = self._doc_key(issuer[:14], issued)
        number = str(self.doc_seq)
        parts = installments or 1
        share = (amount / parts).quantize(CENT)
        sides = []
        step = self.rng.choice((7, 14, 21, 28, 30) if parts == 1 else (28, 30, 30, 30))
        for k in range(parts):
            value = share if k < parts - 1 else amount - share * (parts - 1)
            due = issued + timedelta(days=step * (k + 1))
            refs = DocumentReferences(
                nosso_numero=str(self._next_nosso()) if nosso_numero else None,
                boleto_line=self._boleto_line() if boleto_line else None,
                pix_txid=self._txid() if pix_txid else None,
            )
            doc = Document(
                key=key,
                installment=f"{k + 1:03d}" if installments else None,
                direction=direction,
                amount=value,
                issue_date=issued,
                due_date=due,
                counterparty_tax_id=party.tax_id,
                counterparty_name=party.name,
                number=number,
                status=status,
                references=refs,
                cfops=("5102",) if direction is Direction.RECEIVABLE else ("1102",),
            )
            sides.append(doc)
            self.world.documents.append(doc)
            self.world.document_scenario[doc.ref] = scenario
        return sides

    def _next_nosso(self) -> int:
        self.nosso += self.rng.randrange(1, 50)
        return self.nosso

    def _boleto_line(self) -> str:
        return "".join(self.rng.choice(string.digits) for _ in range(47))

    def _txid(self) -> str:
        return "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(30))

    def memo_for(self, party: Party, kind: TransactionType, credit: bool, tax_id: bool) -> str:
        """Bank wording: Pix, TED, DOC or boleto, with or without the CNPJ/CPF."""
        rng = self.rng
        name = party.name
        if rng.random() < 0.5:
            name = name[: rng.randrange(14, 26)]  # banks truncate
        ident = ""
        if tax_id:
            raw = party.tax_id
            if rng.random() < 0.5 and not party.person:
                raw = f"{raw[:2]}.{raw[2:5]}.{raw[5:8]}/{raw[8:12]}-{raw[12:]}"
            ident = f" {raw}"
        if kind is TransactionType.PIX:
            verb = "PIX RECEBIDO" if credit else "PIX ENVIADO"
            return f"{verb}{ident} {name}"
        if kind is TransactionType.TED:
            verb = rng.choice(("TED RECEBIDA", "CRED TED")) if credit else "TED ENVIADA"
            return f"{verb} 341 {ident.strip()} {name}".replace("  ", " ")
        if kind is TransactionType.DOC:
            return f"DOC {'CRED' if credit else 'DEB'}{ident} {name}"
        return f"PAGTO BOLETO {name}" if not credit else f"LIQ BOLETO {name}"

    def transaction(
        self,
        scenario: str,
        amount: Decimal,
        posted: date,
        memo: str,
        kind: TransactionType,
        *,
        account: str | None = None,
        references: TransactionReferences | None = None,
        source: TransactionSource = TransactionSource.BANK,
        group: str | None = None,
        fee: Decimal = Decimal("0.00"),
        counterparty: Party | None = None,
        structured: bool = False,
    ) -> Transaction:
        """One transaction; ``structured`` fills the counterparty fields a parser could
        extract (Pix and CNAB records carry them)."""
        tx = Transaction(
            id=self._tx_id(),
            account_id=account or self.world.own_accounts[0],
            posted_on=posted,
            amount=amount.quantize(CENT),
            memo=memo,
            type=kind,
            counterparty_tax_id=counterparty.tax_id if structured and counterparty else None,
            counterparty_name=counterparty.name if structured and counterparty else None,
            references=references or TransactionReferences(fitid=f"F{self.tx_seq}"),
            source=source,
            settlement_group=group,
            deducted_fee=fee,
        )
        self.world.transactions.append(tx)
        self.world.transaction_scenario[tx.id] = scenario
        return tx

    def link(self, scenario: str, docs: list[Document], txs: list[Transaction]) -> None:
        """Record that ``txs`` pay ``docs``."""
        for d in docs:
            for t in txs:
                self.world.links.append(TrueLink(d.ref, t.id, scenario))

    def pay_date(self, doc: Document, late: int = 0, early: int = 0) -> date:
        """When a payment lands: the due date moved to a business day, then shifted."""
        assert doc.due_date is not None
        day = next_business_day(doc.due_date)
        if late:
            day += timedelta(days=late)
        if early:
            day -= timedelta(days=early)
        return max(day, doc.issue_date)

    def customer_payment(
        self, scenario: str, party: Party, amount: Decimal, day: date, *, id_share: float = -1.0
    ) -> Transaction:
        """A customer's credit with its habitual wording."""
        with_id = self.rng.random() < (party.pays_with_tax_id if id_share < 0 else id_share)
        kind = party.habit
        memo = self.memo_for(party, kind, credit=True, tax_id=with_id)
        refs = TransactionReferences(
            fitid=f"F{self.tx_seq + 1}",
            pix_end_to_end_id=self._e2e(day) if kind is TransactionType.PIX else None,
        )
        return self.transaction(
            scenario,
            amount,
            day,
            memo,
            kind,
            references=refs,
            counterparty=party,
            structured=kind is TransactionType.PIX and self.rng.random() < 0.3,
        )


def _late_amount(amount: Decimal, days_late: int) -> Decimal:
    extra = amount * (Decimal("0.02") + Decimal("0.01") * days_late / 30)
    return (amount + extra).quantize(CENT, rounding=ROUND_HALF_UP)


class _Scenarios:
    """One method per scenario; each adds a case to the builder."""

    def __init__(self, b: _Builder) -> None:
        self.b = b
        self.rng = b.rng

    def _customer(self) -> Party:
        return self.rng.choice(self.b.customers)

    def _supplier(self) -> Party:
        return self.rng.choice(self.b.suppliers)

    def _close_days(self, count: int) -> list[date]:
        """Issue dates a few days apart (documents a customer pays together)."""
        first = self.b._day()
        return [first + timedelta(days=self.rng.randrange(20)) for _ in range(count)]

    def _lag(self) -> int:
        return self.rng.choice((0, 0, 0, 0, 1, 1, 2, 3, 5))

    def exact_tax_id(self) -> None:
        b, party = self.b, self._customer()
        (doc,) = b.document("exact_tax_id", party, Direction.RECEIVABLE, b._amount())
        tx = b.customer_payment(
            "exact_tax_id", party, doc.amount, b.pay_date(doc, self._lag()), id_share=1.0
        )
        b.link("exact_tax_id", [doc], [tx])

    def exact_name(self) -> None:
        b, party = self.b, self._customer()
        (doc,) = b.document("exact_name", party, Direction.RECEIVABLE, b._amount())
        tx = b.customer_payment(
            "exact_name", party, doc.amount, b.pay_date(doc, self._lag()), id_share=0.0
        )
        b.link("exact_name", [doc], [tx])

    def exact_bare(self) -> None:
        b, party = self.b, self._customer()
        (doc,) = b.document("exact_bare", party, Direction.RECEIVABLE, b._amount())
        memo = self.rng.choice(("TED RECEBIDA", "CRED TRANSF", "DEPOSITO", "CREDITO EM CONTA"))
        tx = b.transaction(
            "exact_bare", doc.amount, b.pay_date(doc, self._lag()), memo, TransactionType.OTHER
        )
        b.link("exact_bare", [doc], [tx])

    def weekend_holiday(self) -> None:
        """Due on a weekend or holiday, paid on the next business day(s)."""
        b, party = self.b, self._customer()
        (doc,) = b.document("weekend_holiday", party, Direction.RECEIVABLE, b._amount())
        assert doc.due_date is not None
        day = doc.due_date
        while is_business_day(day):
            day += timedelta(days=1)
        doc2 = replace(doc, due_date=day)
        b.world.documents[-1] = doc2
        tx = b.customer_payment("weekend_holiday", party, doc2.amount, b.pay_date(doc2))
        b.link("weekend_holiday", [doc2], [tx])

    def boleto_cnab(self) -> None:
        """Boleto paid; the CNAB return lists it; the bank credits the day's net sum."""
        b, party = self.b, self._customer()
        (doc,) = b.document(
            "boleto_cnab", party, Direction.RECEIVABLE, b._amount(), nosso_numero=True
        )
        day = b.pay_date(doc, self._lag())
        fee = Decimal(self.rng.choice(("1.90", "2.49", "3.50")))
        refs = TransactionReferences(nosso_numero=doc.references.nosso_numero)
        liq = b.transaction(
            "boleto_cnab",
            doc.amount,
            day,
            f"LIQUIDACAO TITULO {doc.references.nosso_numero}",
            TransactionType.BOLETO,
            references=refs,
            source=TransactionSource.CNAB_LIQUIDATION,
            group=f"RET-{day:%Y%m%d}",
            fee=fee,
            counterparty=party,
            structured=True,
        )
        b.cnab_groups[day].append(liq)
        b.link("boleto_cnab", [doc], [liq])

    def boleto_bank(self) -> None:
        b, party = self.b, self._customer()
        (doc,) = b.document(
            "boleto_bank", party, Direction.RECEIVABLE, b._amount(), nosso_numero=True
        )
        refs = TransactionReferences(nosso_numero=doc.references.nosso_numero)
        tx = b.transaction(
            "boleto_bank",
            doc.amount,
            b.pay_date(doc, self._lag()),
            f"LIQ COBRANCA {doc.references.nosso_numero}",
            TransactionType.BOLETO,
            references=refs,
        )
        b.link("boleto_bank", [doc], [tx])

    def pix_txid(self) -> None:
        b, party = self.b, self._customer()
        (doc,) = b.document("pix_txid", party, Direction.RECEIVABLE, b._amount(), pix_txid=True)
        refs = TransactionReferences(pix_txid=doc.references.pix_txid)
        tx = b.transaction(
            "pix_txid",
            doc.amount,
            b.pay_date(doc, self._lag()),
            f"PIX QR COBRANCA {party.name[:18]}",
            TransactionType.PIX,
            references=refs,
        )
        b.link("pix_txid", [doc], [tx])

    def installments(self) -> None:
        b, party = self.b, self._customer()
        sides = b.document(
            "installments",
            party,
            Direction.RECEIVABLE,
            b._amount() * 3,
            installments=self.rng.choice((2, 3, 4)),
        )
        for side in sides:
            tx = b.customer_payment(
                "installments", party, side.amount, b.pay_date(side, self._lag())
            )
            b.link("installments", [side], [tx])

    def partial(self) -> None:
        b, party = self.b, self._customer()
        (doc,) = b.document("partial", party, Direction.RECEIVABLE, b._amount() + Decimal(200))
        first = (doc.amount * Decimal(self.rng.choice(("0.3", "0.4", "0.5")))).quantize(CENT)
        day = b.pay_date(doc)
        t1 = b.customer_payment("partial", party, first, day, id_share=0.9)
        t2 = b.customer_payment(
            "partial",
            party,
            doc.amount - first,
            day + timedelta(days=self.rng.randrange(3, 15)),
            id_share=0.9,
        )
        b.link("partial", [doc], [t1, t2])

    def aggregated(self) -> None:
        b, party = self.b, self._customer()
        docs = [
            b.document("aggregated", party, Direction.RECEIVABLE, b._amount(), issued=day)[0]
            for day in self._close_days(self.rng.choice((2, 3, 4)))
        ]
        total = sum((d.amount for d in docs), Decimal(0))
        day = max(b.pay_date(d) for d in docs)
        tx = b.customer_payment("aggregated", party, total, day, id_share=0.9)
        b.link("aggregated", docs, [tx])

    def many_to_many(self) -> None:
        b, party = self.b, self._customer()
        docs = [
            b.document("many_to_many", party, Direction.RECEIVABLE, b._amount(), issued=day)[0]
            for day in self._close_days(3)
        ]
        total = sum((d.amount for d in docs), Decimal(0))
        first = (total * Decimal("0.37")).quantize(CENT)
        day = max(b.pay_date(d) for d in docs)
        t1 = b.customer_payment("many_to_many", party, first, day, id_share=1.0)
        t2 = b.customer_payment(
            "many_to_many", party, total - first, day + timedelta(days=2), id_share=1.0
        )
        b.link("many_to_many", docs, [t1, t2])

    def interest(self) -> None:
        b, party = self.b, self._customer()
        (doc,) = b.document("interest", party, Direction.RECEIVABLE, b._amount())
        late = self.rng.randrange(5, 40)
        day = b.pay_date(doc, late=late)
        assert doc.due_date is not None
        tx = b.customer_payment(
            "interest", party, _late_amount(doc.amount, (day - doc.due_date).days), day
        )
        b.link("interest", [doc], [tx])

    def discount(self) -> None:
        b, party = self.b, self._customer()
        (doc,) = b.document("discount", party, Direction.RECEIVABLE, b._amount())
        pct = Decimal(self.rng.choice(("0.01", "0.02", "0.03")))
        day = b.pay_date(doc, early=self.rng.randrange(3, 7))
        paid = (doc.amount * (1 - pct)).quantize(CENT)
        tx = b.customer_payment("discount", party, paid, day)
        b.link("discount", [doc], [tx])

    def fee(self) -> None:
        b, party = self.b, self._customer()
        (doc,) = b.document("fee", party, Direction.RECEIVABLE, b._amount())
        fee = Decimal(self.rng.choice(("1.50", "2.49", "3.90", "6.50", "8.90")))
        tx = b.customer_payment("fee", party, doc.amount - fee, b.pay_date(doc, self._lag()))
        b.link("fee", [doc], [tx])

    def rounding(self) -> None:
        b, party = self.b, self._customer()
        (doc,) = b.document("rounding", party, Direction.RECEIVABLE, b._amount())
        delta = Decimal(self.rng.choice(("0.01", "-0.01", "0.02", "-0.03")))
        tx = b.customer_payment("rounding", party, doc.amount + delta, b.pay_date(doc, self._lag()))
        b.link("rounding", [doc], [tx])

    def payable(self) -> None:
        b, party = self.b, self._supplier()
        (doc,) = b.document("payable", party, Direction.PAYABLE, b._amount())
        kind = self.rng.choice((TransactionType.PIX, TransactionType.TED, TransactionType.BOLETO))
        memo = b.memo_for(party, kind, credit=False, tax_id=self.rng.random() < 0.5)
        tx = b.transaction("payable", -doc.amount, b.pay_date(doc, self._lag()), memo, kind)
        b.link("payable", [doc], [tx])

    def payable_boleto_line(self) -> None:
        b, party = self.b, self._supplier()
        (doc,) = b.document(
            "payable_boleto_line", party, Direction.PAYABLE, b._amount(), boleto_line=True
        )
        assert doc.references.boleto_line is not None
        memo = f"PAGTO TITULO {doc.references.boleto_line}"
        tx = b.transaction(
            "payable_boleto_line", -doc.amount, b.pay_date(doc), memo, TransactionType.BOLETO
        )
        b.link("payable_boleto_line", [doc], [tx])

    def payable_access_key(self) -> None:
        b, party = self.b, self._supplier()
        (doc,) = b.document("payable_access_key", party, Direction.PAYABLE, b._amount())
        memo = f"TED ENVIADA NFE {doc.key}"
        tx = b.transaction(
            "payable_access_key", -doc.amount, b.pay_date(doc), memo, TransactionType.TED
        )
        b.link("payable_access_key", [doc], [tx])

    def unpaid(self) -> None:
        b = self.b
        b.document("unpaid", self._customer(), Direction.RECEIVABLE, b._amount())

    def decoy_same_amount(self) -> None:
        """Two open invoices of the same amount, different customers; one is paid."""
        b = self.b
        payer, other = self._customer(), self._customer()
        while other.tax_id == payer.tax_id:
            other = self._customer()
        amount = b._amount()
        issued = b._day()
        (doc,) = b.document("decoy_same_amount", payer, Direction.RECEIVABLE, amount, issued=issued)
        b.document("decoy_same_amount", other, Direction.RECEIVABLE, amount, issued=issued)
        tx = b.customer_payment("decoy_same_amount", payer, amount, b.pay_date(doc, self._lag()))
        b.link("decoy_same_amount", [doc], [tx])

    def decoy_cancelled(self) -> None:
        """A cancelled invoice; a payment of the same amount belongs to its replacement."""
        b, party = self.b, self._customer()
        amount = b._amount()
        issued = b._day()
        b.document(
            "decoy_cancelled",
            party,
            Direction.RECEIVABLE,
            amount,
            issued=issued,
            status=DocumentStatus.CANCELLED,
        )
        (doc,) = b.document(
            "decoy_cancelled",
            party,
            Direction.RECEIVABLE,
            amount,
            issued=issued + timedelta(days=1),
        )
        tx = b.customer_payment("decoy_cancelled", party, amount, b.pay_date(doc, self._lag()))
        b.link("decoy_cancelled", [doc], [tx])

    def _aside(
        self, scenario: str, memo: str, kind: TransactionType, amount: Decimal, sign: int = -1
    ) -> None:
        self.b.transaction(scenario, amount * sign, self.b._day(), memo, kind)

    def decoy_fee(self) -> None:
        memo = self.rng.choice(("TARIFA PACOTE SERVICOS", "TAR COBRANCA", "TARIFA TED"))
        self._aside(
            "decoy_fee",
            memo,
            TransactionType.FEE,
            Decimal(self.rng.choice(("12.90", "49.90", "150.00"))),
        )

    def decoy_tax(self) -> None:
        self._aside("decoy_tax", "PAGTO DARF 2089", TransactionType.TAX, self.b._amount())

    def decoy_payroll(self) -> None:
        self._aside(
            "decoy_payroll", "PAGTO SALARIO FUNC", TransactionType.PAYROLL, self.b._amount()
        )

    def decoy_own_transfer(self) -> None:
        own = self.b.own_cnpj
        memo = f"TRANSF ENTRE CONTAS {own[:2]}.{own[2:5]}.{own[5:8]}/{own[8:12]}-{own[12:]}"
        self._aside(
            "decoy_own_transfer",
            memo,
            TransactionType.TRANSFER,
            self.b._amount(),
            self.rng.choice((1, -1)),
        )

    def noise(self) -> None:
        memo = self.rng.choice(
            ("RESGATE APLICACAO", "ESTORNO COMPRA", "CREDITO DIVERSO", "DEVOLUCAO")
        )
        self._aside(
            "noise", memo, TransactionType.OTHER, self.b._amount(), self.rng.choice((1, -1))
        )


def generate(
    n_documents: int,
    *,
    seed: int = 0,
    mix: dict[str, float] | None = None,
    start: date = date(2026, 1, 5),
    customers: int | None = None,
) -> World:
    """A world with about ``n_documents`` document sides and as many transactions.

    ``customers`` defaults to one per six documents; fewer customers make more of them
    share amounts and dates, which is harder.
    """
    builder = _Builder(seed, n_documents, start, customers)
    scenarios = _Scenarios(builder)
    weights = mix or DEFAULT_MIX
    names = sorted(weights)
    makers: dict[str, Callable[[], None]] = {name: getattr(scenarios, name) for name in names}
    while len(builder.world.documents) < n_documents:
        name = builder.rng.choices(names, weights=[weights[n] for n in names])[0]
        makers[name]()
    _credit_cnab_groups(builder)
    return builder.world


def _credit_cnab_groups(b: _Builder) -> None:
    """One bank line per CNAB return day, for the net sum of its liquidations."""
    links_of: dict[str, list[TrueLink]] = defaultdict(list)
    for link in b.world.links:
        links_of[link.transaction].append(link)
    for day in sorted(b.cnab_groups):
        members = b.cnab_groups[day]
        total = sum((m.net_credit for m in members), Decimal(0))
        bank = b.transaction(
            "boleto_cnab",
            total,
            day + timedelta(days=1 if b.rng.random() < 0.3 else 0),
            "CRED COBRANCA",
            TransactionType.BOLETO,
        )
        for m in members:
            for link in links_of[m.id]:
                b.world.links.append(TrueLink(link.document, bank.id, "boleto_cnab"))
