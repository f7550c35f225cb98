"""The stable codes of ParseError and DocumentWarning, with what each one means.

Codes are a contract (the ``parse`` command prints them, the files pipeline stores them):
UPPER_SNAKE, never renamed. docs/fiscal.md carries the same table; a test keeps the two,
and the codes the parsers actually raise, in step.
"""

from __future__ import annotations

ERROR_CODES: dict[str, str] = {
    "EMPTY_FILE": "the input (a file or an archive member) has no content",
    "FILE_TOO_LARGE": "a file or archive member is above max_file_bytes",
    "UNRECOGNIZED_FORMAT": "no supported fiscal document, archive or bank file",
    "UNDECODABLE_ENCODING": "bytes invalid in the declared encoding, or binary control bytes",
    "MALFORMED_XML": "not well-formed XML (line and column from libxml2), or truncated",
    "DTD_FORBIDDEN": "a <!DOCTYPE (XXE, billion laughs), rejected before parsing",
    "ENTITY_FORBIDDEN": "an <!ENTITY declaration, rejected before parsing",
    "ARCHIVE_CORRUPT": "an unreadable ZIP or member (bad CRC, truncated)",
    "ARCHIVE_TOO_LARGE": "members inflate beyond max_archive_total_bytes (the rest is skipped)",
    "ZIP_BOMB": "a member inflates more than max_compression_ratio times",
    "ARCHIVE_TOO_MANY_MEMBERS": "more than max_archive_members files in the archive",
    "ARCHIVE_TOO_DEEP": "a ZIP inside a ZIP inside a ZIP",
    "PATH_TRAVERSAL": "a member name with '..', an absolute path or a drive letter",
    "ARCHIVE_SYMLINK": "a symbolic-link member",
    "ARCHIVE_ENCRYPTED": "a password-protected member",
    "UNSUPPORTED_LAYOUT": "XML of an unknown layout, or an NF-e model other than 55/65",
    "UNSUPPORTED_KIND": "a recognised but unsupported kind of document (MDF-e)",
    "MISSING_FIELD": "a required group or field is absent (location.path says which)",
    "INVALID_VALUE": (
        "a number, date or integer that does not parse, or a number with more than 13"
        " integer digits (location.path says which)"
    ),
    "INVALID_ACCESS_KEY": "a DANFE/DACTE PDF's printed key is of another model than its title",
    "PDF_UNREADABLE": "the PDF cannot be read",
}

WARNING_CODES: dict[str, str] = {
    "ACCESS_KEY_MISSING": "the document carries no access key",
    "INVALID_ACCESS_KEY": "the access key has a wrong check digit, length or characters",
    "ACCESS_KEY_MISMATCH": "the access key disagrees with one of the document's own fields",
    "TOTALS_MISMATCH": "a total differs from the sum of its parts",
    "NFSE_DPS_ONLY": "an NFS-e nacional DPS without its NFS-e: no number yet",
    "EMITTER_INFERRED": "the provider's CNPJ was taken from the message header (DSF)",
    "INVALID_TAX_ID": "a party's CNPJ/CPF is neither a CNPJ nor a CPF; it was left out",
    "PDF_TOTAL_NOT_FOUND": "the total could not be read from the PDF",
    "PDF_NAME_NOT_FOUND": "a party's name could not be read from the PDF",
}
