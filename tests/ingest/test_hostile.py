"""Hostile and broken inputs: every failure is a ParseError with a stable code."""

from __future__ import annotations

import io
import random
import stat
import zipfile
from pathlib import Path

import pytest

from backend.core.errors import ParseError
from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.ingest import Kind, iter_fiscal_stream, parse_fiscal
from backend.ingest.limits import Limits
from backend.ingest.safe_xml import parse_xml

_NFE = nfe_xml(random_nfe(random.Random(11)))

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE NFe [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<NFe xmlns="http://www.portalfiscal.inf.br/nfe"><infNFe>&xxe;</infNFe></NFe>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>"""


def _error(data: bytes, limits: Limits | None = None) -> ParseError:
    results = parse_fiscal(data) if limits is None else parse_fiscal(data, limits=limits)
    assert len(results) == 1
    assert results[0].error is not None, results[0]
    return results[0].error


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_xxe_is_rejected_before_parsing() -> None:
    error = _error(XXE)
    assert error.code == "DTD_FORBIDDEN"
    assert error.location.line == 2


def test_billion_laughs_is_rejected() -> None:
    assert _error(BILLION_LAUGHS).code == "DTD_FORBIDDEN"


def test_entity_declaration_without_doctype_keyword_is_rejected() -> None:
    with pytest.raises(ParseError) as caught:
        parse_xml(b'<a><!ENTITY x "y"></a>')
    assert caught.value.code == "ENTITY_FORBIDDEN"


def test_undefined_entity_reference_is_malformed() -> None:
    with pytest.raises(ParseError) as caught:
        parse_xml(b"<a>&undefined;</a>")
    assert caught.value.code == "MALFORMED_XML"


def test_truncated_xml_reports_line() -> None:
    error = _error(_NFE[: len(_NFE) // 2])
    assert error.code == "MALFORMED_XML"
    assert error.location.line == 1


def test_oversized_file() -> None:
    assert _error(_NFE, Limits(max_file_bytes=1000)).code == "FILE_TOO_LARGE"


def test_unknown_bytes() -> None:
    assert _error(b"\x00\x01\x02 binary junk").code == "UNRECOGNIZED_FORMAT"


def test_unsupported_xml_layout() -> None:
    error = _error(b"<?xml version='1.0'?><invoice><total>1</total></invoice>")
    assert error.code == "UNSUPPORTED_LAYOUT"
    assert error.location.path == "/invoice"


def test_missing_required_field_has_a_path() -> None:
    broken = _NFE.replace(b"<vNF>", b"<vXX>").replace(b"</vNF>", b"</vXX>")
    error = _error(broken)
    assert error.code == "MISSING_FIELD"
    assert error.location.path == "/NFe/infNFe/total/ICMSTot/vNF"


def test_invalid_number_has_a_path() -> None:
    broken = _NFE.replace(b"<vNF>", b"<vNF>1,2,3x")
    error = _error(broken)
    assert error.code == "INVALID_VALUE"
    assert error.location.path == "/NFe/infNFe/total/ICMSTot/vNF"


def test_zip_bomb_is_stopped() -> None:
    bomb = _zip({"bomb.xml": b"<" + b"a" * (8 * 1024 * 1024) + b">"})
    results = parse_fiscal(bomb)
    assert [r.error.code for r in results if r.error] == ["ZIP_BOMB"]
    assert results[0].error is not None
    assert results[0].error.location.member == "bomb.xml"


def test_path_traversal_and_absolute_names_are_refused_but_others_go_on() -> None:
    archive = _zip({"../../etc/evil.xml": _NFE, "/abs.xml": _NFE, "ok/good.xml": _NFE})
    results = parse_fiscal(archive)
    codes = [(r.member, r.error.code if r.error else None) for r in results]
    assert codes[0][1] == "PATH_TRAVERSAL"
    assert codes[1][1] == "PATH_TRAVERSAL"
    assert codes[2] == ("ok/good.xml", None)
    assert results[2].kind is Kind.NFE
    assert len(results[2].records) == 1


def test_symlink_member_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("link.xml")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    (result,) = parse_fiscal(buffer.getvalue())
    assert result.error is not None
    assert result.error.code == "ARCHIVE_SYMLINK"


def test_too_many_members() -> None:
    archive = _zip({f"{n}.xml": _NFE for n in range(5)})
    results = parse_fiscal(archive, limits=Limits(max_archive_members=3))
    assert [r.error is None for r in results] == [True, True, True, False]
    assert results[-1].error is not None
    assert results[-1].error.code == "ARCHIVE_TOO_MANY_MEMBERS"


def test_total_uncompressed_budget() -> None:
    archive = _zip({f"{n}.xml": _NFE for n in range(4)})
    limits = Limits(max_archive_total_bytes=len(_NFE) * 2 + 10)
    results = parse_fiscal(archive, limits=limits)
    assert [r.error.code if r.error else None for r in results] == [
        None,
        None,
        "ARCHIVE_TOO_LARGE",
    ]


def test_member_above_file_limit() -> None:
    archive = _zip({"big.xml": _NFE})
    (result,) = parse_fiscal(archive, limits=Limits(max_file_bytes=100))
    assert result.error is not None
    assert result.error.code == "FILE_TOO_LARGE"


def test_nested_zip_one_level_and_not_deeper() -> None:
    inner = _zip({"a.xml": _NFE})
    outer = _zip({"inner.zip": inner, "b.xml": _NFE})
    results = parse_fiscal(outer)
    assert [(r.member, r.error) for r in results] == [("inner.zip/a.xml", None), ("b.xml", None)]
    deeper = _zip({"outer.zip": outer})
    results = parse_fiscal(deeper)
    assert results[0].error is not None
    assert results[0].error.code == "ARCHIVE_TOO_DEEP"


def test_corrupt_zip_and_one_bad_member() -> None:
    (corrupt,) = parse_fiscal(b"PK\x03\x04garbage")
    assert corrupt.error is not None
    assert corrupt.error.code == "ARCHIVE_CORRUPT"
    archive = _zip({"bad.xml": b"<NFe><oops", "good.xml": _NFE, "bank.ofx": b"OFXHEADER:100\n"})
    results = parse_fiscal(archive)
    assert [r.error.code if r.error else r.kind.value for r in results] == [
        "MALFORMED_XML",
        "nfe",
        "ofx",
    ]
    assert results[0].error is not None
    assert results[0].error.location.member == "bad.xml"


def test_encrypted_member_is_reported() -> None:
    data = bytearray(_zip({"a.xml": _NFE}, zipfile.ZIP_STORED))
    # Set the "encrypted" general-purpose flag in both the local and the central header.
    data[6] |= 1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 1
    (result,) = parse_fiscal(bytes(data))
    assert result.error is not None
    assert result.error.code == "ARCHIVE_ENCRYPTED"


def test_damaged_zip_structures_are_corrupt_archives() -> None:
    # Found by mutating archives: each made zipfile raise something other than BadZipFile.
    data = bytearray(_zip({"a.xml": _NFE}))
    end = data.rfind(b"PK\x05\x06")
    # A central directory said to start 10 bytes later than it does: a negative seek.
    directory = int.from_bytes(data[end + 16 : end + 20], "little")
    shifted = bytes(data[: end + 16]) + (directory + 10).to_bytes(4, "little") + data[end + 20 :]
    # A garbled "version needed" in the central directory: NotImplementedError.
    central = data.rfind(b"PK\x01\x02")
    version = bytes(data[: central + 6]) + b"\xff\x00" + data[central + 8 :]
    for damaged in (shifted, version):
        (result,) = parse_fiscal(damaged)
        assert result.error is not None
        assert result.error.code == "ARCHIVE_CORRUPT"


def test_member_with_an_empty_name_fails_alone() -> None:
    data = bytearray(_zip({"x": _NFE, "good.xml": _NFE}, zipfile.ZIP_STORED))
    # Give the first member an empty name in the central directory (length 1 -> 0).
    central = data.find(b"PK\x01\x02")
    data[central + 28 : central + 30] = (0).to_bytes(2, "little")
    data[central + 46 : central + 47] = b""
    end = data.rfind(b"PK\x05\x06")
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    data[end + 12 : end + 16] = (size - 1).to_bytes(4, "little")
    results = parse_fiscal(bytes(data))
    assert [r.error.code if r.error else r.kind.value for r in results] == [
        "PATH_TRAVERSAL",
        "nfe",
    ]


def test_pdf_garbage() -> None:
    error = _error(b"%PDF-1.4\nthis is not a pdf")
    assert error.code == "PDF_UNREADABLE"


def test_stream_reads_archives_and_plain_files(tmp_path: Path) -> None:
    archive_path = tmp_path / "batch.zip"
    archive_path.write_bytes(_zip({"a.xml": _NFE, "bad.xml": b"<oops"}))
    with archive_path.open("rb") as stream:
        results = list(iter_fiscal_stream(stream, filename="batch.zip"))
    assert [r.member for r in results] == ["a.xml", "bad.xml"]
    assert results[0].error is None and len(results[0].records) == 1
    assert results[1].error is not None
    assert results[1].error.location.file == "batch.zip"
    assert results[1].error.to_dict()["details"]["location"] == {
        "file": "batch.zip",
        "member": "bad.xml",
        "line": 1,
        "column": 6,
    }
    plain = tmp_path / "a.xml"
    plain.write_bytes(_NFE)
    with plain.open("rb") as stream:
        (result,) = iter_fiscal_stream(stream)
    assert result.error is None and result.kind is Kind.NFE


def test_os_metadata_members_are_skipped() -> None:
    archive = _zip(
        {
            "__MACOSX/notas/._a.xml": b"\x00\x05\x16\x07binary fork",
            "notas/.DS_Store": b"\x00\x00\x00\x01Bud1",
            "notas/a.xml": _NFE,
        }
    )
    results = parse_fiscal(archive)
    assert [r.member for r in results] == ["notas/a.xml"]
    assert results[0].error is None


@pytest.mark.parametrize("data", [b"", b"   \r\n", b"\xef\xbb\xbf\n"])
def test_empty_input(data: bytes) -> None:
    assert _error(data).code == "EMPTY_FILE"
    with pytest.raises(ParseError) as caught:
        parse_xml(data)
    assert caught.value.code == "EMPTY_FILE"


def test_empty_archive_member_fails_alone() -> None:
    results = parse_fiscal(_zip({"empty.xml": b"", "a.xml": _NFE}))
    assert [(r.member, r.error.code if r.error else None) for r in results] == [
        ("empty.xml", "EMPTY_FILE"),
        ("a.xml", None),
    ]


def test_file_name_is_in_the_location() -> None:
    (result,) = parse_fiscal(b"<oops", filename="notas/x.xml")
    assert result.error is not None
    assert result.error.location.file == "notas/x.xml"
    assert "file" not in {k for k in result.error.details if k != "location"}
