"""Write OFX 1.x/2.x, CNAB 240/400 and CSV files whose every value is known.

Field positions here are typed from the published layouts independently of the
parsers' tables, so a generated file checks the parsers rather than echoing them.
Every generator is deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

_MEMOS = (
    "PIX RECEBIDO JOÃO DA SILVA",
    "PIX ENVIADO COMÉRCIO SÃO PAULO LTDA",
    "TED 341.4321 ALIMENTOS DIAS EPP",
    "DOC CRÉDITO EM CONTA",
    "PAGAMENTO DE BOLETO EFETUADO - FORNECEDOR EXEMPLO LTDA",
    "TARIFA PACOTE SERVIÇOS",
    "IOF IMPOSTO OPERAÇÕES FINANCEIRAS",
    "JUROS CHEQUE ESPECIAL",
    "COMPRA CARTÃO MAESTRO PADARIA",
    "TRANSFERÊNCIA ENTRE CONTAS 12.345.678/0001-95",
    "CHEQUE COMPENSADO",
)


@dataclass(frozen=True, slots=True)
class GenEntry:
    """One statement line to write."""

    posted_on: date
    amount: Decimal
    memo: str
    fitid: str


def random_entries(count: int, seed: int = 0, start: date = date(2026, 9, 1)) -> list[GenEntry]:
    """``count`` lines over consecutive days with amounts between -5,000 and 5,000."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    entries = []
    for index in range(count):
        cents = rng.randint(-500_000, 500_000) or 1
        entries.append(
            GenEntry(
                posted_on=start + timedelta(days=index // 7),
                amount=Decimal(cents).scaleb(-2),
                memo=rng.choice(_MEMOS),
                fitid=f"{seed:04d}{index:08d}",
            )
        )
    return entries


@dataclass(frozen=True, slots=True)
class GenStatement:
    """One OFX statement: account, lines and the closing balance."""

    entries: list[GenEntry]
    bank_id: str = "341"
    account_id: str = "12345-6"
    branch_id: str | None = None
    ledger_balance: Decimal | None = None
    start: date | None = None
    end: date | None = None
    credit_card: bool = False


@dataclass(frozen=True, slots=True)
class OfxStyle:
    """How broken the OFX should be.

    ``version`` 1 writes SGML, 2 writes XML. ``close_leaves`` closes SGML leaf tags;
    ``charset`` is the real encoding while the header always declares USASCII;
    ``date_suffix`` follows every date; ``comma_decimal`` writes ``-12,34``.
    """

    version: int = 1
    close_leaves: bool = False
    charset: str = "cp1252"
    date_suffix: str = "120000[-3:BRT]"
    comma_decimal: bool = False
    newline: str = "\r\n"


def _ofx_amount(value: Decimal, style: OfxStyle) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if style.comma_decimal else text


def make_ofx(statements: list[GenStatement], style: OfxStyle | None = None) -> bytes:
    """An OFX file holding ``statements`` written in ``style``."""
    style = style or OfxStyle()
    xml = style.version == 2
    out: list[str] = []

    def leaf(name: str, value: str) -> None:
        closing = f"</{name}>" if xml or style.close_leaves else ""
        out.append(f"<{name}>{_escape(value) if xml else value}{closing}")

    def day(value: date) -> str:
        return value.strftime("%Y%m%d") + style.date_suffix

    if xml:
        out.append('<?xml version="1.0" encoding="US-ASCII" standalone="no"?>')
        out.append(
            '<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" '
            'NEWFILEUID="NONE"?>'
        )
    else:
        out.extend(
            [
                "OFXHEADER:100",
                "DATA:OFXSGML",
                "VERSION:102",
                "SECURITY:NONE",
                "ENCODING:USASCII",
                "CHARSET:1252",
                "COMPRESSION:NONE",
                "OLDFILEUID:NONE",
                "NEWFILEUID:NONE",
                "",
            ]
        )
    out.extend(["<OFX>", "<SIGNONMSGSRSV1>", "<SONRS>", "<STATUS>"])
    leaf("CODE", "0")
    leaf("SEVERITY", "INFO")
    out.append("</STATUS>")
    last_day = max((e.posted_on for s in statements for e in s.entries), default=date(2026, 9, 1))
    leaf("DTSERVER", day(max([last_day, *(s.end for s in statements if s.end)])))
    leaf("LANGUAGE", "POR")
    out.extend(["</SONRS>", "</SIGNONMSGSRSV1>"])
    banks = [s for s in statements if not s.credit_card]
    cards = [s for s in statements if s.credit_card]
    for group, wrapper, trnrs, stmtrs, acct in (
        (banks, "BANKMSGSRSV1", "STMTTRNRS", "STMTRS", "BANKACCTFROM"),
        (cards, "CREDITCARDMSGSRSV1", "CCSTMTTRNRS", "CCSTMTRS", "CCACCTFROM"),
    ):
        if not group:
            continue
        out.append(f"<{wrapper}>")
        for number, statement in enumerate(group, 1):
            out.append(f"<{trnrs}>")
            leaf("TRNUID", str(number))
            out.append("<STATUS>")
            leaf("CODE", "0")
            leaf("SEVERITY", "INFO")
            out.extend(["</STATUS>", f"<{stmtrs}>"])
            leaf("CURDEF", "BRL")
            out.append(f"<{acct}>")
            if not statement.credit_card:
                leaf("BANKID", statement.bank_id)
                if statement.branch_id:
                    leaf("BRANCHID", statement.branch_id)
            leaf("ACCTID", statement.account_id)
            if not statement.credit_card:
                leaf("ACCTTYPE", "CHECKING")
            out.extend([f"</{acct}>", "<BANKTRANLIST>"])
            days = [e.posted_on for e in statement.entries] or [last_day]
            leaf("DTSTART", day(statement.start or min(days)))
            leaf("DTEND", day(statement.end or max(days)))
            for entry in statement.entries:
                out.append("<STMTTRN>")
                leaf("TRNTYPE", "CREDIT" if entry.amount > 0 else "DEBIT")
                leaf("DTPOSTED", day(entry.posted_on))
                leaf("TRNAMT", _ofx_amount(entry.amount, style))
                leaf("FITID", entry.fitid)
                leaf("MEMO", entry.memo)
                out.append("</STMTTRN>")
            out.append("</BANKTRANLIST>")
            if statement.ledger_balance is not None:
                out.append("<LEDGERBAL>")
                leaf("BALAMT", _ofx_amount(statement.ledger_balance, style))
                leaf("DTASOF", day(max(days)))
                out.append("</LEDGERBAL>")
            out.extend([f"</{stmtrs}>", f"</{trnrs}>"])
        out.append(f"</{wrapper}>")
    out.append("</OFX>")
    return (style.newline.join(out) + style.newline).encode(style.charset)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True, slots=True)
class GenTitle:
    """One collection title as a return file reports it."""

    nosso_numero: str
    seu_numero: str
    amount: Decimal
    paid: Decimal
    occurrence: str = "06"
    interest: Decimal = Decimal("0.00")
    discount: Decimal = Decimal("0.00")
    rebate: Decimal = Decimal("0.00")
    fee: Decimal = Decimal("0.00")
    due: date = date(2026, 9, 10)
    occurred: date = date(2026, 9, 12)
    credited: date = date(2026, 9, 14)
    payer_name: str = "COMERCIAL SILVA LTDA"
    payer_cnpj: str = "12345678000195"


def random_titles(count: int, seed: int = 0) -> list[GenTitle]:
    """``count`` titles: mostly liquidations, some entries (02) and rejections (03)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    titles = []
    for index in range(count):
        amount = Decimal(rng.randint(1_000, 900_000)).scaleb(-2)
        interest = Decimal(rng.choice((0, 0, 150, 275))).scaleb(-2)
        titles.append(
            GenTitle(
                nosso_numero=f"{index + 1:08d}",
                seu_numero=f"NF{index + 1:06d}",
                amount=amount,
                paid=amount + interest,
                interest=interest,
                occurrence=rng.choice(("06", "06", "06", "06", "02", "03")),
                fee=Decimal("1.99"),
            )
        )
    return titles


class _Record:
    """A fixed-width record filled by 1-based, inclusive positions as layouts print them."""

    def __init__(self, width: int, fill: str = " ") -> None:
        self.chars = [fill] * width

    def put(self, start: int, end: int, value: str, *, number: bool = False) -> None:
        size = end - start + 1
        text = value.rjust(size, "0") if number else value.ljust(size)
        if len(text) != size:
            raise ValueError(f"{value!r} does not fit positions {start}-{end}")
        self.chars[start - 1 : end] = list(text)

    def money(self, start: int, end: int, value: Decimal) -> None:
        self.put(start, end, str(int(value * 100)), number=True)

    def __str__(self) -> str:
        return "".join(self.chars)


def make_cnab240_collection(
    titles: list[GenTitle], bank: str = "001", *, trim: bool = False
) -> bytes:
    """A CNAB 240 collection return (segments T and U) in FEBRABAN positions.

    ``trim`` strips trailing blanks from every record, as several banks do.
    """
    lines: list[str] = []
    header = _Record(240)
    header.put(1, 3, bank)
    header.put(4, 7, "0000")
    header.put(8, 8, "0")
    header.put(18, 18, "2")
    header.put(19, 32, "12345678000195")
    header.put(53, 57, "01234")
    header.put(58, 58, "5")
    header.put(59, 70, "000000005432")
    header.put(71, 71, "1")
    header.put(73, 102, "EMPRESA EXEMPLO")
    header.put(143, 143, "2")
    header.put(144, 151, "14092026")
    lines.append(str(header))
    batch = _Record(240)
    batch.put(1, 3, bank)
    batch.put(4, 7, "0001")
    batch.put(8, 8, "1")
    batch.put(9, 9, "T")
    batch.put(10, 11, "01")
    lines.append(str(batch))
    sequence = 0
    for title in titles:
        sequence += 1
        t = _Record(240)
        t.put(1, 3, bank)
        t.put(4, 7, "0001")
        t.put(8, 8, "3")
        t.put(9, 13, str(sequence % 100_000), number=True)
        t.put(14, 14, "T")
        t.put(16, 17, title.occurrence)
        t.put(18, 22, "01234")
        t.put(23, 23, "5")
        t.put(24, 35, "000000005432")
        t.put(36, 36, "1")
        t.put(38, 57, title.nosso_numero)
        t.put(58, 58, "1")
        t.put(59, 73, title.seu_numero)
        t.put(74, 81, title.due.strftime("%d%m%Y"))
        t.money(82, 96, title.amount)
        t.put(97, 99, bank)
        t.put(133, 133, "2")
        t.put(134, 148, title.payer_cnpj, number=True)
        t.put(149, 188, title.payer_name)
        t.money(199, 213, title.fee)
        lines.append(str(t))
        sequence += 1
        u = _Record(240)
        u.put(1, 3, bank)
        u.put(4, 7, "0001")
        u.put(8, 8, "3")
        u.put(9, 13, str(sequence % 100_000), number=True)
        u.put(14, 14, "U")
        u.put(16, 17, title.occurrence)
        u.money(18, 32, title.interest)
        u.money(33, 47, title.discount)
        u.money(48, 62, title.rebate)
        u.money(63, 77, Decimal("0"))
        u.money(78, 92, title.paid)
        u.money(93, 107, title.paid - title.fee)
        u.money(108, 122, Decimal("0"))
        u.money(123, 137, Decimal("0"))
        u.put(138, 145, title.occurred.strftime("%d%m%Y"))
        u.put(146, 153, title.credited.strftime("%d%m%Y"))
        lines.append(str(u))
    lines.extend(_trailers_240(bank, sequence))
    if trim:
        lines = [line.rstrip() for line in lines]
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def _trailers_240(bank: str, details: int) -> list[str]:
    batch = _Record(240)
    batch.put(1, 3, bank)
    batch.put(4, 7, "0001")
    batch.put(8, 8, "5")
    batch.put(18, 23, str((details + 2) % 1_000_000), number=True)
    trailer = _Record(240)
    trailer.put(1, 3, bank)
    trailer.put(4, 7, "9999")
    trailer.put(8, 8, "9")
    trailer.put(18, 23, "000001")
    trailer.put(24, 29, str((details + 4) % 1_000_000), number=True)
    return [str(batch), str(trailer)]


@dataclass(frozen=True, slots=True)
class GenPayment:
    """A supplier payment (segment A + B) or a boleto payment (segment J + J-52)."""

    segment: str
    seu_numero: str
    amount: Decimal
    paid_on: date
    name: str
    document: str
    occurrence: str = "00"
    chamber: str = "018"
    barcode: str = "34191090080012213037050059980008190740000012345"[:44]


def make_cnab240_payments(payments: list[GenPayment], bank: str = "341") -> bytes:
    """A CNAB 240 payment return: batch header with the debited account, A/B and J/J-52."""
    lines: list[str] = []
    header = _Record(240)
    header.put(1, 3, bank)
    header.put(4, 7, "0000")
    header.put(8, 8, "0")
    header.put(143, 143, "2")
    lines.append(str(header))
    batch = _Record(240)
    batch.put(1, 3, bank)
    batch.put(4, 7, "0001")
    batch.put(8, 8, "1")
    batch.put(9, 9, "C")
    batch.put(10, 11, "20")
    batch.put(53, 57, "04321")
    batch.put(58, 58, "0")
    batch.put(59, 70, "000000098765")
    batch.put(71, 71, "4")
    lines.append(str(batch))
    sequence = 0
    for payment in payments:
        sequence += 1
        rec = _Record(240)
        rec.put(1, 3, bank)
        rec.put(4, 7, "0001")
        rec.put(8, 8, "3")
        rec.put(9, 13, str(sequence % 100_000), number=True)
        rec.put(14, 14, payment.segment)
        rec.put(231, 240, payment.occurrence)
        if payment.segment == "A":
            rec.put(18, 20, payment.chamber)
            rec.put(21, 23, "001")
            rec.put(44, 73, payment.name)
            rec.put(74, 93, payment.seu_numero)
            rec.put(94, 101, payment.paid_on.strftime("%d%m%Y"))
            rec.put(102, 104, "BRL")
            rec.money(120, 134, payment.amount)
            rec.put(155, 162, payment.paid_on.strftime("%d%m%Y"))
            rec.money(163, 177, payment.amount)
        else:
            rec.put(18, 61, payment.barcode)
            rec.put(62, 91, payment.name)
            rec.put(92, 99, payment.paid_on.strftime("%d%m%Y"))
            rec.money(100, 114, payment.amount)
            rec.money(115, 129, Decimal("0"))
            rec.money(130, 144, Decimal("0"))
            rec.put(145, 152, payment.paid_on.strftime("%d%m%Y"))
            rec.money(153, 167, payment.amount)
            rec.put(183, 202, payment.seu_numero)
        lines.append(str(rec))
        sequence += 1
        extra = _Record(240)
        extra.put(1, 3, bank)
        extra.put(4, 7, "0001")
        extra.put(8, 8, "3")
        extra.put(9, 13, str(sequence % 100_000), number=True)
        if payment.segment == "A":
            extra.put(14, 14, "B")
            extra.put(18, 18, "2" if len(payment.document) == 14 else "1")
            extra.put(19, 32, payment.document, number=True)
        else:
            extra.put(14, 14, "J")
            extra.put(18, 19, "52")
            extra.put(76, 76, "2" if len(payment.document) == 14 else "1")
            extra.put(77, 91, payment.document, number=True)
            extra.put(92, 131, payment.name)
        lines.append(str(extra))
    lines.extend(_trailers_240(bank, sequence))
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


# 1-based (start, end) of the nosso número per bank, from each bank's CNAB 400 manual.
NOSSO_NUMERO_400: dict[str, tuple[int, int]] = {
    "237": (71, 82),
    "341": (63, 70),
    "033": (63, 70),
    "104": (57, 73),
    "748": (48, 62),
    "041": (63, 72),
    "004": (63, 70),
    "756": (63, 74),
    "001": (64, 80),
}
# Banks whose occurrence code for a plain liquidation is not 06.
LIQUIDATION_CODE_400 = {"104": "21"}


def make_cnab400(titles: list[GenTitle], bank: str = "237") -> bytes:
    """A CNAB 400 collection return for ``bank`` (Banco do Brasil writes type-7 records)."""
    header = _Record(400)
    header.put(1, 19, "02RETORNO01COBRANCA")
    header.put(47, 76, "EMPRESA EXEMPLO")
    header.put(77, 79, bank)
    header.put(95, 100, "140926")
    header.put(395, 400, "000001")
    lines = [str(header)]
    nn_start, nn_end = NOSSO_NUMERO_400[bank]
    cbr643 = bank in ("001", "756")
    for sequence, title in enumerate(titles, 2):
        rec = _Record(400)
        rec.put(1, 1, "7" if bank == "001" else "1")
        rec.put(2, 3, "02")
        rec.put(4, 17, "12345678000195")
        rec.put(nn_start, nn_end, title.nosso_numero, number=True)
        rec.put(109, 110, title.occurrence)
        rec.put(111, 116, title.occurred.strftime("%d%m%y"))
        rec.put(117, 126, title.seu_numero)
        rec.put(147, 152, title.due.strftime("%d%m%y"))
        rec.money(153, 165, title.amount)
        rec.put(166, 168, bank)
        if cbr643:
            rec.put(176, 181, title.credited.strftime("%d%m%y"))
            rec.money(182, 188, title.fee)
        elif bank in ("748",):
            rec.money(182, 188, title.fee)
        else:
            rec.money(176, 188, title.fee)
        rec.money(228, 240, title.rebate)
        rec.money(241, 253, title.discount)
        rec.money(254, 266, title.paid)
        rec.money(267, 279, title.interest)
        if not cbr643 and bank not in ("748", "004"):
            start = 294 if bank == "104" else 296
            rec.put(start, start + 5, title.credited.strftime("%d%m%y"))
        rec.put(395, 400, str(sequence), number=True)
        lines.append(str(rec))
    trailer = _Record(400)
    trailer.put(1, 3, "920")
    trailer.put(4, 6, bank)
    trailer.put(395, 400, str(len(titles) + 2), number=True)
    lines.append(str(trailer))
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def format_brl(value: Decimal, *, thousands: bool = True) -> str:
    """``-1234.5`` -> ``-1.234,50`` (or ``-1234,50`` without thousands)."""
    sign = "-" if value < 0 else ""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    if thousands:
        whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{cents}"


@dataclass(frozen=True, slots=True)
class CsvStyle:
    """The dialect of a generated bank CSV."""

    header: tuple[str, str, str] = ("Data", "Descrição", "Valor")
    delimiter: str = ";"
    decimal_comma: bool = True
    thousands: bool = True
    date_format: str = "%d/%m/%Y"
    encoding: str = "cp1252"
    bom: bool = False
    preamble: tuple[str, ...] = field(default_factory=tuple)
    newline: str = "\r\n"


def make_bank_csv(entries: list[GenEntry], style: CsvStyle | None = None) -> bytes:
    """A bank CSV with date, description and signed amount columns."""
    style = style or CsvStyle()
    rows = [*style.preamble, style.delimiter.join(style.header)]
    for entry in entries:
        if style.decimal_comma:
            amount = format_brl(entry.amount, thousands=style.thousands)
        else:
            amount = f"{entry.amount:.2f}"
        memo = entry.memo
        if style.delimiter in memo or '"' in memo:
            memo = '"' + memo.replace('"', '""') + '"'
        if style.delimiter in amount:
            amount = f'"{amount}"'
        rows.append(
            style.delimiter.join((entry.posted_on.strftime(style.date_format), memo, amount))
        )
    text = style.newline.join(rows) + style.newline
    return (b"\xef\xbb\xbf" if style.bom else b"") + text.encode(style.encoding)


@dataclass(frozen=True, slots=True)
class GenLedgerEntry:
    """A double-entry ledger line."""

    posted_on: date
    debit_account: str
    credit_account: str
    amount: Decimal
    history: str
    document: str


def random_ledger(count: int, seed: int = 0) -> list[GenLedgerEntry]:
    """Payments to suppliers and receipts from customers through bank account 1.1.1.02.001."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    rows = []
    for index in range(count):
        amount = Decimal(rng.randint(1_000, 900_000)).scaleb(-2)
        if index % 2:
            rows.append(
                GenLedgerEntry(
                    date(2026, 9, 1 + index % 28),
                    "2.1.1.01.001",
                    "1.1.1.02.001",
                    amount,
                    f"PAGTO FORNECEDOR COMÉRCIO LTDA NF {index}",
                    f"NF{index}",
                )
            )
        else:
            rows.append(
                GenLedgerEntry(
                    date(2026, 9, 1 + index % 28),
                    "1.1.1.02.001",
                    "1.1.2.01.001",
                    amount,
                    f"RECEBIMENTO NF {index} CLIENTE SÃO JOSÉ",
                    f"NF{index}",
                )
            )
    return rows


def make_ledger_csv(rows: list[GenLedgerEntry], *, encoding: str = "cp1252") -> bytes:
    """A ledger export: Data;Conta Débito;Conta Crédito;Valor;Histórico;Documento."""
    lines = ["Data;Conta Débito;Conta Crédito;Valor;Histórico;Documento"]
    for row in rows:
        lines.append(
            ";".join(
                (
                    row.posted_on.strftime("%d/%m/%Y"),
                    row.debit_account,
                    row.credit_account,
                    format_brl(row.amount),
                    row.history,
                    row.document,
                )
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@dataclass(frozen=True, slots=True)
class GenStatementEntry:
    """One entry of a CNAB 240 bank statement (segment E)."""

    posted_on: date
    amount: Decimal  # signed: negative is a debit
    history: str
    history_code: str = "0001"
    category: str = "201"
    document: str = ""


def random_statement_entries(count: int, seed: int = 0) -> list[GenStatementEntry]:
    """``count`` credits and debits over consecutive days, with documents and categories."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    entries = []
    for index in range(count):
        cents = rng.randint(-300_000, 300_000) or 1
        debit = cents < 0
        entries.append(
            GenStatementEntry(
                posted_on=date(2026, 9, 1) + timedelta(days=index // 5),
                amount=Decimal(cents).scaleb(-2),
                history=rng.choice(("TARIFA BANCARIA", "PIX ENVIADO", "TED EMITIDA"))
                if debit
                else rng.choice(("PIX RECEBIDO", "DEPOSITO", "LIQUIDO DE COBRANCA")),
                history_code=f"{rng.randint(1, 9999):04d}",
                category="105" if debit else "201",
                document=f"DOC{index:06d}",
            )
        )
    return entries


def make_cnab240_statement(
    entries: list[GenStatementEntry],
    bank: str = "341",
    opening: Decimal = Decimal("1000.00"),
    *,
    closing: Decimal | None = None,
) -> bytes:
    """A CNAB 240 bank statement for reconciliation: one lot (operation E), segment E
    entries, opening balance in the lot header, closing balance and sums in its trailer.

    ``closing`` defaults to the opening balance plus the entries.
    """
    debits = sum((-e.amount for e in entries if e.amount < 0), Decimal("0"))
    credits = sum((e.amount for e in entries if e.amount > 0), Decimal("0"))
    closing = opening + credits - debits if closing is None else closing
    first = min((e.posted_on for e in entries), default=date(2026, 9, 1))
    last = max((e.posted_on for e in entries), default=first)

    def account_fields(rec: _Record) -> None:
        rec.put(18, 18, "2")
        rec.put(19, 32, "12345678000195")
        rec.put(53, 57, "01234")
        rec.put(58, 58, "5")
        rec.put(59, 70, "000000098765")
        rec.put(71, 71, "4")

    def balance(rec: _Record, day: date, value: Decimal, position: str) -> None:
        rec.put(143, 150, day.strftime("%d%m%Y"))
        rec.money(151, 168, abs(value))
        rec.put(169, 169, "D" if value < 0 else "C")
        rec.put(170, 170, position)

    header = _Record(240)
    header.put(1, 3, bank)
    header.put(4, 7, "0000")
    header.put(8, 8, "0")
    account_fields(header)
    header.put(73, 102, "EMPRESA EXEMPLO")
    header.put(143, 143, "2")
    header.put(144, 151, last.strftime("%d%m%Y"))
    lot = _Record(240)
    lot.put(1, 3, bank)
    lot.put(4, 7, "0001")
    lot.put(8, 8, "1")
    lot.put(9, 17, "E0440033 ")
    account_fields(lot)
    lot.put(73, 102, "EMPRESA EXEMPLO")
    balance(lot, first, opening, "F")
    lot.put(171, 173, "BRL")
    lot.put(174, 178, "00001")
    lines = [str(header), str(lot)]
    for sequence, entry in enumerate(entries, 1):
        rec = _Record(240)
        rec.put(1, 3, bank)
        rec.put(4, 7, "0001")
        rec.put(8, 8, "3")
        rec.put(9, 13, str(sequence % 100_000), number=True)
        rec.put(14, 14, "E")
        account_fields(rec)
        rec.put(73, 102, "EMPRESA EXEMPLO")
        rec.put(109, 111, "DPV")
        rec.put(134, 134, "S")
        rec.put(135, 142, entry.posted_on.strftime("%d%m%Y"))
        rec.put(143, 150, entry.posted_on.strftime("%d%m%Y"))
        rec.money(151, 168, abs(entry.amount))
        rec.put(169, 169, "D" if entry.amount < 0 else "C")
        rec.put(170, 172, entry.category)
        rec.put(173, 176, entry.history_code)
        rec.put(177, 201, entry.history)
        rec.put(202, 240, entry.document)
        lines.append(str(rec))
    trailer = _Record(240)
    trailer.put(1, 3, bank)
    trailer.put(4, 7, "0001")
    trailer.put(8, 8, "5")
    account_fields(trailer)
    balance(trailer, last, closing, "F")
    trailer.put(171, 176, str(len(entries) + 2), number=True)
    trailer.money(177, 194, debits)
    trailer.money(195, 212, credits)
    lines.append(str(trailer))
    end = _Record(240)
    end.put(1, 3, bank)
    end.put(4, 7, "9999")
    end.put(8, 8, "9")
    end.put(18, 23, "000001")
    end.put(24, 29, str(len(entries) + 4), number=True)
    lines.append(str(end))
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


# How real banks write fixed-width files slightly wrong (see ``quirk``).
QUIRKS = (
    "short_lines",
    "long_blank_lines",
    "trimmed",
    "bom",
    "irregular",
    "shifted_header",
    "shifted_records",
    "line_end_mix",
    "lf",
    "cr",
    "no_final_newline",
    "nul_padding",
)


def quirk(data: bytes, name: str) -> bytes:
    """``data`` (a CNAB file with CR LF line ends) written with the quirk ``name``.

    Each quirk keeps every field where a tolerant reader finds it: lines one character
    short (the blank last column dropped; every layout ends a record with blanks or a
    sequence number the readers do not read) or one blank long, trailing blanks
    trimmed, a UTF-8 byte-order mark, lines of irregular length, the header (or every
    record) starting one column late, mixed and other line ends, no final line end,
    NUL padding.
    """
    lines = data.decode("latin-1").split("\r\n")[:-1]
    if name == "short_lines":
        lines = [line[:-1] for line in lines]
    elif name == "long_blank_lines":
        lines = [line + " " for line in lines]
    elif name == "trimmed":
        lines = [line.rstrip() for line in lines]
    elif name == "irregular":
        lines = [line.rstrip() + " " * (index % 3) for index, line in enumerate(lines)]
    elif name == "shifted_header":
        lines[0] = " " + lines[0][:-1]
    elif name == "shifted_records":
        lines = [" " + line for line in lines]
    elif name == "nul_padding":
        lines = [line.rstrip() + "\x00" * 4 for line in lines]
    text = {
        "line_end_mix": "".join(line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(lines)),
        "lf": "\n".join(lines) + "\n",
        "cr": "\r".join(lines) + "\r",
        "no_final_newline": "\r\n".join(lines),
    }.get(name, "\r\n".join(lines) + "\r\n")
    raw = text.encode("latin-1")
    if name == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif name not in QUIRKS:
        raise ValueError(f"unknown quirk {name!r}")
    return raw
