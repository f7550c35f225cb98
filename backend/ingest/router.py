"""The entry point: bytes in, per-member results out. One bad member never stops the others."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from backend.core.errors import Location, ParseError
from backend.fiscal.cte import parse_cte_tree
from backend.fiscal.events import parse_event_tree
from backend.fiscal.model import FiscalRecord
from backend.fiscal.nfe import parse_nfe_tree
from backend.fiscal.nfse_abrasf import parse_abrasf_tree
from backend.fiscal.nfse_dsf import parse_dsf_tree
from backend.fiscal.nfse_ipm import parse_ipm_tree
from backend.fiscal.nfse_nacional import parse_nfse_nacional_tree
from backend.fiscal.nfse_sp import parse_sp_tree
from backend.fiscal.parties import check_tax_ids
from backend.fiscal.signature import SignatureCheck
from backend.ingest.archives import iter_zip
from backend.ingest.limits import DEFAULT_LIMITS, Limits
from backend.ingest.safe_xml import is_blank, parse_xml_source
from backend.ingest.sniff import STATEMENT_KINDS, Kind, sniff


@dataclass(frozen=True, slots=True)
class MemberResult:
    """What one input (a file, or one member of an archive) turned into.

    ``records`` holds documents and events; ``error`` is set when the member failed;
    ``data`` carries the raw bytes of bank files (OFX, CNAB, CSV) so the caller can hand
    them to ``backend.statements.parse_statement``.
    """

    member: str | None
    kind: Kind
    records: tuple[FiscalRecord, ...] = ()
    error: ParseError | None = None
    data: bytes | None = None


# A layout parser: the root, the signature check, and the bytes the root was parsed from.
_Parser = Callable[[etree._Element, SignatureCheck, bytes], list[FiscalRecord]]


def _nfe(root: etree._Element, check: SignatureCheck, source: bytes) -> list[FiscalRecord]:
    return [*parse_nfe_tree(root, check_signature=check, source=source)]


def _events(root: etree._Element, check: SignatureCheck, source: bytes) -> list[FiscalRecord]:
    return [*parse_event_tree(root, check_signature=check)]


def _cte(root: etree._Element, check: SignatureCheck, source: bytes) -> list[FiscalRecord]:
    return [*parse_cte_tree(root, check_signature=check)]


def _nfse_nacional(
    root: etree._Element, check: SignatureCheck, source: bytes
) -> list[FiscalRecord]:
    return [*parse_nfse_nacional_tree(root, check_signature=check)]


def _abrasf(root: etree._Element, check: SignatureCheck, source: bytes) -> list[FiscalRecord]:
    return [*parse_abrasf_tree(root, check_signature=check)]


def _sp(root: etree._Element, check: SignatureCheck, source: bytes) -> list[FiscalRecord]:
    return [*parse_sp_tree(root)]


def _dsf(root: etree._Element, check: SignatureCheck, source: bytes) -> list[FiscalRecord]:
    return [*parse_dsf_tree(root)]


def _ipm(root: etree._Element, check: SignatureCheck, source: bytes) -> list[FiscalRecord]:
    return [*parse_ipm_tree(root, check_signature=check)]


_XML_PARSERS: dict[Kind, _Parser] = {
    Kind.NFE: _nfe,
    Kind.NFCE: _nfe,
    Kind.NFE_EVENT: _events,
    Kind.CTE_EVENT: _events,
    Kind.NFSE_NACIONAL_EVENT: _events,
    Kind.CTE: _cte,
    Kind.NFSE_NACIONAL: _nfse_nacional,
    Kind.NFSE_ABRASF: _abrasf,
    Kind.NFSE_SP: _sp,
    Kind.NFSE_DSF: _dsf,
    Kind.NFSE_IPM: _ipm,
}


def parse_fiscal(
    data: bytes,
    *,
    filename: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    check_signature: SignatureCheck = "full",
) -> list[MemberResult]:
    """Parse a file (XML, PDF or ZIP of them) into one result per member; see iter_fiscal."""
    return list(
        iter_fiscal(data, filename=filename, limits=limits, check_signature=check_signature)
    )


def iter_fiscal(
    data: bytes,
    *,
    filename: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    check_signature: SignatureCheck = "full",
) -> Iterator[MemberResult]:
    """Yield one MemberResult per file or archive member, streaming through archives.

    The content decides the format; ``filename`` is only reported, as ``location.file``
    of each error.
    """
    yield from _with_file(_route(data, None, 0, limits, check_signature), filename)


def iter_fiscal_stream(
    stream: BinaryIO,
    *,
    filename: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    check_signature: SignatureCheck = "full",
) -> Iterator[MemberResult]:
    """Like iter_fiscal, reading from a seekable binary stream (e.g. an open file).

    A ZIP is read member by member from the stream, so memory stays bounded by the
    per-member limit whatever the archive's size; other content is read whole (up to the
    per-file limit).
    """
    start = stream.tell()
    head = stream.read(4)
    stream.seek(start)
    if head in (b"PK\x03\x04", b"PK\x05\x06"):
        results = _archive(stream, None, 0, limits, check_signature)
    else:
        data = stream.read(limits.max_file_bytes + 1)
        results = _route(data, None, 0, limits, check_signature)
    yield from _with_file(results, filename)


def _with_file(results: Iterator[MemberResult], filename: str | None) -> Iterator[MemberResult]:
    for result in results:
        if result.error is not None and filename is not None:
            error = result.error
            location = dataclasses.replace(error.location, file=filename)
            result = dataclasses.replace(result, error=_relocated(error, location))
        yield result


def _relocated(error: ParseError, location: Location) -> ParseError:
    """The same error at another location (ParseError is immutable by convention)."""
    details = {k: v for k, v in error.details.items() if k != "location"}
    return ParseError(error.code, error.message, location, details=details)


def _route(
    data: bytes, member: str | None, depth: int, limits: Limits, check: SignatureCheck
) -> Iterator[MemberResult]:
    if is_blank(data):
        yield _failed(
            member, Kind.UNKNOWN, ParseError("EMPTY_FILE", "the input is empty", Location())
        )
        return
    kind = sniff(data)
    if kind is Kind.ZIP:
        yield from _archive(data, member, depth, limits, check)
        return
    if len(data) > limits.max_file_bytes:
        yield _failed(
            member,
            kind,
            ParseError(
                "FILE_TOO_LARGE",
                f"the file has {len(data)} bytes, above the limit of {limits.max_file_bytes}",
                Location(member=member),
            ),
        )
        return
    if kind in STATEMENT_KINDS:
        yield MemberResult(member=member, kind=kind, data=data)
        return
    try:
        kind, records = _parse(data, kind, member, limits, check)
    except ParseError as error:
        yield _failed(member, kind, error)
        return
    yield MemberResult(member=member, kind=kind, records=tuple(map(check_tax_ids, records)))


def _archive(
    data: bytes | BinaryIO,
    member: str | None,
    depth: int,
    limits: Limits,
    check: SignatureCheck,
) -> Iterator[MemberResult]:
    if depth > limits.max_archive_depth:
        yield _failed(
            member,
            Kind.ZIP,
            ParseError(
                "ARCHIVE_TOO_DEEP",
                f"archives nested more than {limits.max_archive_depth} level(s) deep",
                Location(member=member),
            ),
        )
        return
    prefix = f"{member}/" if member else ""
    for inner in iter_zip(data, prefix=prefix, limits=limits):
        if inner.error is not None:
            yield _failed(inner.name, Kind.UNKNOWN, inner.error)
        else:
            yield from _route(inner.data or b"", inner.name, depth + 1, limits, check)


def _parse(
    data: bytes, kind: Kind, member: str | None, limits: Limits, check: SignatureCheck
) -> tuple[Kind, list[FiscalRecord]]:
    """The records of one XML or PDF, and their kind (an embedded payload's own)."""
    if kind is Kind.PDF:
        # pdfplumber costs more to import than parsing an XML takes: only PDFs pay for it.
        from backend.fiscal.danfe_pdf import parse_danfe_pdf

        return kind, [parse_danfe_pdf(data)]
    if kind is Kind.MDFE:
        raise ParseError(
            "UNSUPPORTED_KIND",
            "MDF-e (manifesto) is recognised but not supported",
            Location(member=member),
        )
    if kind is Kind.UNKNOWN:
        raise ParseError(
            "UNRECOGNIZED_FORMAT",
            "the content is not a supported fiscal document, archive or bank file",
            Location(member=member),
        )
    root, source = parse_xml_source(data, member=member, limits=limits)
    parser = _XML_PARSERS.get(kind)
    try:
        if parser is None:
            raise _unsupported(root, member)
        return kind, parser(root, check, source)
    except ParseError as error:
        # SOAP responses (e.g. São Paulo's RetornoXML) carry the document as escaped text.
        payload = _embedded_payload(root)
        if payload is None or error.code not in (
            "MISSING_FIELD",
            "UNSUPPORTED_LAYOUT",
        ):
            raise
    inner_kind = sniff(payload)
    inner_parser = _XML_PARSERS.get(inner_kind)
    if inner_parser is None:
        raise _unsupported(root, member)
    inner, inner_source = parse_xml_source(payload, member=member, limits=limits)
    return inner_kind, inner_parser(inner, check, inner_source)


def _unsupported(root: etree._Element, member: str | None) -> ParseError:
    name = etree.QName(root).localname
    return ParseError(
        "UNSUPPORTED_LAYOUT",
        f"the XML root <{name}> is not a supported fiscal layout",
        Location(member=member, path=f"/{name}"),
    )


def _embedded_payload(root: etree._Element) -> bytes | None:
    for element in root.iter(etree.Element):
        content = (element.text or "").strip()
        if content.startswith("<") and len(element) == 0 and len(content) > 20:
            return content.encode("utf-8")
    return None


def _failed(member: str | None, kind: Kind, error: ParseError) -> MemberResult:
    if member is not None and error.location.member is None:
        error = _relocated(error, dataclasses.replace(error.location, member=member))
    return MemberResult(member=member, kind=kind, error=error)
