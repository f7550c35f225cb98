"""Sniffing by content, never by file name."""

from __future__ import annotations

import io
import random
import zipfile

from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.ingest import Kind, parse_fiscal, sniff


def test_extension_is_ignored() -> None:
    data = nfe_xml(random_nfe(random.Random(1)))
    (result,) = parse_fiscal(data, filename="statement.ofx")
    assert result.kind is Kind.NFE
    assert result.error is None


def test_nfce_is_told_apart_by_model() -> None:
    data = nfe_xml(random_nfe(random.Random(2))).replace(b"<mod>55</mod>", b"<mod>65</mod>")
    assert sniff(data) is Kind.NFCE


def test_bank_formats() -> None:
    assert sniff(b"OFXHEADER:100\nDATA:OFXSGML\n<OFX>") is Kind.OFX
    assert sniff(b"<?xml version='1.0'?><?OFX OFXHEADER=\"200\"?><OFX></OFX>") is Kind.OFX
    header = b"34100000         2" + b" " * 100 + b"\r\n"
    assert sniff(header + b"34100011R01  040 2\r\n") is Kind.CNAB240
    assert sniff(b"02RETORNO01COBRANCA" + b" " * 50 + b"\n1" + b" " * 50) is Kind.CNAB400
    assert sniff(b"data;valor;historico\n01/02/2026;10,00;PIX\n02/02/2026;5,00;TED\n") is Kind.CSV


def test_zip_and_pdf_and_unknown() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    assert sniff(buffer.getvalue()) is Kind.ZIP
    assert sniff(b"%PDF-1.7\n...") is Kind.PDF
    assert sniff(b"hello") is Kind.UNKNOWN
    assert sniff(b"") is Kind.UNKNOWN


def test_nfce_model_with_a_prefix_and_whitespace() -> None:
    data = nfe_xml(random_nfe(random.Random(3)))
    prefixed = (
        data.replace(b"<mod>55</mod>", b"<nfe:mod> 65 </nfe:mod>")
        .replace(b"<modFrete>", b"<nfe:modFrete>")
        .replace(b"</modFrete>", b"</nfe:modFrete>")
    )
    assert sniff(prefixed) is Kind.NFCE
    # modFrete, modBC and </mod> do not count as the model.
    assert sniff(data.replace(b"<mod>55</mod>", b"<mod>55</mod><modBC>65</modBC>")) is Kind.NFE


def test_markers_beyond_the_head_are_still_found() -> None:
    # A SOAP envelope can push the namespace and infNFe past the bytes looked at first.
    data = nfe_xml(random_nfe(random.Random(4)), with_protocol=False)
    padding = b"<Header>" + b"<x>filler</x>" * 400 + b"</Header>"
    wrapped = b"<Envelope><Body>" + padding + data.split(b"?>", 1)[1] + b"</Body></Envelope>"
    assert sniff(wrapped) is Kind.NFE
    nfce = wrapped.replace(b"<mod>55</mod>", b"<mod>65</mod>")
    assert sniff(nfce) is Kind.NFCE
