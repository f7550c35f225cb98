"""XMLDSig on NF-e: valid, tampered and hostile documents, with and without the source bytes.

``signature_status`` hashes the signed element's own bytes when it is given them (the
fast path of bulk ingestion) and canonicalises a copy of the element otherwise; both must
always reach the same outcome.
"""

from __future__ import annotations

import base64
import random
import re

import pytest
from lxml import etree

from backend.fiscal import signature
from backend.fiscal.model import SignatureStatus
from backend.fiscal.nfe import parse_nfe_tree
from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.fiscal.testing.signing import sign_nfe
from backend.ingest.safe_xml import parse_xml, parse_xml_source
from tests.fiscal.helpers import one_document

_SIGNED = sign_nfe(nfe_xml(random_nfe(random.Random(31), items=3)))
_RSA_OID = bytes.fromhex("2a864886f70d010101")  # rsaEncryption, in the certificate's DER


def _status(data: bytes, *, with_source: bool = True) -> SignatureStatus:
    root, source = parse_xml_source(data)
    (doc,) = parse_nfe_tree(root, source=source if with_source else None)
    return doc.signature


def _without_canonicalisation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> bytes:
        raise AssertionError("the element was canonicalised")

    monkeypatch.setattr(signature, "_canonical", refuse)


def test_a_valid_signature_is_found_from_the_source_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _status(_SIGNED, with_source=False) is SignatureStatus.VALID
    _without_canonicalisation(monkeypatch)
    assert one_document(_SIGNED).signature is SignatureStatus.VALID


def test_a_failing_rsa_check_skips_the_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    value = re.search(rb"<SignatureValue>(.)", _SIGNED)
    assert value is not None
    other = b"B" if value.group(1) == b"A" else b"A"
    data = _SIGNED[: value.start(1)] + other + _SIGNED[value.end(1) :]
    _without_canonicalisation(monkeypatch)
    assert one_document(data).signature is SignatureStatus.INVALID


def test_a_certificate_with_an_unknown_key_type_is_invalid() -> None:
    match = re.search(rb"<X509Certificate>([^<]+)</X509Certificate>", _SIGNED)
    assert match is not None
    der = base64.b64decode(match.group(1))
    assert _RSA_OID in der
    unknown = base64.b64encode(der.replace(_RSA_OID, _RSA_OID[:-1] + b"\x7f", 1))
    data = _SIGNED[: match.start(1)] + unknown + _SIGNED[match.end(1) :]
    assert one_document(data).signature is SignatureStatus.INVALID


_ORIGINAL_NATURE = b"<natOp>Venda de mercadoria</natOp>"
_FORGED_NATURE = b"<natOp>Venda de mercadorias</natOp>"
_INF_START = _SIGNED.index(b"<infNFe ")
_INF_END = _SIGNED.index(b"</infNFe>") + len(b"</infNFe>")
_ORIGINAL_INF = _SIGNED[_INF_START:_INF_END]

_XSI_WRAPPER = b'<nfeProc xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '

# (variant, expected outcome): each also runs without the source bytes, which must agree.
_VARIANTS = {
    "as signed": (_SIGNED, SignatureStatus.VALID),
    "a value changed": (_SIGNED.replace(_ORIGINAL_NATURE, _FORGED_NATURE), SignatureStatus.INVALID),
    # Same content, bytes that are not canonical: found by C14N only.
    "attribute quoted differently": (
        _SIGNED.replace(b'<det nItem="1">', b"<det nItem='1'>"),
        SignatureStatus.VALID,
    ),
    "namespace declared again on infNFe": (
        _SIGNED.replace(
            b"<infNFe versao", b'<infNFe xmlns="http://www.portalfiscal.inf.br/nfe" versao'
        ),
        SignatureStatus.VALID,
    ),
    "a comment inside (dropped by the parser)": (
        _SIGNED.replace(b"<ide>", b"<ide><!-- x -->"),
        SignatureStatus.VALID,
    ),
    "a character reference": (
        _SIGNED.replace(b"<natOp>Venda", b"<natOp>&#86;enda"),
        SignatureStatus.VALID,
    ),
    "white space added": (_SIGNED.replace(b"<ide>", b"<ide>\n  "), SignatureStatus.INVALID),
    # The signed bytes kept in a comment beside a forged element must not vouch for it.
    "signed original in a comment before a forgery": (
        _SIGNED[:_INF_START]
        + b"<!--"
        + _ORIGINAL_INF
        + b"-->"
        + _ORIGINAL_INF.replace(_ORIGINAL_NATURE, _FORGED_NATURE)
        + _SIGNED[_INF_END:],
        SignatureStatus.INVALID,
    ),
    "signed original in CDATA after a forgery": (
        _SIGNED.replace(_ORIGINAL_NATURE, _FORGED_NATURE).replace(
            b"</nfeProc>", b"<x><![CDATA[" + _ORIGINAL_INF + b"]]></x></nfeProc>"
        ),
        SignatureStatus.INVALID,
    ),
    # C14N keeps comments and processing instructions; the parser drops them, so a
    # signature over them cannot be checked against what was read.
    "signed over a comment": (
        sign_nfe(
            nfe_xml(random_nfe(random.Random(31), items=3)).replace(b"<ide>", b"<ide><!--x-->")
        ),
        SignatureStatus.INVALID,
    ),
    "signed over a processing instruction": (
        sign_nfe(
            nfe_xml(random_nfe(random.Random(31), items=3)).replace(b"<ide>", b"<ide><?x y?>")
        ),
        SignatureStatus.INVALID,
    ),
    "end tag written with a space": (
        _SIGNED.replace(b"</infNFe>", b"</infNFe >"),
        SignatureStatus.VALID,
    ),
    # Inclusive C14N writes every namespace in scope on the apex, used or not, so libxmlsec1
    # and signxml call a document signed alone and wrapped afterwards in an element that
    # declares another namespace (a SOAP envelope, xmlns:xsi from an ERP's serialiser)
    # invalid; not one signed character changed, and the form without the unused
    # declaration is what was signed (signature._forms).
    "a namespace declared on a wrapper after signing": (
        _SIGNED.replace(b"<nfeProc ", _XSI_WRAPPER, 1),
        SignatureStatus.VALID,
    ),
    "a value changed in a wrapper that declares a namespace": (
        _SIGNED.replace(b"<nfeProc ", _XSI_WRAPPER, 1).replace(_ORIGINAL_NATURE, _FORGED_NATURE),
        SignatureStatus.INVALID,
    ),
    # Inclusive C14N carries the xml:* attributes of the ancestors onto the apex.
    # Signed indented (as many ERPs write): C14N keeps the whitespace text it signed.
    "signed pretty-printed": (
        sign_nfe(
            etree.tostring(
                etree.fromstring(nfe_xml(random_nfe(random.Random(32), items=2))),
                pretty_print=True,
            )
        ),
        SignatureStatus.VALID,
    ),
    "xml:lang set on an ancestor after signing": (
        _SIGNED.replace(b"<nfeProc ", b'<nfeProc xml:lang="pt-BR" ', 1),
        SignatureStatus.INVALID,
    ),
}


@pytest.mark.parametrize("name", list(_VARIANTS))
def test_source_bytes_and_c14n_agree(name: str) -> None:
    data, expected = _VARIANTS[name]
    assert _status(data) is expected
    assert _status(data, with_source=False) is expected


def test_a_signature_outside_the_xmldsig_namespace_is_invalid() -> None:
    # SignedInfo declares the XMLDSig namespace itself, so only the Signature element moves
    # out of it: the RSA check and the digest still pass, but it is no XMLDSig signature.
    dsig = b'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">'
    assert dsig in _SIGNED
    data = _SIGNED.replace(dsig, b'<Signature xmlns="http://www.portalfiscal.inf.br/nfe">')
    assert _status(data) is SignatureStatus.INVALID
    assert _status(data, with_source=False) is SignatureStatus.INVALID


def test_an_enveloped_signature_is_removed_without_the_text_after_it() -> None:
    # The signature moved inside infNFe, splitting a value's text: the enveloped-signature
    # transform removes the element only, so "mercadoria" after it is still signed content
    # and the digest is the one computed before the move (libxmlsec1 agrees).
    match = re.search(rb"<Signature .*</Signature>", _SIGNED)
    assert match is not None
    moved = (_SIGNED[: match.start()] + _SIGNED[match.end() :]).replace(
        _ORIGINAL_NATURE, b"<natOp>Venda de " + match.group(0) + b"mercadoria</natOp>"
    )
    root, source = parse_xml_source(moved)
    inf = next(root.iter("{*}infNFe"))
    enveloped = next(inf.iter("{*}Signature"))
    for given in (source, None):
        assert signature.signature_status(enveloped, inf, source=given) is SignatureStatus.VALID
    forged = moved.replace(b"mercadoria</natOp>", b"mercadorias</natOp>")
    root, source = parse_xml_source(forged)
    inf = next(root.iter("{*}infNFe"))
    enveloped = next(inf.iter("{*}Signature"))
    assert signature.signature_status(enveloped, inf, source=source) is SignatureStatus.INVALID


def test_bytes_read_in_another_encoding_do_not_vouch_for_the_text() -> None:
    # UTF-8 bytes inside infNFe, but a Windows-1252 declaration (and a byte elsewhere that
    # is not UTF-8, so the declaration is believed): lxml reads "Ã©" where the signer
    # signed "é", so the signature cannot be valid even though the bytes are the signed ones.
    accented = "Destinatario Teste SA \u00e9".encode()
    signed = sign_nfe(
        nfe_xml(random_nfe(random.Random(32))).replace(b"Destinatario Teste SA", accented)
    )
    assert _status(signed) is SignatureStatus.VALID
    data = signed.replace(b'encoding="UTF-8"', b'encoding="windows-1252"').replace(
        b"<xMotivo>Autorizado", b"<xMotivo>\xe9 Autorizado"
    )
    doc = one_document(data)
    assert doc.receiver is not None
    assert doc.receiver.name == "Destinatario Teste SA \u00c3\u00a9"
    assert doc.signature is SignatureStatus.INVALID
    assert _status(data, with_source=False) is SignatureStatus.INVALID


def test_parse_xml_source_gives_the_bytes_lxml_read() -> None:
    data = "<a>ação</a>".encode("utf-16")
    root, source = parse_xml_source(data)
    assert source == "<a>ação</a>".encode()
    assert root.text == parse_xml(data).text == "ação"


def test_the_start_tag_is_rebuilt_as_c14n_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Attributes out of order, with every character C14N escapes: still found without C14N.
    unsigned = nfe_xml(random_nfe(random.Random(33))).replace(
        b'<infNFe versao="4.00"',
        b'<infNFe zz=\'a&amp;b&lt;c"d&#9;e&#10;f&#13;g>h\' versao="4.00" Ab="1"',
    )
    data = sign_nfe(unsigned)
    assert _status(data, with_source=False) is SignatureStatus.VALID
    _without_canonicalisation(monkeypatch)
    assert _status(data) is SignatureStatus.VALID
