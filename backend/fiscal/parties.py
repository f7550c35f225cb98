"""Building Party and Address values from the element shapes the layouts share, and the
check every parsed document's party documents (CNPJ/CPF) go through."""

from __future__ import annotations

import dataclasses
import re

from backend.fiscal.ids import strip_document
from backend.fiscal.model import (
    Address,
    DocumentWarning,
    FiscalDocument,
    FiscalRecord,
    Party,
    Transport,
)
from backend.fiscal.xmlwalk import Element, Fields, index, text

# Child names that carry a party's document, in the order the layouts prefer them (the NF-e
# parser qualifies them with its namespace).
DOCUMENT_FIELDS = (
    ("CNPJ", "cnpj"),
    ("CPF", "cpf"),
    ("idEstrangeiro", "foreign"),
    ("NIF", "foreign"),
    ("Cnpj", "cnpj"),
    ("Cpf", "cpf"),
)
# A CNPJ: 14 digits, or the alphanumeric CNPJ (12 of [0-9A-Z] and two numeric check digits).
_CNPJ_SHAPE = re.compile(r"[0-9A-Z]{12}[0-9]{2}")


def document_of(fields: Fields) -> tuple[str | None, str | None]:
    """(document, type) from CNPJ/CPF/foreign-id children; ABRASF nests them in CpfCnpj."""
    for name, kind in DOCUMENT_FIELDS:
        value = text(fields, name)
        if value is not None:
            return (value.upper() if kind == "cnpj" else value), kind
    nested = fields.get("CpfCnpj")
    if nested is not None:
        return document_of(index(nested))
    return None, None


def nfe_address(element: Element | None) -> Address | None:
    """Address in the NF-e/CT-e/NFS-e nacional shape (xLgr, nro, cMun, UF, CEP, ...)."""
    if element is None:
        return None
    return _address(index(element))


def _address(fields: Fields) -> Address:
    return Address(
        street=text(fields, "xLgr"),
        number=text(fields, "nro"),
        complement=text(fields, "xCpl"),
        district=text(fields, "xBairro"),
        municipality_code=text(fields, "cMun"),
        municipality=text(fields, "xMun"),
        uf=text(fields, "UF"),
        zip_code=text(fields, "CEP"),
        country_code=text(fields, "cPais"),
        country=text(fields, "xPais"),
    )


def nfe_party(element: Element | None, address_tag: str) -> Party | None:
    """A party in the NF-e/CT-e shape; ``address_tag`` is enderEmit, enderDest, ..."""
    if element is None:
        return None
    fields = index(element)
    document, document_type = document_of(fields)
    address_element = fields.get(address_tag)
    address = None if address_element is None else index(address_element)
    phone = text(fields, "fone")
    if phone is None and address is not None:
        phone = text(address, "fone")
    return Party(
        document=document,
        document_type=document_type,
        name=text(fields, "xNome"),
        trade_name=text(fields, "xFant"),
        state_registration=text(fields, "IE"),
        municipal_registration=text(fields, "IM"),
        address=None if address is None else _address(address),
        email=text(fields, "email"),
        phone=phone,
    )


def tax_id(value: str) -> tuple[str, str] | None:
    """(document, "cnpj" | "cpf") for a CNPJ or CPF, punctuation removed; ``None`` for
    anything else. Only the shape is checked, not the check digits: test and homologation
    documents carry made-up numbers, and a document should still be read."""
    document = strip_document(value)
    if len(document) == 11 and document.isdigit():
        return document, "cpf"
    if len(document) == 14 and _CNPJ_SHAPE.fullmatch(document):
        return document, "cnpj"
    return None


def typed_document(value: str | None) -> tuple[str | None, str | None]:
    """(document, "cnpj" | "cpf") for a CNPJ or CPF; anything else as written with no type,
    for ``check_tax_ids`` to report."""
    if value is None:
        return None, None
    return tax_id(value) or (value, None)


def _well_formed(party: Party | None) -> bool:
    """True when the party's document needs no change (the common case, checked cheaply)."""
    if party is None:
        return True
    document = party.document
    if document is None:
        return True
    kind = party.document_type
    if kind == "foreign":
        return True
    if kind == "cnpj":
        return len(document) == 14 and (document.isdigit() or bool(_CNPJ_SHAPE.fullmatch(document)))
    return kind == "cpf" and len(document) == 11 and document.isdigit()


def _checked(party: Party, role: str, warnings: list[DocumentWarning]) -> Party:
    document = party.document
    if document is None or _well_formed(party):
        return party
    found = tax_id(document)
    if found is None:
        shown = document if len(document) <= 40 else f"{document[:40]}..."
        warnings.append(
            DocumentWarning(
                "INVALID_TAX_ID",
                f"the {role}'s document {shown!r} is not a CNPJ or CPF; it was left out",
                f"/{role}",
            )
        )
        return dataclasses.replace(party, document=None, document_type=None)
    return dataclasses.replace(party, document=found[0], document_type=found[1])


def check_tax_ids(record: FiscalRecord) -> FiscalRecord:
    """The record with every party's document checked (every layout goes through this in
    ``backend.ingest``): a CNPJ or CPF with punctuation is reduced to its digits, and
    anything that is neither (a template's placeholder, a truncated number) is dropped with
    an INVALID_TAX_ID warning, so a Party's ``document`` is always digits (or the
    alphanumeric CNPJ, or a foreign id). Returns the record itself when nothing changes."""
    if not isinstance(record, FiscalDocument):
        return record
    transport = record.transport
    carrier = None if transport is None else transport.carrier
    if (
        _well_formed(record.emitter)
        and _well_formed(record.receiver)
        and _well_formed(carrier)
        and all(_well_formed(party) for _, party in record.other_parties)
    ):
        return record
    warnings: list[DocumentWarning] = []
    receiver = record.receiver
    return dataclasses.replace(
        record,
        emitter=_checked(record.emitter, "emitter", warnings),
        receiver=None if receiver is None else _checked(receiver, "receiver", warnings),
        other_parties=tuple(
            (role, _checked(party, role, warnings)) for role, party in record.other_parties
        ),
        transport=_checked_transport(transport, warnings),
        warnings=(*record.warnings, *warnings),
    )


def _checked_transport(
    transport: Transport | None, warnings: list[DocumentWarning]
) -> Transport | None:
    if transport is None or transport.carrier is None:
        return transport
    return dataclasses.replace(transport, carrier=_checked(transport.carrier, "carrier", warnings))
