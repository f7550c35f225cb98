"""NFS-e of the city of São Paulo (Prefeitura/Prodam layout, RetornoConsulta/NFe).

The layout has no net amount: its ValorPIS/COFINS/INSS/IR/CSLL are withholdings, so the
amount to be paid is ValorServicos minus those and minus the ISS when ISSRetido is true.
Date-times carry no offset and stay naive.
"""

from __future__ import annotations

from decimal import Decimal

from backend.core.errors import Location, ParseError
from backend.fiscal.model import (
    Address,
    DocumentKind,
    FiscalDocument,
    Party,
    Service,
    Status,
    Totals,
)
from backend.fiscal.nfse_common import total_of, withholding_taxes
from backend.fiscal.parties import document_of
from backend.fiscal.values import to_date, to_datetime, to_decimal
from backend.fiscal.xmlwalk import Element, children_named, index, text

_ZERO = Decimal(0)
_STATUS = {"N": Status.AUTHORIZED, "C": Status.CANCELLED}


def parse_sp_tree(root: Element) -> list[FiscalDocument]:
    """Every NFe record of a RetornoConsulta (or a bare NFe record)."""
    records = list(children_named(root, "NFe")) or ([root] if "ChaveNFe" in index(root) else [])
    documents = [_nfse(record, f"/RetornoConsulta/NFe[{n}]") for n, record in enumerate(records, 1)]
    if not documents:
        raise ParseError("MISSING_FIELD", "no NFe record found", Location(path="/"))
    return documents


def _nfse(record: Element, path: str) -> FiscalDocument:
    fields = index(record)
    key = index(fields.get("ChaveNFe"))
    rps = index(fields.get("ChaveRPS"))
    number = text(key, "NumeroNFe")
    services = to_decimal(text(fields, "ValorServicos"), f"{path}/ValorServicos")
    if number is None or services is None:
        raise ParseError(
            "MISSING_FIELD",
            "NumeroNFe and ValorServicos are required",
            Location(path=path),
        )
    withholdings = withholding_taxes(
        {
            kind: to_decimal(text(fields, tag), f"{path}/{tag}")
            for kind, tag in (
                ("pis", "ValorPIS"),
                ("cofins", "ValorCOFINS"),
                ("inss", "ValorINSS"),
                ("irrf", "ValorIR"),
                ("csll", "ValorCSLL"),
            )
        }
    )
    iss = to_decimal(text(fields, "ValorISS"), f"{path}/ValorISS")
    iss_withheld = (text(fields, "ISSRetido") or "").lower() == "true"
    net = services - (total_of(withholdings) or _ZERO) - (iss if iss_withheld and iss else _ZERO)
    provider_id = index(fields.get("CPFCNPJPrestador"))
    taker_id = index(fields.get("CPFCNPJTomador"))
    provider_doc, provider_type = document_of(provider_id)
    taker_doc, taker_type = document_of(taker_id)
    return FiscalDocument(
        kind=DocumentKind.NFSE,
        layout="nfse-sp",
        access_key=None,
        number=number,
        series=text(rps, "SerieRPS"),
        issued_at=to_datetime(text(fields, "DataEmissaoNFe"), f"{path}/DataEmissaoNFe"),
        emitter=Party(
            document=provider_doc,
            document_type=provider_type,
            name=text(fields, "RazaoSocialPrestador"),
            municipal_registration=text(key, "InscricaoPrestador"),
            address=_address(fields.get("EnderecoPrestador")),
            email=text(fields, "EmailPrestador"),
        ),
        receiver=Party(
            document=taker_doc,
            document_type=taker_type,
            name=text(fields, "RazaoSocialTomador"),
            municipal_registration=text(fields, "InscricaoMunicipalTomador"),
            address=_address(fields.get("EnderecoTomador")),
            email=text(fields, "EmailTomador"),
        )
        if taker_doc or text(fields, "RazaoSocialTomador")
        else None,
        totals=Totals(
            total=net,
            services=services,
            deductions=to_decimal(text(fields, "ValorDeducoes"), f"{path}/ValorDeducoes"),
            iss=iss,
            withheld=total_of(withholdings),
        ),
        status=_STATUS.get(text(fields, "StatusNFe") or "", Status.UNKNOWN),
        service=Service(
            code=text(fields, "CodigoServico"),
            description=text(fields, "Discriminacao"),
            iss_rate=to_decimal(text(fields, "AliquotaServicos"), f"{path}/AliquotaServicos"),
            iss_amount=iss,
            iss_withheld=iss_withheld,
            municipality_code="3550308",
            competence=to_date(text(fields, "DataEmissaoRPS"), f"{path}/DataEmissaoRPS"),
            verification_code=text(key, "CodigoVerificacao"),
            rps_number=text(rps, "NumeroRPS"),
            rps_series=text(rps, "SerieRPS"),
            withholdings=withholdings,
        ),
    )


def _address(element: Element | None) -> Address | None:
    if element is None:
        return None
    fields = index(element)
    street = " ".join(filter(None, (text(fields, "TipoLogradouro"), text(fields, "Logradouro"))))
    return Address(
        street=street or None,
        number=text(fields, "NumeroEndereco"),
        complement=text(fields, "ComplementoEndereco"),
        district=text(fields, "Bairro"),
        municipality_code=text(fields, "Cidade"),
        uf=text(fields, "UF"),
        zip_code=text(fields, "CEP"),
    )
