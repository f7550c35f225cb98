"""Signing generated documents the way SEFAZ emitters do (enveloped XMLDSig, RSA-SHA1).

The public samples are all re-indented after signing (their signatures are honestly
invalid), so tests and benchmarks sign generated NF-e with a throwaway self-signed
certificate to exercise the path of a valid signature.
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from lxml import etree

_DSIG = "http://www.w3.org/2000/09/xmldsig#"
_C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"


@functools.cache
def _credentials() -> tuple[rsa.RSAPrivateKey, str]:
    """A 2048-bit key and its self-signed certificate (base64 DER), made once."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Emitente Teste Ltda")])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    return key, base64.b64encode(der).decode()


def sign_nfe(data: bytes) -> bytes:
    """``data`` (an NF-e from ``generators.nfe_xml``) with a valid Signature after infNFe.

    The digest is taken over the inclusive C14N of infNFe and the signature over the C14N
    of SignedInfo, as the SEFAZ layouts require; the bytes of infNFe are left untouched.
    """
    root = etree.fromstring(data)
    inf = next(root.iter("{*}infNFe"))
    # Serialised and read back, not deep-copied: lxml's C14N of a deep copy writes a
    # spurious xmlns="" in indented documents (see signature._detached).
    canonical_inf = etree.tostring(etree.fromstring(etree.tostring(inf)), method="c14n")
    digest = hashlib.sha1(canonical_inf).digest()  # noqa: S324 - the layout's RSA-SHA1
    signed_info = (
        f'<SignedInfo xmlns="{_DSIG}"><CanonicalizationMethod Algorithm="{_C14N}"/>'
        f'<SignatureMethod Algorithm="{_DSIG}rsa-sha1"/><Reference URI="#{inf.get("Id")}">'
        f'<Transforms><Transform Algorithm="{_DSIG}enveloped-signature"/>'
        f'<Transform Algorithm="{_C14N}"/></Transforms>'
        f'<DigestMethod Algorithm="{_DSIG}sha1"/>'
        f"<DigestValue>{base64.b64encode(digest).decode()}</DigestValue></Reference>"
        f"</SignedInfo>"
    )
    key, certificate = _credentials()
    canonical = etree.tostring(etree.fromstring(signed_info), method="c14n")
    signed = key.sign(canonical, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303 - as above
    value = base64.b64encode(signed).decode()
    signature = (
        f'<Signature xmlns="{_DSIG}">{signed_info}<SignatureValue>{value}</SignatureValue>'
        f"<KeyInfo><X509Data><X509Certificate>{certificate}</X509Certificate></X509Data>"
        f"</KeyInfo></Signature>"
    ).encode()
    end = data.index(b"</infNFe>") + len(b"</infNFe>")
    return data[:end] + signature + data[end:]
