"""Authorization protocols (protNFe/protCTe) and what their status codes mean."""

from __future__ import annotations

from backend.fiscal.model import Protocol, Status
from backend.fiscal.values import to_datetime
from backend.fiscal.xmlwalk import Element, index, text

# SEFAZ status codes (cStat). 100/150: authorized (150 late); 101/151/155: cancelled;
# 110/205/301/302/303: use denied (denegada).
_AUTHORIZED = frozenset({"100", "150"})
_CANCELLED = frozenset({"101", "151", "155"})
_DENIED = frozenset({"110", "205", "301", "302", "303"})
# Event registration codes: 135 registered and linked, 136 registered but not linked,
# 155 cancellation out of time.
EVENT_REGISTERED = frozenset({"135", "136", "155"})
CANCELLATION_EVENT = "110111"
CANCELLATION_BY_SUBSTITUTION_EVENT = "110112"


def status_from_code(code: str | None) -> Status:
    """Map a protocol cStat to the document's status."""
    if code in _AUTHORIZED:
        return Status.AUTHORIZED
    if code in _CANCELLED:
        return Status.CANCELLED
    if code in _DENIED:
        return Status.DENIED
    return Status.UNKNOWN


def parse_protocol(prot: Element | None, path: str) -> Protocol | None:
    """The infProt inside a protNFe/protCTe (or an infEvento of a retEvento)."""
    if prot is None:
        return None
    fields = index(prot)
    inner = fields.get("infProt")
    if inner is None:
        inner = fields.get("infEvento")
    if inner is not None:
        fields = index(inner)
    received = text(fields, "dhRecbto") or text(fields, "dhRegEvento")
    return Protocol(
        number=text(fields, "nProt"),
        status_code=text(fields, "cStat"),
        status_message=text(fields, "xMotivo"),
        received_at=to_datetime(received, f"{path}/dhRecbto"),
    )


def is_registered_cancellation(ret_event: Element) -> bool:
    """True for a retEvento whose infEvento registers a cancellation."""
    fields = index(ret_event)
    inner = fields.get("infEvento")
    if inner is not None:
        fields = index(inner)
    return text(fields, "tpEvento") in (
        CANCELLATION_EVENT,
        CANCELLATION_BY_SUBSTITUTION_EVENT,
    ) and (text(fields, "cStat") in EVENT_REGISTERED)
