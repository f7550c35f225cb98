"""NFS-e ABRASF 1.0 and 2.0x (CompNfse/Nfse/InfNfse), with the variations municipalities ship:
values under Servico/Valores (1.0) or ValoresNfse + DeclaracaoPrestacaoServico (2.0x), taker
as TomadorServico or Tomador, documents as Cnpj/Cpf directly or inside CpfCnpj.

Parties are read from every place the versions put them and merged, the note's own group
first: the provider from InfNfse/PrestadorServico (1.0-2.03: IdentificacaoPrestador) and
InfDeclaracaoPrestacaoServico/Prestador (2.0x; 2.04 names the provider's CNPJ only there),
the taker from InfNfse/TomadorServico (1.0) and the declaration's Tomador (2.01-2.03) or
TomadorServico (2.04), with IdentificacaoTomador/CpfCnpj or NifTomador (a foreign taker),
the intermediary from IntermediarioServico (1.0) or the declaration's Intermediario.

Municipalities migrating to the national system print the national NFS-e key in
OutrasInformacoes ("CHAVE NFSE NACIONAL: <50 characters>"); it becomes ``access_key`` when its
shape and check digit hold and it names the provider, so the note is the same document as its
national copy.

ABRASF date-times carry no UTC offset, so ``issued_at`` is naive here. ``Aliquota`` is kept
as written: some municipalities send a fraction (0.05), others a percentage (5.00).

What providers do beyond the schema: Publica (SC) writes ``Competencia`` as a month
("2012-01"), read as its first day; ABRASF 1.0 providers that withhold the ISS may leave
``ValorIss`` at 0 and put the amount in ``ValorIssRetido``. Without ``ValorLiquidoNfse``,
or when it is 0 on a note the formula gives a value to (Publica; ``TOTALS_MISMATCH``), the
net is services minus both discounts, the withholdings and the withheld ISS. A note is
cancelled when its CompNfse carries ``NfseCancelamento``, when it carries
``NfseSubstituicao`` (another note replaced it), or when its declaration's RPS has
``Status`` 2 (Betha issues such an RPS as a cancelled note). A response without any
InfNfse (a request, a receipt, an error list) is ``MISSING_FIELD`` quoting the provider's
first message.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal

from backend.core.errors import Location, ParseError
from backend.fiscal.ids import is_valid_national_nfse_key, strip_document
from backend.fiscal.model import (
    Address,
    DocumentKind,
    DocumentWarning,
    FiscalDocument,
    Party,
    Service,
    Status,
    Totals,
)
from backend.fiscal.nfse_common import total_of, withholding_taxes
from backend.fiscal.parties import document_of
from backend.fiscal.signature import SignatureCheck, signature_status
from backend.fiscal.values import to_date, to_datetime, to_decimal
from backend.fiscal.xmlwalk import (
    Element,
    Fields,
    descendants_named,
    first_descendant,
    index,
    local_name,
    text,
)

_ZERO = Decimal(0)
# Competencia as a month: "2012-01" (Publica) or "01/2012".
_MONTH = re.compile(r"(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4})")
# The label municipalities print before it (Belo Horizonte: "[CHAVE NFSE NACIONAL: ...]").
_NATIONAL_KEY_NOTE = re.compile(
    r"CHAVE[^0-9\]\[]{0,40}?NACIONAL\W{0,5}([0-9A-Z]{50})(?![0-9A-Z])", re.IGNORECASE
)


def parse_abrasf_tree(
    root: Element, *, check_signature: SignatureCheck = "full"
) -> list[FiscalDocument]:
    """Every InfNfse in the tree (ListaNfse batches, CompNfse, SOAP responses)."""
    documents = []
    for position, inf in enumerate(_infs(root), 1):
        documents.append(_nfse(inf, f"/CompNfse[{position}]/Nfse/InfNfse", check_signature))
    if not documents:
        raise ParseError("MISSING_FIELD", _no_note_message(root), Location(path="/"))
    return documents


def _no_note_message(root: Element) -> str:
    """Why a message holds no note: its root, and the provider's first message if any."""
    message = first_descendant(root, "MensagemRetorno")
    said = ""
    if message is not None:
        fields = index(message)
        parts = [text(fields, "Codigo"), text(fields, "Mensagem"), text(fields, "Correcao")]
        said = ": " + " - ".join(part for part in parts if part)[:300]
    name = next(
        (
            local_name(element)
            for element in root.iter()
            if local_name(element).endswith(("Resposta", "Envio", "Response"))
        ),
        local_name(root),
    )
    return f"no InfNfse element found in <{name}> (a request, receipt or error){said}"


def _infs(root: Element) -> list[Element]:
    return [*descendants_named(root, "InfNfse"), *descendants_named(root, "infNfse")]


def _nfse(inf: Element, path: str, check_signature: SignatureCheck) -> FiscalDocument:
    fields = index(inf)
    number = text(fields, "Numero")
    if number is None:
        raise ParseError("MISSING_FIELD", "required field Numero is missing", Location(path=path))
    declaration = first_descendant(inf, "InfDeclaracaoPrestacaoServico")
    scope = declaration if declaration is not None else inf
    service_element = first_descendant(scope, "Servico")
    service = index(service_element)
    # 2.0x: final values in ValoresNfse; declared values in Servico/Valores. 1.0: only Valores.
    final = index(fields.get("ValoresNfse"))
    declared = index(service.get("Valores"))

    def value(name: str) -> Decimal | None:
        found = text(final, name) or text(declared, name)
        return to_decimal(found, f"{path}/{name}")

    services = value("ValorServicos")
    if services is None:
        raise ParseError(
            "MISSING_FIELD",
            "required field ValorServicos is missing",
            Location(path=f"{path}/Servico/Valores/ValorServicos"),
        )
    withholdings = withholding_taxes(
        {
            "pis": value("ValorPis"),
            "cofins": value("ValorCofins"),
            "inss": value("ValorInss"),
            "irrf": value("ValorIr"),
            "csll": value("ValorCsll"),
            "other": value("OutrasRetencoes"),
        }
    )
    iss_withheld_code = text(declared, "IssRetido") or text(service, "IssRetido")
    iss_withheld = {"1": True, "2": False}.get(iss_withheld_code or "")
    iss = value("ValorIss")
    withheld_iss = value("ValorIssRetido")
    if withheld_iss and not iss:
        iss = withheld_iss
    declared_net = value("ValorLiquidoNfse")
    discount = value("DescontoIncondicionado")
    # The manual's formula: services minus both discounts, the withholdings and the
    # withheld ISS.
    net = (
        services
        - (discount or _ZERO)
        - (value("DescontoCondicionado") or _ZERO)
        - (total_of(withholdings) or _ZERO)
    )
    if iss_withheld and iss is not None:
        net -= iss
    warnings: list[DocumentWarning] = []
    if declared_net is not None and (declared_net != _ZERO or net <= _ZERO):
        net = declared_net
    elif declared_net is not None:
        # Some providers (Publica) write a ValorLiquidoNfse of 0 on a note with a value.
        warnings.append(
            DocumentWarning(
                "TOTALS_MISMATCH",
                f"ValorLiquidoNfse is 0 but services minus discounts and withholdings is {net}",
                f"{path}/ValorLiquidoNfse",
            )
        )
    rps = index(first_descendant(scope, "IdentificacaoRps"))
    declared_parties = index(declaration)
    emitter = _merged(
        _party(fields.get("PrestadorServico")),
        _party(first_descendant(scope, "Prestador")),
    )
    receiver = _merged(
        _party(fields.get("TomadorServico")),
        _party(
            _first_present(
                declared_parties.get("TomadorServico"),
                declared_parties.get("Tomador"),
                first_descendant(scope, "TomadorServico"),
                first_descendant(scope, "Tomador"),
            )
        ),
    )
    intermediary = _merged(
        _party(fields.get("IntermediarioServico")),
        _party(
            _first_present(
                declared_parties.get("Intermediario"),
                declared_parties.get("IntermediarioServico"),
            )
        ),
    )
    access_key, key_warnings = _national_key(
        (text(fields, "OutrasInformacoes"), text(declared_parties, "InformacoesComplementares")),
        emitter.document,
        path,
    )
    competence = text(fields, "Competencia") or text(index(declaration), "Competencia")
    nfse = inf.getparent()
    comp = nfse.getparent() if nfse is not None else None
    # CompNfse carries NfseCancelamento beside Nfse once the NFS-e is cancelled, and
    # NfseSubstituicao once another note replaced it; an RPS sent with Status 2 (cancelled)
    # is issued as a cancelled note.
    cancelled = text(index(first_descendant(scope, "Rps")), "Status") == "2"
    if comp is not None:
        cancelled = cancelled or "NfseSubstituicao" in index(comp)
        cancelled = cancelled or first_descendant(comp, "NfseCancelamento") is not None
    return FiscalDocument(
        kind=DocumentKind.NFSE,
        layout="nfse-abrasf-2" if declaration is not None else "nfse-abrasf-1",
        access_key=access_key,
        number=number,
        series=text(rps, "Serie"),
        issued_at=to_datetime(text(fields, "DataEmissao"), f"{path}/DataEmissao"),
        emitter=emitter,
        receiver=None if receiver == _NOBODY else receiver,
        totals=Totals(
            total=net,
            services=services,
            discount=discount,
            deductions=value("ValorDeducoes"),
            iss=iss,
            withheld=total_of(withholdings),
        ),
        status=Status.CANCELLED if cancelled else Status.AUTHORIZED,
        other_parties=() if intermediary == _NOBODY else (("intermediary", intermediary),),
        service=Service(
            code=text(service, "ItemListaServico"),
            municipal_code=text(service, "CodigoTributacaoMunicipio"),
            description=text(service, "Discriminacao"),
            iss_rate=value("Aliquota"),
            iss_amount=iss,
            iss_withheld=iss_withheld,
            municipality_code=text(service, "CodigoMunicipio"),
            competence=_competence(competence, f"{path}/Competencia"),
            verification_code=text(fields, "CodigoVerificacao"),
            rps_number=text(rps, "Numero"),
            rps_series=text(rps, "Serie"),
            withholdings=withholdings,
        ),
        signature=signature_status(index(nfse).get("Signature"), inf, check_signature),
        warnings=(*key_warnings, *warnings),
    )


_NOBODY = Party()
# The groups that identify a party in the versions: IdentificacaoPrestador (1.0-2.03 in
# PrestadorServico), IdentificacaoTomador, IdentificacaoIntermediario (2.0x).
_IDENTIFICATIONS = (
    "IdentificacaoPrestador",
    "IdentificacaoTomador",
    "IdentificacaoIntermediario",
    "IdentificacaoIntermediarioServico",
)


def _party(element: Element | None) -> Party:
    """A party from PrestadorServico, Prestador, TomadorServico, Tomador, Intermediario...:
    the document directly in the group (Cnpj, Cpf, CpfCnpj), in its Identificacao* group,
    or NifTomador for a foreign taker."""
    if element is None:
        return _NOBODY
    fields = index(element)
    identification = _identification(fields)
    document, document_type = document_of(fields)
    if document is None:
        document, document_type = document_of(identification)
    if document is None:
        foreign = text(fields, "NifTomador") or text(fields, "Nif")
        if foreign is not None:
            document, document_type = foreign, "foreign"
    contact = index(fields.get("Contato"))
    return Party(
        document=document,
        document_type=document_type,
        name=text(fields, "RazaoSocial"),
        trade_name=text(fields, "NomeFantasia"),
        municipal_registration=text(fields, "InscricaoMunicipal")
        or text(identification, "InscricaoMunicipal"),
        address=_address(fields.get("Endereco")),
        email=text(contact, "Email") or text(fields, "Email"),
        phone=text(contact, "Telefone") or text(fields, "Telefone"),
    )


def _first_present(*elements: Element | None) -> Element | None:
    # Not ``a or b``: an lxml element without children is falsy.
    return next((element for element in elements if element is not None), None)


def _identification(fields: Fields) -> Fields:
    for name in _IDENTIFICATIONS:
        element = fields.get(name)
        if element is not None:
            return index(element)
    return index(None)


def _merged(primary: Party, fallback: Party) -> Party:
    """``primary`` with its missing values taken from ``fallback`` (the document and its
    type go together)."""
    if fallback == _NOBODY:
        return primary
    values = {
        field.name: getattr(primary, field.name) or getattr(fallback, field.name)
        for field in dataclasses.fields(Party)
    }
    if primary.document is None:
        values["document_type"] = fallback.document_type
    return Party(**values)


def _national_key(
    notes: tuple[str | None, ...], provider: str | None, path: str
) -> tuple[str | None, tuple[DocumentWarning, ...]]:
    """The national NFS-e key printed in the note's free text, when it can be trusted."""
    for note in notes:
        match = _NATIONAL_KEY_NOTE.search(note or "")
        if match is not None:
            key, warning = national_nfse_key(match.group(1), provider, f"{path}/OutrasInformacoes")
            return key, () if warning is None else (warning,)
    return None, ()


def national_nfse_key(
    raw: str, provider: str | None, path: str
) -> tuple[str | None, DocumentWarning | None]:
    """The 50-character national NFS-e key ``raw`` when its shape and check digit hold and it
    names ``provider`` (when known); otherwise ``None`` and the warning saying why. A key is
    a document's identity (two documents with one key are one), so a doubtful one is never
    used."""
    key = strip_document(raw)
    if not is_valid_national_nfse_key(key):
        return None, DocumentWarning(
            "INVALID_ACCESS_KEY",
            f"the national NFS-e key {key[:60]!r} has a wrong check digit, length or characters",
            path,
        )
    issuer = key[9:23]
    if provider is not None and strip_document(provider).zfill(14) != issuer:
        return None, DocumentWarning(
            "ACCESS_KEY_MISMATCH",
            f"the national NFS-e key names the provider {issuer}, the note {provider}",
            path,
        )
    return key, None


def _competence(raw: str | None, path: str) -> date | None:
    """The competence date; a month alone ("2012-01", "01/2012") is its first day."""
    match = _MONTH.fullmatch(raw.strip()) if raw is not None else None
    if match is None:
        return to_date(raw, path)
    year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
    try:
        return date(int(year), int(month), 1)
    except ValueError:
        return to_date(raw, path)


def _address(element: Element | None) -> Address | None:
    if element is None:
        return None
    fields = index(element)
    return Address(
        street=text(fields, "Endereco"),
        number=text(fields, "Numero"),
        complement=text(fields, "Complemento"),
        district=text(fields, "Bairro"),
        municipality_code=text(fields, "CodigoMunicipio"),
        uf=text(fields, "Uf"),
        zip_code=text(fields, "Cep"),
    )
