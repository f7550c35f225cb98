"""XMLDSig check for the enveloped RSA signatures SEFAZ layouts use.

Checks that the Reference points at the signed element, that its digest matches the
canonical form of that element (so any tampered value shows as invalid), and that the
SignatureValue verifies against the embedded X509 certificate's public key. It does not
validate the certificate chain (ICP-Brasil) or its validity dates: that needs trust roots
and a clock, which a pure parser does not have.

Both C14Ns (SignedInfo, the signed element) are those of the element in its document, as
XMLDSig defines them and libxmlsec1 computes them: inclusive C14N writes on the apex every
namespace declared in scope (even one the element does not use, such as xmlns:xsi on a
wrapper) and the xml:* attributes of its ancestors. A document signed alone and wrapped
afterwards in an element declaring more namespaces is therefore invalid, like one
re-indented after signing.

Cost (docs/fiscal.md, "Performance"): the RSA check of SignedInfo runs before the digest,
so a signature that fails it never pays for the C14N of the signed element; the digest is
first tried on the bytes the signed element was parsed from (``source``), which for a
document not reformatted since signing are already its canonical form, and only then on a
C14N of a copy of the element.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterator
from typing import Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree

from backend.fiscal.model import SignatureStatus
from backend.fiscal.xmlwalk import Element, Fields, first_descendant, index

# "full" verifies digest and signature; "presence" only reports whether a signature exists
# (for bulk re-parsing where the signature was already checked at ingestion).
SignatureCheck = Literal["full", "presence"]

_DIGESTS = {
    "http://www.w3.org/2000/09/xmldsig#sha1": "sha1",
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
}
_SIGNATURE_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1": hashes.SHA1,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": hashes.SHA256,
}
_EXCLUSIVE_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
_DSIG = "{http://www.w3.org/2000/09/xmldsig#}"
_XML_ATTRIBUTE = "{http://www.w3.org/XML/1998/namespace}"
# Reads back an element serialised from an already parsed document: no DTD or entity can
# appear in it, and comments are kept so that children keep their positions.
_COPY_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
# Public keys by certificate (its base64 text as written): the documents of one emitter
# share it, and loading it costs about half the RSA check. Bounded: the input chooses it.
_KEYS: dict[str, rsa.RSAPublicKey | None] = {}
_KEY_CACHE_LIMIT = 256
# A start tag: its attribute values may hold ">" (only "<" is forbidden there).
_START_TAG = re.compile(rb"<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*>")
# Bytes that end the element name in a start tag.
_NAME_ENDS = frozenset(b" \t\r\n/>")
# C14N escaping of attribute values (and namespace URIs).
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", '"': "&quot;", "\t": "&#x9;", "\n": "&#xA;", "\r": "&#xD;"}
)


def signature_status(
    signature: Element | None,
    signed: Element,
    mode: SignatureCheck = "full",
    source: bytes | None = None,
) -> SignatureStatus:
    """Outcome of checking ``signature`` over ``signed`` (the element its Reference names).

    ``source``, when given, must be the exact bytes the tree of ``signed`` was parsed from
    (``backend.ingest.safe_xml.parse_xml_source``): a valid digest is then usually found
    without canonicalising the element. The outcome is the same with or without it.
    """
    if signature is None:
        return SignatureStatus.ABSENT
    if mode == "presence":
        return SignatureStatus.UNVERIFIED
    try:
        return _verify(signature, signed, source)
    except (ValueError, TypeError, binascii.Error, etree.LxmlError, UnsupportedAlgorithm):
        # Garbage in any signature field (bad base64, bad certificate, a key type the
        # cryptography library does not know) means it cannot be valid.
        return SignatureStatus.INVALID


def _verify(signature: Element, signed: Element, source: bytes | None) -> SignatureStatus:
    if signature.tag != _DSIG + "Signature":
        # A Signature element in another namespace is not an XMLDSig signature.
        return SignatureStatus.INVALID
    fields = index(signature)
    signed_info = fields.get("SignedInfo")
    if signed_info is None:
        return SignatureStatus.INVALID
    info = index(signed_info)
    reference = info.get("Reference")
    if reference is None or reference.get("URI", "") != "#" + (signed.get("Id") or ""):
        return SignatureStatus.INVALID
    if reference.tag != _DSIG + "Reference" or any(reference.itersiblings(_DSIG + "Reference")):
        # XMLDSig requires every Reference to hold and only the signed element's is
        # checked here; the SEFAZ and ABRASF schemas allow exactly one.
        return SignatureStatus.INVALID
    ref = index(reference)
    digest_method = ref.get("DigestMethod")
    digest_name = (
        _DIGESTS.get(digest_method.get("Algorithm") or "") if digest_method is not None else None
    )
    digest_value = ref.get("DigestValue")
    if digest_name is None or digest_value is None or digest_value.text is None:
        return SignatureStatus.INVALID
    exclusive = any(
        (t.get("Algorithm") or "").startswith(_EXCLUSIVE_C14N)
        for t in index(ref.get("Transforms")).values()
    )
    expected = digest_value.text
    certificate = first_descendant(signature, "X509Certificate")
    certificate_text = (certificate.text or "") if certificate is not None else ""
    if not certificate_text.strip():
        if _digest_matches(signed, signature, exclusive, digest_name, expected, source):
            return SignatureStatus.UNVERIFIED
        return SignatureStatus.INVALID
    # Signed: the outcome is valid only if both checks pass, so the cheaper RSA check of
    # SignedInfo goes first and a failure skips the digest (and its C14N) altogether.
    value = fields.get("SignatureValue")
    value_text = "".join((value.text or "").split()) if value is not None else ""
    if not value_text:
        return SignatureStatus.INVALID
    method = info.get("SignatureMethod")
    hash_type = _SIGNATURE_HASHES.get((method.get("Algorithm") or "") if method is not None else "")
    if hash_type is None:
        return SignatureStatus.INVALID
    key = _public_key(certificate_text)
    if key is None:
        return SignatureStatus.INVALID
    info_exclusive = _method_is_exclusive(info)
    signature_bytes = base64.b64decode(value_text)
    for form in _forms(_detached(signed_info, info_exclusive), signed_info):
        try:
            key.verify(
                signature_bytes,
                etree.tostring(form, method="c14n", exclusive=info_exclusive),
                padding.PKCS1v15(),
                hash_type(),
            )
            break
        except InvalidSignature:
            continue
    else:
        return SignatureStatus.INVALID
    if _digest_matches(signed, signature, exclusive, digest_name, expected, source):
        return SignatureStatus.VALID
    return SignatureStatus.INVALID


def _forms(clone: Element, original: Element) -> Iterator[Element]:
    """The detached ``clone`` as C14N sees it in place, then, when wrappers around the
    signed document declare namespaces it does not use, as it was signed before being
    wrapped.

    NF-e, CT-e and events are signed as documents of their own and wrapped afterwards
    (nfeProc, a SOAP envelope, an ERP's root declaring xsi/xsd). Inclusive C14N carries
    every namespace in scope onto the signed element, so a strict verifier (xmlsec) calls
    those wrapped documents invalid although not one signed character changed; dropping
    declarations that nothing in the element uses cannot change what it says, so that form
    is accepted too. Documents signed in context (DSF, ABRASF) match the first form.
    """
    yield clone
    # The default namespace is used by the element itself: only more can be unused.
    if len(original.nsmap) > 1:
        standalone = etree.fromstring(etree.tostring(clone), _COPY_PARSER)
        etree.cleanup_namespaces(standalone)
        yield standalone


def _public_key(certificate_text: str) -> rsa.RSAPublicKey | None:
    """The RSA public key of a base64 DER certificate, line breaks and all (None for
    another key type)."""
    if certificate_text in _KEYS:
        return _KEYS[certificate_text]
    der = base64.b64decode("".join(certificate_text.split()))
    key = x509.load_der_x509_certificate(der).public_key()
    result = key if isinstance(key, rsa.RSAPublicKey) else None
    if len(_KEYS) >= _KEY_CACHE_LIMIT:
        _KEYS.clear()
    _KEYS[certificate_text] = result
    return result


def _method_is_exclusive(info: Fields) -> bool:
    method = info.get("CanonicalizationMethod")
    return method is not None and (method.get("Algorithm") or "").startswith(_EXCLUSIVE_C14N)


def _digest_matches(
    signed: Element,
    signature: Element,
    exclusive: bool,
    digest_name: str,
    expected_text: str,
    source: bytes | None,
) -> bool:
    expected = base64.b64decode("".join(expected_text.split()))
    if (
        source is not None
        and not exclusive
        and _source_digest(signed, signature, digest_name, source) == expected
    ):
        return True
    return any(
        hashlib.new(digest_name, canonical).digest() == expected
        for canonical in _canonical(signed, signature, exclusive)
    )


def _source_digest(
    signed: Element, signature: Element, digest_name: str, source: bytes
) -> bytes | None:
    """The digest of the signed element's own bytes, as inclusive C14N would write them,
    or None when they cannot stand for the element.

    Sound, not complete: a match proves the element was not changed since signing, because
    the bytes hashed are exactly those the element was parsed from (one start tag with its
    name in the whole input; no comment, CDATA section or processing instruction inside;
    UTF-8 or ASCII; the one default namespace in scope declared on the apex, like C14N
    does, and no xml:* attribute to inherit) and the signer hashed its canonical form.
    Bytes that are not canonical (an indented or re-serialised document) simply do not
    match, and the caller falls back on C14N.
    """
    tag = signed.tag
    if signed.prefix is not None or not isinstance(tag, str) or tag[:1] != "{":
        return None
    namespace, name = tag[1:].split("}", 1)
    if (
        signed.nsmap != {None: namespace}
        or any(node is signed for node in signature.iterancestors())
        or _inherited_attributes(signed)
    ):
        return None
    attributes = sorted(signed.attrib.items())
    if any(key[:1] == "{" for key, _ in attributes):
        return None
    opening = b"<" + name.encode()
    start = _only_start_tag(source, opening)
    if start < 0:
        return None
    start_tag = _START_TAG.match(source, start)
    closing = b"</" + name.encode() + b">"
    end = source.find(closing, start_tag.end()) if start_tag is not None else -1
    if start_tag is None or end < 0:
        return None
    content_start = start_tag.end()
    for marker in b"!?":
        position = source.find(marker, content_start, end)
        while position >= 0:
            if source[position - 1] == 0x3C:  # "<!" or "<?"
                return None
            position = source.find(marker, position + 1, end)
    encoding = (signed.getroottree().docinfo.encoding or "").lower().replace("-", "")
    content = memoryview(source)[content_start:end]
    if encoding != "utf8" and not bytes(content).isascii():
        return None
    apex = "".join(f' {key}="{value.translate(_ATTRIBUTE_ESCAPES)}"' for key, value in attributes)
    digest = hashlib.new(digest_name)
    digest.update(f'<{name} xmlns="{namespace.translate(_ATTRIBUTE_ESCAPES)}"{apex}>'.encode())
    digest.update(content)
    digest.update(closing)
    return digest.digest()


def _only_start_tag(source: bytes, opening: bytes) -> int:
    """Where the one start tag beginning with ``opening`` (``<infNFe``) is, or -1 when
    there is none or more than one (a longer name such as ``<infNFeSupl`` does not count)."""
    found = -1
    position = source.find(opening)
    while position >= 0:
        after = position + len(opening)
        if after < len(source) and source[after] in _NAME_ENDS:
            if found >= 0:
                return -1
            found = position
        position = source.find(opening, after)
    return found


def _canonical(signed: Element, signature: Element, exclusive: bool) -> Iterator[bytes]:
    """C14N of the signed element (see ``_forms``), without the signature when it is
    enveloped inside it (the enveloped-signature transform removes that element only, not
    the text after it)."""
    positions: list[int] = []
    node = signature
    parent = node.getparent()
    while parent is not None and node is not signed:
        positions.append(parent.index(node))
        node, parent = parent, parent.getparent()
    clone = _detached(signed, exclusive)
    if node is signed and positions:
        removed = clone
        for position in reversed(positions):
            removed = removed[position]
        container = removed.getparent()
        if container is not None:  # always: a descendant of the clone
            if removed.tail:
                previous = removed.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + removed.tail
                else:
                    container.text = (container.text or "") + removed.tail
            container.remove(removed)
    for form in _forms(clone, signed):
        yield etree.tostring(form, method="c14n", exclusive=exclusive)


def _detached(element: Element, exclusive: bool) -> Element:
    """A copy of ``element`` as the root of its own document, whose C14N is the element's
    C14N in its document.

    Serialised and read back, as signxml and pyXMLSecurity do: lxml's C14N of an element
    still in its document, and of a ``copy.deepcopy`` of it, writes a spurious ``xmlns=""``
    on descendants of elements with text when the default namespace is declared above
    them (most pretty-printed documents), and the deep copy also drops the namespace
    declarations in scope that the element does not use, which inclusive C14N keeps.
    ``tostring`` declares every namespace in scope on the copy; inclusive C14N also
    carries the xml:* attributes of the ancestors onto the apex.
    """
    clone = etree.fromstring(etree.tostring(element, with_tail=False), _COPY_PARSER)
    if not exclusive:
        for key, value in _inherited_attributes(element):
            clone.set(key, value)
    return clone


def _inherited_attributes(element: Element) -> list[tuple[str, str]]:
    """The xml:* attributes (xml:lang, xml:space...) that ``element`` inherits from its
    ancestors, the nearest first, and does not set itself."""
    inherited: list[tuple[str, str]] = []
    seen: set[str] = set()
    for ancestor in element.iterancestors():
        for key, value in ancestor.items():
            if isinstance(key, str) and key.startswith(_XML_ATTRIBUTE) and key not in seen:
                seen.add(key)
                if element.get(key) is None:
                    inherited.append((key, str(value)))
    return inherited
