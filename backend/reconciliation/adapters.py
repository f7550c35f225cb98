"""Parsed fiscal documents and statements as the engine's input (pure, no I/O).

``document_sides`` turns a ``backend.fiscal`` document (after its events were applied)
into ``Document`` sides: one per NF-e installment (``dup``), or the whole document when it
has none, with the direction taken from the tenant's own CNPJs. ``statement_transactions``
turns ``backend.statements`` transactions and CNAB titles into ``Transaction`` values; a
liquidated collection title becomes a ``cnab_liquidation`` with its settlement group, so
the engine's three-way match can pair the day's liquidations with the bank credit.

Identities follow ``conciliacontag parse``: a document side's key is the access key (an
NFS-e without one is ``NFSE:<emitter document>:<number>``, see ``document_key``) and its
installment the ``installments[].number`` parse prints. A transaction's engine id is its
fingerprint (unique per account, while the printed id, a FITID or nosso número, may
repeat); ``AdaptedTransaction.printed_id`` keeps the id parse prints.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from backend.fiscal.ids import is_valid_cnpj, is_valid_cpf, strip_document
from backend.fiscal.model import DocumentKind, FiscalDocument, Party, Status
from backend.reconciliation.model import (
    Direction,
    Document,
    DocumentReferences,
    DocumentStatus,
    Transaction,
    TransactionReferences,
    TransactionSource,
    TransactionType,
)
from backend.statements.model import CnabTitle, EntryKind
from backend.statements.model import Transaction as StatementTransaction

_STATUS = {
    Status.AUTHORIZED: DocumentStatus.AUTHORIZED,
    # A document without its authorization protocol (an ERP export) is taken as issued:
    # refusing it would leave every such invoice unmatched for no fiscal reason.
    Status.UNKNOWN: DocumentStatus.AUTHORIZED,
    Status.CANCELLED: DocumentStatus.CANCELLED,
    Status.DENIED: DocumentStatus.DENIED,
}

# Payment references ERPs print in the NF-e's additional information (infCpl) for the
# boleto or the Pix charge of the sale; folded text, see ``_fold``.
_NOSSO_NUMERO = re.compile(r"\bNOSSO\s*NUMERO\s*[:.\-]?\s*(\d{1,20})\b")
_PIX_TXID = re.compile(r"\bTXID\s*[:=\-]?\s*([0-9A-Za-z]{1,35})\b", re.IGNORECASE)
_BOLETO_LINE = re.compile(r"\bLINHA\s*DIGITAVEL\s*[:.\-]?\s*([\d .]{47,60})")
# A bank line that names a collection and quotes one number: that number is the nosso
# número (e.g. "LIQ COBRANCA 10000123"); 44/47-digit runs are barcodes, read elsewhere.
_COLLECTION_WORDS = re.compile(r"\b(?:COBRANCA|TITULO|BOLETO|BLOQUETO|NOSSO\s*NUMERO)\b")
_NUMBER_RUN = re.compile(r"(?<![\d/.,])(\d{6,20})(?![\d/.,])")
_PAYROLL = re.compile(r"\b(?:SALARIO|SALARIOS|FOLHA|PROVENTOS|FERIAS|RESCISAO)\b")
_FIRST_NUMBER = re.compile(r"(\d{1,9})")
_NO_FEE = Decimal("0.00")


class SkipReason(StrEnum):
    """Why a parsed document gives no side to reconcile."""

    NOT_COMPANY = "DOCUMENT_NOT_OF_COMPANY"  # neither issued nor received by the tenant
    INTERNAL = "DOCUMENT_BETWEEN_OWN_CNPJS"  # between two of the tenant's CNPJs
    NO_ISSUE_DATE = "DOCUMENT_WITHOUT_ISSUE_DATE"
    NO_KEY = "DOCUMENT_WITHOUT_KEY"  # no access key, and no emitter or number either
    NOTHING_TO_PAY = "DOCUMENT_WITHOUT_AMOUNT"


@dataclass(frozen=True, slots=True)
class AdaptedDocument:
    """The sides of one parsed document, or why it has none (``skipped``)."""

    key: str | None
    sides: tuple[Document, ...]
    skipped: SkipReason | None = None


@dataclass(frozen=True, slots=True)
class AdaptedTransaction:
    """An engine transaction (``tx.id`` is the fingerprint) and the id ``parse`` prints."""

    tx: Transaction
    printed_id: str


def tax_id(value: str | None) -> str | None:
    """A CNPJ (numeric or alphanumeric) or CPF without punctuation, or ``None``."""
    if not value:
        return None
    cleaned = strip_document(value)
    return cleaned or None


def valid_company_id(value: str) -> str | None:
    """The tenant's CNPJ/CPF as given on the command line, normalised, if it is valid."""
    cleaned = strip_document(value)
    return cleaned if is_valid_cnpj(cleaned) or is_valid_cpf(cleaned) else None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").upper()


def document_key(doc: FiscalDocument) -> str | None:
    """The key printed for a document: its access key, else ``NFSE:<emitter>:<number>``.

    An NFS-e without an access key (municipal layouts) is identified by its emitter's
    CNPJ/CPF (digits, letters of an alphanumeric CNPJ kept) and its number as printed,
    which is how ``parse`` says to identify it.
    """
    if doc.access_key:
        return doc.access_key
    emitter = tax_id(doc.emitter.document)
    if emitter is None or not doc.number:
        return None
    return f"NFSE:{emitter}:{doc.number}"


def _direction(
    doc: FiscalDocument, own: frozenset[str]
) -> tuple[Direction, Party | None] | SkipReason:
    emitter = tax_id(doc.emitter.document)
    others = [doc.receiver] if doc.receiver is not None else []
    others += [party for _, party in doc.other_parties]
    own_other = any(tax_id(p.document) in own for p in others)
    if emitter in own:
        receiver = doc.receiver
        if receiver is not None and tax_id(receiver.document) in own:
            return SkipReason.INTERNAL
        if doc.kind in (DocumentKind.NFE, DocumentKind.NFCE) and doc.operation_type == "0":
            # An entry note (tpNF 0) the tenant issued for goods it bought: it pays.
            return Direction.PAYABLE, receiver
        return Direction.RECEIVABLE, receiver
    if own_other:
        return Direction.PAYABLE, doc.emitter
    return SkipReason.NOT_COMPANY


def _document_references(doc: FiscalDocument) -> DocumentReferences:
    text = " ".join(t for t in (doc.additional_info, doc.fisco_info) if t)
    if not text:
        return DocumentReferences()
    folded = _fold(text)
    nosso = _NOSSO_NUMERO.search(folded)
    txid = _PIX_TXID.search(text)
    line = _BOLETO_LINE.search(folded)
    line_digits = re.sub(r"\D", "", line.group(1)) if line else ""
    return DocumentReferences(
        nosso_numero=nosso.group(1) if nosso else None,
        boleto_line=line_digits if len(line_digits) in (47, 48) else None,
        pix_txid=txid.group(1) if txid else None,
    )


def document_sides(doc: FiscalDocument, own_tax_ids: frozenset[str]) -> AdaptedDocument:
    """The engine sides of one parsed document (apply its events first).

    Installments (NF-e ``dup``) give one side each, numbered as printed (a missing number
    becomes its 1-based position, ``"001"``); without installments the whole document is
    one side (``installment`` null) for ``totals.total``, expected on its issue date.
    Payment references an ERP wrote in the additional information (``Nosso número:``,
    ``TXID:``, ``Linha digitável:``) are kept only when the document has a single side,
    since the text does not say which installment they belong to.
    """
    key = document_key(doc)
    if key is None:
        return AdaptedDocument(None, (), SkipReason.NO_KEY)
    direction = _direction(doc, own_tax_ids)
    if isinstance(direction, SkipReason):
        return AdaptedDocument(key, (), direction)
    if doc.issued_at is None:
        return AdaptedDocument(key, (), SkipReason.NO_ISSUE_DATE)
    way, counterparty = direction
    issued = doc.issued_at.date()
    parts: list[tuple[str | None, date | None, Decimal]] = []
    seen: set[str] = set()
    for position, inst in enumerate(doc.installments, 1):
        if inst.amount <= 0:
            continue
        number = inst.number or f"{position:03d}"
        if number in seen:  # a repeated nDup would merge two sides into one identity
            number = f"{number}#{position}"
        seen.add(number)
        parts.append((number, inst.due_date, inst.amount))
    if not doc.installments and doc.totals.total > 0:
        parts.append((None, None, doc.totals.total))
    if not parts:
        return AdaptedDocument(key, (), SkipReason.NOTHING_TO_PAY)
    references = _document_references(doc) if len(parts) == 1 else DocumentReferences()
    cfops = tuple(sorted({item.cfop for item in doc.items if item.cfop}))
    sides = tuple(
        Document(
            key=key,
            installment=number,
            direction=way,
            amount=amount,
            issue_date=issued,
            due_date=due,
            counterparty_tax_id=tax_id(counterparty.document) if counterparty else None,
            counterparty_name=counterparty.name if counterparty else None,
            number=doc.number,
            status=_STATUS[doc.status],
            references=references,
            cfops=cfops,
        )
        for number, due, amount in parts
    )
    return AdaptedDocument(key, sides)


def printed_id(tx: StatementTransaction) -> str:
    """The ``id`` ``conciliacontag parse`` prints for a transaction."""
    return tx.source_id if tx.source_id is not None else str(tx.source.line)


def _type(tx: StatementTransaction, folded: str) -> TransactionType:
    if tx.type.value in ("other", "transfer") and _PAYROLL.search(folded):
        return TransactionType.PAYROLL
    return TransactionType(tx.type.value)


def _memo_nosso_numero(folded: str) -> str | None:
    if not _COLLECTION_WORDS.search(folded):
        return None
    runs = _NUMBER_RUN.findall(folded)
    return runs[0] if len(runs) == 1 else None


def settlement_group(account_key: str, credit_date: date) -> str:
    """The group the bank credits in one line: the collection account and credit date."""
    return f"{account_key}@{credit_date.isoformat()}"


def statement_transactions(
    transactions: Iterable[StatementTransaction], titles: Iterable[CnabTitle]
) -> list[AdaptedTransaction]:
    """Engine transactions for one parsed statement file.

    Scheduled (future) lines are left out: no money moved yet. A collection entry of a
    CNAB return becomes a ``cnab_liquidation`` whose ``deducted_fee`` is the title's bank
    fee and whose ``settlement_group`` is its account and credit date (banks credit a
    day's liquidations in one line). A bank line whose memo names a collection and
    quotes a single 6-20 digit number carries it as the nosso número.
    """
    title_of = {t.transaction_fingerprint: t for t in titles if t.transaction_fingerprint}
    adapted: list[AdaptedTransaction] = []
    for tx in transactions:
        if tx.scheduled:
            continue
        folded = _fold(tx.description)
        refs = tx.references
        title = title_of.get(tx.fingerprint)
        source = TransactionSource.BANK
        group = None
        fee = _NO_FEE
        nosso = refs.nosso_numero
        document_number = refs.document_number
        if tx.kind is EntryKind.LEDGER:
            source = TransactionSource.LEDGER
        elif tx.kind is EntryKind.COLLECTION and title is not None:
            source = TransactionSource.CNAB_LIQUIDATION
            group = settlement_group(tx.account.key(), tx.posted_on)
            fee = title.bank_fee
        elif nosso is None and tx.kind is EntryKind.BANK:
            nosso = _memo_nosso_numero(folded)
        if document_number is None and refs.seu_numero:
            # A seu número is the tenant's own reference, usually the invoice number
            # ("4512-001", "NF004512"): its first number feeds the document-number signal.
            found = _FIRST_NUMBER.search(refs.seu_numero)
            document_number = found.group(1) if found else None
        counterparty = tx.counterparty
        adapted.append(
            AdaptedTransaction(
                Transaction(
                    id=tx.fingerprint,
                    account_id=tx.account.key(),
                    posted_on=tx.posted_on,
                    amount=tx.amount,
                    memo=tx.description,
                    type=_type(tx, folded),
                    counterparty_tax_id=tax_id(counterparty.document) if counterparty else None,
                    counterparty_name=counterparty.name if counterparty else None,
                    references=TransactionReferences(
                        fitid=refs.fitid,
                        nosso_numero=nosso,
                        seu_numero=refs.seu_numero,
                        pix_end_to_end_id=refs.pix_end_to_end_id,
                        pix_txid=refs.pix_txid,
                        boleto_line=refs.boleto_digitable_line or refs.boleto_barcode,
                        document_number=document_number,
                    ),
                    source=source,
                    settlement_group=group,
                    deducted_fee=fee,
                ),
                printed_id(tx),
            )
        )
    return adapted


def _account_parts(key: str) -> tuple[str, str, str] | None:
    """(bank, branch, number with check digit) of a ``bank:`` account key."""
    parts = key.split(":")
    if len(parts) != 5 or parts[0] != "bank":
        return None
    return parts[1], parts[2], (parts[3] + parts[4]).lstrip("0")


def align_liquidation_accounts(
    transactions: Sequence[AdaptedTransaction],
) -> list[AdaptedTransaction]:
    """Liquidations re-keyed to the statement account their bank credits.

    The three-way match needs the liquidations and the bank credit in one account, but
    a return file and a statement rarely name it alike: OFX often omits the branch, and
    CNAB 400 returns may carry no account at all. A liquidation's account becomes the
    one statement account of the same bank whose number (with check digit, leading
    zeros dropped) agrees, or, when the return names no number, the only statement
    account of that bank. Anything ambiguous is left as read (no three-way match then;
    the documents still match the liquidations).
    """
    statement_accounts = {
        a.tx.account_id
        for a in transactions
        if a.tx.source is TransactionSource.BANK and _account_parts(a.tx.account_id)
    }
    target: dict[str, str | None] = {}
    aligned = []
    for adapted in transactions:
        tx = adapted.tx
        if tx.source is not TransactionSource.CNAB_LIQUIDATION or tx.account_id in (
            statement_accounts
        ):
            aligned.append(adapted)
            continue
        if tx.account_id not in target:
            target[tx.account_id] = _credited_account(tx.account_id, statement_accounts)
        account = target[tx.account_id]
        if account is None:
            aligned.append(adapted)
            continue
        group = settlement_group(account, tx.posted_on)
        new_tx = replace(tx, account_id=account, settlement_group=group)
        aligned.append(AdaptedTransaction(new_tx, adapted.printed_id))
    return aligned


def _credited_account(key: str, statement_accounts: set[str]) -> str | None:
    parts = _account_parts(key)
    if parts is None:
        return None
    bank, _, number = parts
    same_bank = [k for k in sorted(statement_accounts) if (p := _account_parts(k)) and p[0] == bank]
    if number:
        same_bank = [k for k in same_bank if (p := _account_parts(k)) and p[2] == number]
    return same_bank[0] if len(same_bank) == 1 else None
