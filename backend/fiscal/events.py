"""Events on fiscal documents: NF-e/NFC-e (procEventoNFe, envEvento, evento, retEvento),
CT-e (procEventoCTe, eventoCTe) and NFS-e Padrão Nacional (evento/pedRegEvento).

Cancellation 110111, correction letter (CC-e) 110110 and the recipient's manifestations
(210200, 210210, 210220, 210240) share one shape; the details we keep are the correction
text, the justification and the protocol of the authorization being cancelled.
``apply_events`` folds registered cancellations into documents.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from backend.core.errors import Location, ParseError
from backend.fiscal.ids import is_valid_access_key, strip_document
from backend.fiscal.model import (
    DocumentWarning,
    EventKind,
    FiscalDocument,
    FiscalEvent,
    Protocol,
    Status,
)
from backend.fiscal.protocols import (
    CANCELLATION_BY_SUBSTITUTION_EVENT,
    CANCELLATION_EVENT,
    EVENT_REGISTERED,
    parse_protocol,
)
from backend.fiscal.signature import SignatureCheck, signature_status
from backend.fiscal.values import to_datetime, to_int
from backend.fiscal.xmlwalk import (
    Element,
    Fields,
    descendants_named,
    first_descendant,
    index,
    text,
)

_ENVIRONMENTS = {"1": "production", "2": "homologation"}
_EVENT_TAGS = ("evento", "eventoCTe")
_RESULT_TAGS = ("retEvento", "retEventoCTe")
# NFS-e nacional cancellation codes (101101 cancellation, 105102 by substitution).
_NFSE_CANCELLATIONS = frozenset({"101101", "105102"})


def parse_event_tree(
    root: Element, *, check_signature: SignatureCheck = "full"
) -> list[FiscalEvent]:
    """Every event in a tree: procEventoNFe, envEvento batches, SOAP wrappers, bare retEvento,
    and national NFS-e evento or bare pedRegEvento."""
    results = {_result_key(r): r for tag in _RESULT_TAGS for r in descendants_named(root, tag)}
    events: list[FiscalEvent] = []
    for tag in _EVENT_TAGS:
        for position, event in enumerate(descendants_named(root, tag), 1):
            if first_descendant(event, "pedRegEvento") is not None:
                events.append(_nfse_event(event, check_signature))
            else:
                events.append(_event(event, results, check_signature, f"/{tag}[{position}]"))
    if not events:
        # A national NFS-e event request not yet registered (pedRegEvento on its own), like
        # an NF-e envEvento without its receipt.
        for request in descendants_named(root, "pedRegEvento"):
            events.append(_nfse_event(request, check_signature))
    if not events:
        # A bare registration receipt still tells which key was cancelled or corrected.
        for tag in _RESULT_TAGS:
            for position, result in enumerate(descendants_named(root, tag), 1):
                events.append(_event_from_result(result, f"/{tag}[{position}]"))
    if not events:
        raise ParseError("MISSING_FIELD", "no event found", Location(path="/"))
    return events


def _result_key(result: Element) -> tuple[str | None, str | None, str | None]:
    fields = index(first_descendant(result, "infEvento"))
    key = text(fields, "chNFe") or text(fields, "chCTe")
    return key, text(fields, "tpEvento"), text(fields, "nSeqEvento")


def _event(
    event: Element,
    results: dict[tuple[str | None, str | None, str | None], Element],
    check_signature: SignatureCheck,
    path: str,
) -> FiscalEvent:
    info = first_descendant(event, "infEvento")
    if info is None:
        raise ParseError(
            "MISSING_FIELD", "required element infEvento is missing", Location(path=path)
        )
    fields = index(info)
    kind = EventKind.CTE if "chCTe" in fields else EventKind.NFE
    key_field = "chCTe" if kind is EventKind.CTE else "chNFe"
    key, warnings = _key(text(fields, key_field), f"{path}/infEvento/{key_field}")
    event_type = _required(fields, "tpEvento", f"{path}/infEvento")
    sequence = text(fields, "nSeqEvento")
    details = index(fields.get("detEvento"))
    # CT-e nests the details one level deeper (evCancCTe, evCCeCTe, ...).
    inner = next(iter(details.values()), None)
    if inner is not None and len(inner):
        nested = index(inner)
        for name, element in details.items():
            nested.e.setdefault(name, element)
        for name, value in details.t.items():
            nested.t.setdefault(name, value)
        details = nested
    result = results.get((key, event_type, sequence))
    if result is None and sequence is not None:
        result = results.get((key, event_type, str(int(sequence)) if sequence.isdigit() else None))
    return FiscalEvent(
        kind=kind,
        layout=f"{kind.value}-{event.get('versao') or '1.00'}",
        event_type=event_type,
        access_key=key,
        description=text(details, "descEvento") or text(details, "xEvento"),
        occurred_at=to_datetime(text(fields, "dhEvento"), f"{path}/infEvento/dhEvento"),
        sequence=to_int(sequence, f"{path}/infEvento/nSeqEvento"),
        author=text(fields, "CNPJ") or text(fields, "CPF"),
        environment=_ENVIRONMENTS.get(text(fields, "tpAmb") or ""),
        protocol=parse_protocol(result, "/retEvento"),
        correction=text(details, "xCorrecao") or _cte_correction(details),
        justification=text(details, "xJust"),
        authorization_protocol=text(details, "nProt"),
        signature=signature_status(index(event).get("Signature"), info, check_signature),
        warnings=tuple(warnings),
    )


def _cte_correction(details: Fields) -> str | None:
    corrections = details.get("infCorrecao")
    if corrections is None:
        return None
    fields = index(corrections)
    group = text(fields, "grupoAlterado")
    field = text(fields, "campoAlterado")
    value = text(fields, "valorAlterado")
    return f"{group}/{field}: {value}"


def _event_from_result(result: Element, path: str) -> FiscalEvent:
    info = first_descendant(result, "infEvento")
    fields = index(info)
    kind = EventKind.CTE if "chCTe" in fields else EventKind.NFE
    key_field = "chCTe" if kind is EventKind.CTE else "chNFe"
    key, warnings = _key(text(fields, key_field), f"{path}/infEvento/{key_field}")
    return FiscalEvent(
        kind=kind,
        layout=f"{kind.value}-{result.get('versao') or '1.00'}",
        event_type=_required(fields, "tpEvento", f"{path}/infEvento"),
        access_key=key,
        description=text(fields, "xEvento"),
        occurred_at=None,
        sequence=to_int(text(fields, "nSeqEvento"), f"{path}/infEvento/nSeqEvento"),
        author=text(fields, "CNPJDest"),
        environment=_ENVIRONMENTS.get(text(fields, "tpAmb") or ""),
        protocol=parse_protocol(result, path),
        warnings=tuple(warnings),
    )


def _nfse_event(event: Element, check_signature: SignatureCheck) -> FiscalEvent:
    outer = index(first_descendant(event, "infEvento"))
    request = first_descendant(event, "infPedReg")
    if request is None:
        raise ParseError(
            "MISSING_FIELD",
            "required element infPedReg is missing",
            Location(path="/evento/infEvento/pedRegEvento"),
        )
    fields = index(request)
    path = "/evento/infEvento/pedRegEvento/infPedReg"
    key = _required(fields, "chNFSe", path)
    # The event type is the name of its detail group: e101101 is a cancellation.
    detail_name, detail = next(
        (
            (name[1:], element)
            for name, element in fields.items()
            if name[:1] == "e" and name[1:].isdigit()
        ),
        (None, None),
    )
    if detail_name is None:
        raise ParseError(
            "MISSING_FIELD", "the NFS-e event has no detail group", Location(path=path)
        )
    details = index(detail)
    registered = text(outer, "dhProc")
    return FiscalEvent(
        kind=EventKind.NFSE,
        layout=f"nfse-nacional-event-{event.get('versao') or '1.00'}",
        event_type=detail_name,
        access_key=strip_document(key),
        description=text(details, "xDesc"),
        occurred_at=to_datetime(text(fields, "dhEvento"), f"{path}/dhEvento"),
        sequence=to_int(text(outer, "nSeqEvento"), "/evento/infEvento/nSeqEvento")
        or to_int(text(fields, "nPedRegEvento"), f"{path}/nPedRegEvento"),
        author=text(fields, "CNPJAutor") or text(fields, "CPFAutor"),
        environment=_ENVIRONMENTS.get(text(fields, "tpAmb") or ""),
        protocol=Protocol(
            number=text(outer, "nDFSe"),
            status_code=None,
            received_at=to_datetime(registered, "/evento/infEvento/dhProc"),
        )
        if registered
        else None,
        justification=text(details, "xMotivo"),
        # The request (pedRegEvento) carries the author's signature over infPedReg.
        signature=signature_status(
            index(request.getparent()).get("Signature"), request, check_signature
        ),
    )


def _required(fields: Fields, name: str, path: str) -> str:
    value = text(fields, name)
    if value is None:
        raise ParseError(
            "MISSING_FIELD",
            f"required field {name} is missing or empty",
            Location(path=f"{path}/{name}"),
        )
    return value


def _key(raw: str | None, path: str) -> tuple[str, list[DocumentWarning]]:
    if raw is None:
        raise ParseError(
            "MISSING_FIELD", "the event does not name an access key", Location(path=path)
        )
    key = strip_document(raw)
    if is_valid_access_key(key):
        return key, []
    return key, [DocumentWarning("INVALID_ACCESS_KEY", f"access key {key} is not valid", path)]


def is_cancellation(event: FiscalEvent) -> bool:
    """True for a cancellation that the authority registered (or that has no receipt yet)."""
    if event.kind is EventKind.NFSE:
        return event.event_type in _NFSE_CANCELLATIONS
    if event.event_type not in (CANCELLATION_EVENT, CANCELLATION_BY_SUBSTITUTION_EVENT):
        return False
    # A receipt with a rejection code means the cancellation did not happen.
    return event.protocol is None or event.protocol.status_code in EVENT_REGISTERED


def apply_events(
    documents: Iterable[FiscalDocument], events: Iterable[FiscalEvent]
) -> list[FiscalDocument]:
    """Documents with their status updated by cancellations that name their access key."""
    cancelled = {event.access_key for event in events if is_cancellation(event)}
    return [
        dataclasses.replace(document, status=Status.CANCELLED)
        if document.access_key in cancelled and document.status is not Status.CANCELLED
        else document
        for document in documents
    ]
