"""Building Party and Address values from the element shapes the layouts share."""

from __future__ import annotations

from backend.fiscal.model import Address, Party
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
