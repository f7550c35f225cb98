"""XMLDSig check for the enveloped RSA signatures SEFAZ layouts use.

Checks that the Reference points at the signed element, that its digest matches the
canonical form of that element (so any tampered value shows as invalid), and that the
SignatureValue verifies against the embedded X509 certificate's public key. It does not
validate the certificate chain (ICP-Brasil) or its validity dates: that needs trust roots
and a clock, which a pure parser does not have.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
from typing import Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature
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


def signature_status(
    signature: Element | None, signed: Element, mode: SignatureCheck = "full"
) -> SignatureStatus:
    """Outcome of checking ``signature`` over ``signed`` (the element its Reference names)."""
    if signature is None:
        return SignatureStatus.ABSENT
    if mode == "presence":
        return SignatureStatus.UNVERIFIED
    try:
        return _verify(signature, signed)
    except (ValueError, TypeError, binascii.Error, etree.LxmlError):
        # Garbage in any signature field (bad base64, bad certificate) means it cannot be valid.
        return SignatureStatus.INVALID


def _verify(signature: Element, signed: Element) -> SignatureStatus:
    fields = index(signature)
    signed_info = fields.get("SignedInfo")
    if signed_info is None:
        return SignatureStatus.INVALID
    info = index(signed_info)
    reference = info.get("Reference")
    if reference is None or reference.get("URI", "") != "#" + (signed.get("Id") or ""):
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
        t.get("Algorithm") == _EXCLUSIVE_C14N for t in index(ref.get("Transforms")).values()
    )
    actual = hashlib.new(digest_name, _canonical(signed, signature, exclusive)).digest()
    if base64.b64decode("".join(digest_value.text.split())) != actual:
        return SignatureStatus.INVALID
    certificate = first_descendant(signature, "X509Certificate")
    value = fields.get("SignatureValue")
    certificate_text = "".join((certificate.text or "").split()) if certificate is not None else ""
    if not certificate_text:
        return SignatureStatus.UNVERIFIED
    value_text = "".join((value.text or "").split()) if value is not None else ""
    if not value_text:
        return SignatureStatus.INVALID
    method = info.get("SignatureMethod")
    hash_type = _SIGNATURE_HASHES.get((method.get("Algorithm") or "") if method is not None else "")
    if hash_type is None:
        return SignatureStatus.INVALID
    cert = x509.load_der_x509_certificate(base64.b64decode(certificate_text))
    key = cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        return SignatureStatus.INVALID
    info_exclusive = _method_is_exclusive(info)
    try:
        key.verify(
            base64.b64decode(value_text),
            etree.tostring(copy.deepcopy(signed_info), method="c14n", exclusive=info_exclusive),
            padding.PKCS1v15(),
            hash_type(),
        )
    except InvalidSignature:
        return SignatureStatus.INVALID
    return SignatureStatus.VALID


def _method_is_exclusive(info: Fields) -> bool:
    method = info.get("CanonicalizationMethod")
    return method is not None and (method.get("Algorithm") or "").startswith(_EXCLUSIVE_C14N)


def _canonical(signed: Element, signature: Element, exclusive: bool) -> bytes:
    """C14N of the signed element, without the signature when it is enveloped inside it.

    The element is copied first: lxml's C14N of an element still attached to its document
    repeats namespace declarations that the parents already made redundant, and the digest
    then differs from the signer's.
    """
    clone = copy.deepcopy(signed)
    if any(node is signed for node in signature.iterancestors()):
        for node in clone.iter(signature.tag):
            parent = node.getparent()
            if parent is not None:
                parent.remove(node)
                break
    return etree.tostring(clone, method="c14n", exclusive=exclusive)
