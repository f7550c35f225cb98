"""NFS-e of the IPM / Atende.net layout (IPM Sistemas: many municipalities in SC, RS and PR).

An issued note, as the municipality's portal and web service return it, is a ``<nfse>``
without namespace: ``nf`` (number, series, date and time, status, verification code, the
national key once the municipality shares its notes, amounts), ``prestador``, ``tomador``,
``itens/lista`` (one per service line), optionally ``rps`` and ``forma_pagamento``. The full
web-service answer nests the same ``<nfse>`` in a ``<retorno>``.

Amounts use a decimal comma ("1.250,90"); dates are dd/mm/yyyy with the time apart and no
offset, so ``issued_at`` is naive. City codes (``prestador/cidade``,
``codigo_local_prestacao_servico``) are the Receita Federal's TOM (SIAFI) codes, not IBGE.
``valor_total`` is the service amount and the federal values in ``nf`` are withholdings
(``valor_rps`` is the social-security retention, kept as ``other``). An item's
``valor_tributavel`` is its ISS base with deductions already taken off; its
``situacao_tributaria`` says whether the ISS is due (0-5), withheld by the taker (1, 2, 4,
5: ``valor_issrf``) or not due at all (6-15). The layout carries no ISS amount, so it is
computed per item from the base and the rate.

Emission requests (no ``numero_nfse``), cancellation and query requests, and the short
``<retorno>`` receipt (number and status, no values) are not notes: UNSUPPORTED_LAYOUT.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from backend.core.errors import Location, ParseError
from backend.fiscal.model import (
    Address,
    DocumentKind,
    DocumentWarning,
    FiscalDocument,
    Installment,
    Item,
    Party,
    Service,
    Status,
    Tax,
    Totals,
)
from backend.fiscal.nfse_abrasf import national_nfse_key
from backend.fiscal.nfse_common import total_of, withholding_taxes
from backend.fiscal.parties import typed_document
from backend.fiscal.signature import SignatureCheck, signature_status
from backend.fiscal.values import to_decimal
from backend.fiscal.xmlwalk import (
    Element,
    Fields,
    children_named,
    descendants_named,
    index,
    local_name,
    text,
)

_ZERO = Decimal(0)
_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)
# situacao_codigo_nfse: 1 issued, 2 cancelled. A note downloaded from the portal after its
# cancellation has only nf/situacao = C.
_STATUS = {"1": Status.AUTHORIZED, "2": Status.CANCELLED}
_SITUATION = {"C": Status.CANCELLED, "N": Status.AUTHORIZED, "E": Status.AUTHORIZED}
# situacao_tributaria: the taker withholds the ISS (ISSRF or tax substitution) ...
_WITHHELD = frozenset({1, 2, 4, 5})
# ... or there is no ISS on the note (exempt, immune, fixed or estimated regime, civil
# construction paid in advance, cooperative act).
_NO_ISS = frozenset({6, 7, 8, 9, 10, 15})
# nfse_teste: 1 is a test emission (the municipality answers it and issues nothing).
_ENVIRONMENTS = {"0": "production", "1": "homologation"}
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_FEDERAL = (
    ("irrf", "valor_ir"),
    ("inss", "valor_inss"),
    ("csll", "valor_contribuicao_social"),
    ("pis", "valor_pis"),
    ("cofins", "valor_cofins"),
    ("other", "valor_rps"),
)


def parse_ipm_tree(
    root: Element, *, check_signature: SignatureCheck = "full"
) -> list[FiscalDocument]:
    """Every issued note in the tree: a ``<nfse>`` root, or ``<nfse>`` records inside a
    ``<retorno>`` (or any other wrapper)."""
    notes = [note for note in descendants_named(root, "nfse") if "nf" in index(note)]
    outer = index(None) if not notes or notes[0] is root else index(root)
    documents = []
    for position, note in enumerate(notes, 1):
        path = "/nfse" if note is root else f"/{local_name(root)}/nfse[{position}]"
        documents.append(_note(note, outer, path, check_signature))
    if not documents:
        raise _not_a_note(root, _receipt_message(root))
    return documents


def _receipt_message(root: Element) -> str:
    fields = index(root)
    number = text(fields, "numero_nfse")
    if number is not None:
        return (
            f"an IPM receipt (<{local_name(root)}>) naming NFS-e {number} without its values;"
            " the note is the XML the municipality's portal gives for it"
        )
    messages = [(message.text or "").strip() for message in descendants_named(root, "codigo")] + [
        (message.text or "").strip() for message in descendants_named(root, "erro")
    ]
    found = "; ".join(m for m in messages if m)
    if found:
        return f"an IPM <{local_name(root)}> without a note: {found[:300]}"
    return f"an IPM <{local_name(root)}> without a note (a request or a query)"


def _not_a_note(element: Element, message: str) -> ParseError:
    return ParseError("UNSUPPORTED_LAYOUT", message, Location(path=f"/{local_name(element)}"))


def _note(note: Element, outer: Fields, path: str, check: SignatureCheck) -> FiscalDocument:
    fields = index(note)
    nf = index(fields.get("nf"))

    def header(name: str) -> str | None:
        # The full web-service answer may keep the note's identity beside the <nfse>.
        return text(nf, name) or text(outer, name)

    def amount(group: Fields, name: str, where: str) -> Decimal | None:
        return to_decimal(text(group, name), f"{path}/{where}/{name}")

    number = header("numero_nfse") or text(nf, "numero")
    if number is None:
        raise _not_a_note(
            note, "an IPM emission request: <nfse> without numero_nfse is not an issued note"
        )
    services = amount(nf, "valor_total", "nf")
    lines = [index(line) for line in _item_elements(fields.get("itens"))]
    if services is None:
        if not lines:
            raise _not_a_note(
                note, f"an IPM request naming NFS-e {number} without its values (a cancellation?)"
            )
        raise ParseError(
            "MISSING_FIELD",
            "required field valor_total is missing",
            Location(path=f"{path}/nf/valor_total"),
        )
    items = tuple(_item(n, line, f"{path}/itens/lista[{n}]") for n, line in enumerate(lines, 1))
    withholdings = withholding_taxes({kind: amount(nf, tag, "nf") for kind, tag in _FEDERAL})
    situations = [_situation(line) for line in lines]
    issrf = _sum(amount(line, "valor_issrf", "itens/lista") for line in lines)
    iss = _sum(tax.amount for item in items for tax in item.taxes)
    withheld_flags = [code in _WITHHELD for code in situations if code is not None]
    iss_withheld: bool | None = any(withheld_flags) or bool(issrf)
    if not withheld_flags and issrf is None:
        iss_withheld = None
    withheld_iss = issrf if issrf else (iss if iss_withheld else None)
    discount = amount(nf, "valor_desconto", "nf")
    net = services - (discount or _ZERO) - (total_of(withholdings) or _ZERO)
    net -= withheld_iss or _ZERO
    provider = _party(index(fields.get("prestador")), None)
    taker_fields = index(fields.get("tomador"))
    taker = _party(taker_fields, text(taker_fields, "tipo")) if len(taker_fields) else None
    warnings: list[DocumentWarning] = []
    access_key = None
    raw_key = header("chave_acesso_nfse_nacional")
    if raw_key is not None:
        access_key, warning = national_nfse_key(
            raw_key, provider.document, f"{path}/nf/chave_acesso_nfse_nacional"
        )
        if warning is not None:
            warnings.append(warning)
    rps = index(fields.get("rps"))
    first = lines[0] if lines else index(None)
    rates = {item.taxes[0].rate for item in items if item.taxes and item.taxes[0].rate is not None}
    return FiscalDocument(
        kind=DocumentKind.NFSE,
        layout="nfse-ipm",
        access_key=access_key,
        number=number,
        series=header("serie_nfse"),
        issued_at=_datetime(header("data_nfse"), header("hora_nfse"), f"{path}/nf/data_nfse"),
        emitter=provider,
        receiver=taker,
        totals=Totals(
            total=net,
            services=services,
            discount=discount,
            deductions=_sum(amount(line, "valor_deducao", "itens/lista") for line in lines),
            iss=iss,
            withheld=total_of(withholdings),
        ),
        environment=_ENVIRONMENTS.get(text(fields, "nfse_teste") or ""),
        status=_status(nf, outer),
        items=items,
        installments=_installments(fields.get("forma_pagamento"), path),
        service=Service(
            code=text(first, "codigo_item_lista_servico"),
            description="\n".join(
                description for line in lines if (description := text(line, "descritivo"))
            )
            or None,
            iss_rate=rates.pop() if len(rates) == 1 else None,
            iss_amount=iss,
            iss_withheld=iss_withheld,
            municipality_code=text(first, "codigo_local_prestacao_servico"),
            competence=_date(
                text(nf, "data_fato") or text(nf, "data_fato_gerador"), f"{path}/nf/data_fato"
            ),
            verification_code=header("cod_verificador_autenticidade")
            or header("codigo_autenticidade"),
            rps_number=text(rps, "nro_recibo_provisorio"),
            rps_series=text(rps, "serie_recibo_provisorio"),
            withholdings=withholdings,
        ),
        additional_info=text(nf, "observacao"),
        signature=signature_status(fields.get("Signature"), note, check),
        warnings=tuple(warnings),
    )


def _item_elements(items: Element | None) -> list[Element]:
    return list(children_named(items, "lista")) or list(children_named(items, "item"))


def _situation(line: Fields) -> int | None:
    code = text(line, "situacao_tributaria")
    return int(code) if code is not None and code.isdigit() else None


def _item(position: int, line: Fields, path: str) -> Item:
    base = to_decimal(text(line, "valor_tributavel"), f"{path}/valor_tributavel")
    deduction = to_decimal(text(line, "valor_deducao"), f"{path}/valor_deducao")
    rate = to_decimal(
        text(line, "aliquota_item_lista_servico"), f"{path}/aliquota_item_lista_servico"
    )
    iss = None
    if _situation(line) in _NO_ISS:
        iss = _ZERO
    elif base is not None and rate is not None:
        iss = (base * rate / _HUNDRED).quantize(_CENT, ROUND_HALF_UP)
    total = None if base is None else base + (deduction or _ZERO)
    return Item(
        number=position,
        code=text(line, "codigo_item_lista_servico"),
        description=text(line, "descritivo"),
        quantity=to_decimal(text(line, "unidade_quantidade"), f"{path}/unidade_quantidade"),
        unit_price=to_decimal(
            text(line, "unidade_valor_unitario"), f"{path}/unidade_valor_unitario"
        ),
        total=total,
        taxes=(
            Tax(
                kind="issqn",
                cst=text(line, "situacao_tributaria"),
                base=base,
                rate=rate,
                amount=iss,
            ),
        )
        if base is not None or rate is not None
        else (),
    )


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the values that are present; ``None`` when none is."""
    present = [value for value in values if value is not None]
    return sum(present, _ZERO) if present else None


def _status(nf: Fields, outer: Fields) -> Status:
    code = text(nf, "situacao_codigo_nfse") or text(outer, "situacao_codigo_nfse")
    if code in _STATUS:
        return _STATUS[code]
    return _SITUATION.get((text(nf, "situacao") or "").upper(), Status.UNKNOWN)


def _party(fields: Fields, person_type: str | None) -> Party:
    """prestador or tomador; ``person_type`` is the taker's tipo (J, F or E)."""
    document = text(fields, "cpfcnpj")
    document_type = None
    if person_type == "E":
        document, document_type = text(fields, "identificador") or document, "foreign"
    elif document is not None and document.isdigit():
        # The field is numeric: leading zeros get lost on the way, and IPM pads them back.
        width = {"J": 14, "F": 11}.get(person_type or "", 14 if len(document) > 11 else 0)
        document, document_type = typed_document(document.zfill(width))
    city = text(fields, "cidade")
    area, phone = text(fields, "ddd_fone_comercial"), text(fields, "fone_comercial")
    state = text(fields, "estado") or text(fields, "uf")
    address = Address(
        street=text(fields, "logradouro"),
        number=text(fields, "numero_residencia"),
        complement=text(fields, "complemento"),
        district=text(fields, "bairro"),
        municipality_code=city if city is not None and city.isdigit() else None,
        municipality=city if city is not None and not city.isdigit() else None,
        uf=state if state is not None and len(state) == 2 else None,
        zip_code=text(fields, "cep"),
        country=text(fields, "pais"),
    )
    return Party(
        document=document,
        document_type=document_type,
        name=text(fields, "nome_razao_social"),
        trade_name=text(fields, "sobrenome_nome_fantasia"),
        state_registration=text(fields, "ie"),
        municipal_registration=text(fields, "inscricao_municipal"),
        address=None if address == Address() else address,
        email=text(fields, "email"),
        phone=(area or "") + phone if phone is not None else None,
    )


def _installments(payment: Element | None, path: str) -> tuple[Installment, ...]:
    parcels = index(payment).get("parcelas")
    result = []
    for parcel in children_named(parcels, "parcela"):
        fields = index(parcel)
        where = f"{path}/forma_pagamento/parcelas/parcela"
        value = to_decimal(text(fields, "valor"), f"{where}/valor")
        if value is not None:
            due = _date(text(fields, "data_vencimento"), f"{where}/data_vencimento")
            result.append(Installment(text(fields, "numero"), due, value))
    return tuple(result)


def _date(value: str | None, path: str) -> date | None:
    if value is None:
        return None
    match = _DATE.fullmatch(value)
    try:
        if match is not None:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ParseError(
            "INVALID_VALUE", f"{path} is not a valid date: {value[:40]!r}", Location(path=path)
        ) from None


def _datetime(day: str | None, time: str | None, path: str) -> datetime | None:
    issued = _date(day, path)
    if issued is None:
        return None
    # hora_nfse is HH:MM:SS, sometimes followed by an offset-like suffix ("14:28:29-03").
    match = _TIME.match(time or "")
    if match is None:
        return datetime(issued.year, issued.month, issued.day)
    hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        return datetime(issued.year, issued.month, issued.day, hour, minute, second)
    except ValueError:
        raise ParseError(
            "INVALID_VALUE",
            f"{path} is not a valid time: {(time or '')[:40]!r}",
            Location(path=path.replace("data_nfse", "hora_nfse")),
        ) from None
