"""Encodings: UTF-8 with or without BOM, ISO-8859-1 and Windows-1252, declared or not."""

from __future__ import annotations

import pytest

from backend.core.errors import ParseError
from backend.ingest.encoding import normalize_xml
from backend.ingest.safe_xml import parse_xml

TEXT = "Ação – “São Paulo” €"
BODY = f"<a><b>{TEXT}</b></a>"


def _text(data: bytes) -> str:
    root = parse_xml(data)
    return root[0].text or ""


@pytest.mark.parametrize(
    "data",
    [
        BODY.encode("utf-8"),
        b"\xef\xbb\xbf" + BODY.encode("utf-8"),
        b'<?xml version="1.0" encoding="UTF-8"?>' + BODY.encode("utf-8"),
        b'<?xml version="1.0" encoding="windows-1252"?>' + BODY.encode("cp1252"),
        # Undeclared Windows-1252: not valid UTF-8, so it is decoded as cp1252.
        BODY.encode("cp1252"),
        # Declared ISO-8859-1 but really Windows-1252 (curly quotes, euro, en dash).
        b'<?xml version="1.0" encoding="ISO-8859-1"?>' + BODY.encode("cp1252"),
        # Declared ISO-8859-1 but written in UTF-8.
        b"<?xml version='1.0' encoding='iso-8859-1'?>" + BODY.encode("utf-8"),
        # Declared UTF-8 but written in Windows-1252.
        b'<?xml version="1.0" encoding="utf-8"?>' + BODY.encode("cp1252"),
        "\ufeff".encode("utf-16-le") + BODY.encode("utf-16-le"),
    ],
)
def test_text_survives_every_encoding(data: bytes) -> None:
    assert _text(data) == TEXT


def test_latin1_only_text() -> None:
    data = b'<?xml version="1.0" encoding="ISO-8859-1"?><a><b>' + "Conceição".encode("latin-1")
    assert _text(data + b"</b></a>") == "Conceição"


def test_consistent_utf8_passes_through_untouched() -> None:
    data = BODY.encode("utf-8")
    assert normalize_xml(data) is data


def test_binary_disguised_as_text_is_undecodable() -> None:
    with pytest.raises(ParseError) as caught:
        normalize_xml(b"<a>\x01\x02\xff\xfe</a>")
    assert caught.value.code == "UNDECODABLE_ENCODING"
