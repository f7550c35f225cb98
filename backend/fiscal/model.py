"""The canonical fiscal model every parser returns.

Frozen, slotted dataclasses: safe to share. The NF-e parser builds the ones it makes by
the dozen through the ``new_*`` functions at the end, which cost a fraction of ``__init__``.
Money and quantities are ``Decimal``; date-times keep the offset they were written with
(naive only when the layout itself has no offset, e.g. ABRASF 2.0x).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from backend.core.drafts import draft_of


class DocumentKind(StrEnum):
    """What kind of fiscal document a result is."""

    NFE = "nfe"
    NFCE = "nfce"
    NFSE = "nfse"
    CTE = "cte"
    DANFE = "danfe"


class EventKind(StrEnum):
    """Which document family an event applies to."""

    NFE = "nfe_event"
    CTE = "cte_event"
    NFSE = "nfse_event"


class Status(StrEnum):
    """The document's life-cycle status as far as the input tells."""

    AUTHORIZED = "authorized"
    CANCELLED = "cancelled"
    DENIED = "denied"
    UNKNOWN = "unknown"


class SignatureStatus(StrEnum):
    """XMLDSig outcome: ``unverified`` means signed but without a certificate to check."""

    VALID = "valid"
    INVALID = "invalid"
    UNVERIFIED = "unverified"
    ABSENT = "absent"


# Confidence of a result: XML is the legal document; a PDF rendering is read heuristically.
CONFIDENCE_XML = Decimal("1.0")
CONFIDENCE_PDF = Decimal("0.6")


@dataclass(frozen=True, slots=True)
class DocumentWarning:
    """A problem that does not prevent using the document (e.g. key disagrees with fields)."""

    code: str
    message: str
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address as written in the document."""

    street: str | None = None
    number: str | None = None
    complement: str | None = None
    district: str | None = None
    municipality_code: str | None = None
    municipality: str | None = None
    uf: str | None = None
    zip_code: str | None = None
    country_code: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Party:
    """Emitter, receiver or another participant.

    ``document`` holds digits only (letters for the alphanumeric CNPJ, free text for a
    foreign id); ``document_type`` is ``cnpj``, ``cpf``, ``foreign`` or ``None``.
    """

    document: str | None = None
    document_type: str | None = None
    name: str | None = None
    trade_name: str | None = None
    state_registration: str | None = None
    municipal_registration: str | None = None
    address: Address | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Tax:
    """One tax on an item or a service.

    ``kind`` is one of icms, icms_st, fcp, ipi, ii, pis, cofins, issqn, ibs_uf, ibs_mun,
    cbs, is, or one of the 2026 reform's other amounts (ibs_mono, cbs_deferred, ...: the
    list is in docs/fiscal.md, "Tax"). ``group`` is the XML group it came from (e.g. ICMS00,
    ICMSSN102, PISAliq); ``cst`` holds CST or CSOSN; ``class_code`` the reform's cClassTrib.
    """

    kind: str
    group: str | None = None
    cst: str | None = None
    base: Decimal | None = None
    rate: Decimal | None = None
    amount: Decimal | None = None
    origin: str | None = None
    class_code: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """A line of goods (NF-e/NFC-e) or of services (some NFS-e layouts)."""

    number: int
    code: str | None = None
    gtin: str | None = None
    description: str | None = None
    ncm: str | None = None
    cest: str | None = None
    cfop: str | None = None
    unit: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    total: Decimal | None = None
    discount: Decimal | None = None
    taxes: tuple[Tax, ...] = ()


@dataclass(frozen=True, slots=True)
class Totals:
    """Document totals. ``total`` is the amount to be paid: vNF (NF-e), net amount (NFS-e),
    vTPrest (CT-e). Other fields are ``None`` when the layout does not carry them."""

    total: Decimal
    products: Decimal | None = None
    services: Decimal | None = None
    discount: Decimal | None = None
    freight: Decimal | None = None
    insurance: Decimal | None = None
    other: Decimal | None = None
    deductions: Decimal | None = None
    icms_base: Decimal | None = None
    icms: Decimal | None = None
    icms_st: Decimal | None = None
    fcp: Decimal | None = None
    ipi: Decimal | None = None
    ii: Decimal | None = None
    pis: Decimal | None = None
    cofins: Decimal | None = None
    iss: Decimal | None = None
    ibs: Decimal | None = None
    cbs: Decimal | None = None
    selective_tax: Decimal | None = None
    withheld: Decimal | None = None
    approximate_taxes: Decimal | None = None
    total_with_reform_taxes: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Installment:
    """A duplicata: number, due date and amount."""

    number: str | None
    due_date: date | None
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Billing:
    """The invoice (fat) that groups the installments."""

    number: str | None = None
    original: Decimal | None = None
    discount: Decimal | None = None
    net: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Payment:
    """A payment (detPag): tPag method code, amount and card data when present."""

    method: str | None
    amount: Decimal
    indicator: str | None = None
    description: str | None = None
    card_acquirer: str | None = None
    card_brand: str | None = None
    card_authorization: str | None = None


@dataclass(frozen=True, slots=True)
class Transport:
    """Freight modality (modFrete) and carrier."""

    modality: str | None = None
    carrier: Party | None = None
    vehicle_plate: str | None = None
    volumes: Decimal | None = None
    gross_weight: Decimal | None = None
    net_weight: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """A referenced document: an access key, or a free description for paper documents."""

    kind: str
    access_key: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Protocol:
    """An authorization (or event registration) protocol from the tax authority."""

    number: str | None
    status_code: str | None
    status_message: str | None = None
    received_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Service:
    """NFS-e service data: codes, description, ISS and where it is due."""

    code: str | None = None
    national_code: str | None = None
    municipal_code: str | None = None
    description: str | None = None
    iss_rate: Decimal | None = None
    iss_amount: Decimal | None = None
    iss_withheld: bool | None = None
    municipality_code: str | None = None
    competence: date | None = None
    verification_code: str | None = None
    rps_number: str | None = None
    rps_series: str | None = None
    withholdings: tuple[Tax, ...] = ()


@dataclass(frozen=True, slots=True)
class FiscalDocument:
    """A parsed NF-e, NFC-e, NFS-e, CT-e or DANFE."""

    kind: DocumentKind
    layout: str
    access_key: str | None
    number: str | None
    series: str | None
    issued_at: datetime | None
    emitter: Party
    receiver: Party | None
    totals: Totals
    model: str | None = None
    exit_at: datetime | None = None
    operation_nature: str | None = None
    operation_type: str | None = None
    purpose: str | None = None
    environment: str | None = None
    status: Status = Status.UNKNOWN
    other_parties: tuple[tuple[str, Party], ...] = ()
    items: tuple[Item, ...] = ()
    billing: Billing | None = None
    installments: tuple[Installment, ...] = ()
    payments: tuple[Payment, ...] = ()
    transport: Transport | None = None
    references: tuple[Reference, ...] = ()
    protocol: Protocol | None = None
    service: Service | None = None
    additional_info: str | None = None
    fisco_info: str | None = None
    signature: SignatureStatus = SignatureStatus.ABSENT
    confidence: Decimal = CONFIDENCE_XML
    warnings: tuple[DocumentWarning, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class FiscalEvent:
    """An event on a document (cancellation, correction letter, manifestation, ...).

    It names the ``access_key`` it applies to; ``apply_events`` folds events into documents.
    """

    kind: EventKind
    layout: str
    event_type: str
    access_key: str
    description: str | None
    occurred_at: datetime | None
    sequence: int | None
    author: str | None
    environment: str | None = None
    protocol: Protocol | None = None
    correction: str | None = None
    justification: str | None = None
    authorization_protocol: str | None = None
    signature: SignatureStatus = SignatureStatus.ABSENT
    warnings: tuple[DocumentWarning, ...] = ()


FiscalRecord = FiscalDocument | FiscalEvent


# Fast construction for the NF-e parser's hot path (docs/fiscal.md, "Performance").
#
# A frozen dataclass's ``__init__`` stores each field through ``object.__setattr__``,
# about four times a plain attribute store, and a real NF-e needs some forty of these
# objects (an Item and three to five Tax per line). The ``new_*`` functions build the very
# same objects: the fields are stored on a draft subclass that adds no slots and allows
# plain stores, then the object's class is switched to the frozen class (allowed because
# the memory layout is identical). The result is indistinguishable from one built by
# ``__init__`` (type, equality, hash, repr, immutability); tests/fiscal/test_model.py
# checks every field is set. ``backend.statements.model`` does the same for its entries.


_new = object.__new__
_TaxDraft = draft_of(Tax)
_ItemDraft = draft_of(Item)
_AddressDraft = draft_of(Address)
_PartyDraft = draft_of(Party)
_TotalsDraft = draft_of(Totals)
_FiscalDocumentDraft = draft_of(FiscalDocument)


def new_tax(
    kind: str,
    group: str | None = None,
    cst: str | None = None,
    base: Decimal | None = None,
    rate: Decimal | None = None,
    amount: Decimal | None = None,
    origin: str | None = None,
    class_code: str | None = None,
) -> Tax:
    """``Tax(...)``, built the fast way (see the comment above)."""
    tax: Any = _new(_TaxDraft)
    tax.kind = kind
    tax.group = group
    tax.cst = cst
    tax.base = base
    tax.rate = rate
    tax.amount = amount
    tax.origin = origin
    tax.class_code = class_code
    tax.__class__ = Tax
    built: Tax = tax
    return built


def new_item(
    number: int,
    code: str | None = None,
    gtin: str | None = None,
    description: str | None = None,
    ncm: str | None = None,
    cest: str | None = None,
    cfop: str | None = None,
    unit: str | None = None,
    quantity: Decimal | None = None,
    unit_price: Decimal | None = None,
    total: Decimal | None = None,
    discount: Decimal | None = None,
    taxes: tuple[Tax, ...] = (),
) -> Item:
    """``Item(...)``, built the fast way (see the comment above)."""
    item: Any = _new(_ItemDraft)
    item.number = number
    item.code = code
    item.gtin = gtin
    item.description = description
    item.ncm = ncm
    item.cest = cest
    item.cfop = cfop
    item.unit = unit
    item.quantity = quantity
    item.unit_price = unit_price
    item.total = total
    item.discount = discount
    item.taxes = taxes
    item.__class__ = Item
    built: Item = item
    return built


def new_address(
    street: str | None = None,
    number: str | None = None,
    complement: str | None = None,
    district: str | None = None,
    municipality_code: str | None = None,
    municipality: str | None = None,
    uf: str | None = None,
    zip_code: str | None = None,
    country_code: str | None = None,
    country: str | None = None,
) -> Address:
    """``Address(...)``, built the fast way (see the comment above)."""
    address: Any = _new(_AddressDraft)
    address.street = street
    address.number = number
    address.complement = complement
    address.district = district
    address.municipality_code = municipality_code
    address.municipality = municipality
    address.uf = uf
    address.zip_code = zip_code
    address.country_code = country_code
    address.country = country
    address.__class__ = Address
    built: Address = address
    return built


def new_party(
    document: str | None = None,
    document_type: str | None = None,
    name: str | None = None,
    trade_name: str | None = None,
    state_registration: str | None = None,
    municipal_registration: str | None = None,
    address: Address | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> Party:
    """``Party(...)``, built the fast way (see the comment above)."""
    party: Any = _new(_PartyDraft)
    party.document = document
    party.document_type = document_type
    party.name = name
    party.trade_name = trade_name
    party.state_registration = state_registration
    party.municipal_registration = municipal_registration
    party.address = address
    party.email = email
    party.phone = phone
    party.__class__ = Party
    built: Party = party
    return built


def new_totals(
    total: Decimal,
    products: Decimal | None = None,
    services: Decimal | None = None,
    discount: Decimal | None = None,
    freight: Decimal | None = None,
    insurance: Decimal | None = None,
    other: Decimal | None = None,
    deductions: Decimal | None = None,
    icms_base: Decimal | None = None,
    icms: Decimal | None = None,
    icms_st: Decimal | None = None,
    fcp: Decimal | None = None,
    ipi: Decimal | None = None,
    ii: Decimal | None = None,
    pis: Decimal | None = None,
    cofins: Decimal | None = None,
    iss: Decimal | None = None,
    ibs: Decimal | None = None,
    cbs: Decimal | None = None,
    selective_tax: Decimal | None = None,
    withheld: Decimal | None = None,
    approximate_taxes: Decimal | None = None,
    total_with_reform_taxes: Decimal | None = None,
) -> Totals:
    """``Totals(...)``, built the fast way (see the comment above)."""
    totals: Any = _new(_TotalsDraft)
    totals.total = total
    totals.products = products
    totals.services = services
    totals.discount = discount
    totals.freight = freight
    totals.insurance = insurance
    totals.other = other
    totals.deductions = deductions
    totals.icms_base = icms_base
    totals.icms = icms
    totals.icms_st = icms_st
    totals.fcp = fcp
    totals.ipi = ipi
    totals.ii = ii
    totals.pis = pis
    totals.cofins = cofins
    totals.iss = iss
    totals.ibs = ibs
    totals.cbs = cbs
    totals.selective_tax = selective_tax
    totals.withheld = withheld
    totals.approximate_taxes = approximate_taxes
    totals.total_with_reform_taxes = total_with_reform_taxes
    totals.__class__ = Totals
    built: Totals = totals
    return built


def new_fiscal_document(
    kind: DocumentKind,
    layout: str,
    access_key: str | None,
    number: str | None,
    series: str | None,
    issued_at: datetime | None,
    emitter: Party,
    receiver: Party | None,
    totals: Totals,
    model: str | None = None,
    exit_at: datetime | None = None,
    operation_nature: str | None = None,
    operation_type: str | None = None,
    purpose: str | None = None,
    environment: str | None = None,
    status: Status = Status.UNKNOWN,
    other_parties: tuple[tuple[str, Party], ...] = (),
    items: tuple[Item, ...] = (),
    billing: Billing | None = None,
    installments: tuple[Installment, ...] = (),
    payments: tuple[Payment, ...] = (),
    transport: Transport | None = None,
    references: tuple[Reference, ...] = (),
    protocol: Protocol | None = None,
    service: Service | None = None,
    additional_info: str | None = None,
    fisco_info: str | None = None,
    signature: SignatureStatus = SignatureStatus.ABSENT,
    confidence: Decimal = CONFIDENCE_XML,
    warnings: tuple[DocumentWarning, ...] = (),
) -> FiscalDocument:
    """``FiscalDocument(...)``, built the fast way (see the comment above)."""
    document: Any = _new(_FiscalDocumentDraft)
    document.kind = kind
    document.layout = layout
    document.access_key = access_key
    document.number = number
    document.series = series
    document.issued_at = issued_at
    document.emitter = emitter
    document.receiver = receiver
    document.totals = totals
    document.model = model
    document.exit_at = exit_at
    document.operation_nature = operation_nature
    document.operation_type = operation_type
    document.purpose = purpose
    document.environment = environment
    document.status = status
    document.other_parties = other_parties
    document.items = items
    document.billing = billing
    document.installments = installments
    document.payments = payments
    document.transport = transport
    document.references = references
    document.protocol = protocol
    document.service = service
    document.additional_info = additional_info
    document.fisco_info = fisco_info
    document.signature = signature
    document.confidence = confidence
    document.warnings = warnings
    document.__class__ = FiscalDocument
    built: FiscalDocument = document
    return built
