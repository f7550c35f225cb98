"""The fingerprint that recognises the same entry across imports.

Algorithm (version 2):

1. ``base`` = account key, posted date (ISO), amount as the JSON output writes it
   (``str(Decimal)``, two decimals), the source's own id (FITID, nosso número or a CSV id
   column; empty when the source has none) and the folded memo (upper case, no accents,
   single spaces; for CNAB, which has no memo, the entry kind, occurrence code and seu
   número), joined by U+001F.
2. ``ordinal`` = how many earlier entries *of the same file* had the same ``base``
   (0 for the first). Identical lines (two equal fees on one day, or Banco do Brasil
   repeating a FITID) therefore get distinct fingerprints, while a re-import, or an
   overlapping statement that holds the same day, numbers them the same way.
3. ``fingerprint`` = BLAKE2b with a 16-byte digest (32 hex digits) over
   ``"v2" + base + ordinal`` (UTF-8).

One hash per entry: version 1 hashed the memo separately with SHA-256 and then the
whole key again; the folded memo now goes into the key as it is. The line number
never enters the hash (it changes when statements overlap), and the FITID is never
used alone (some banks repeat FITIDs for different entries).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from hashlib import blake2b

VERSION = "v2"


class Fingerprinter:
    """Numbers identical entries within one file and hashes each entry."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(
        self,
        account_key: str,
        posted_on: date,
        amount: Decimal,
        source_id: str | None,
        folded_memo: str,
    ) -> str:
        """The fingerprint of the next entry with these values (see the module docstring).

        ``folded_memo`` must already be folded (``text.fold``); parsers have it at hand
        from the memo analysis, so folding it again here would be wasted work.
        """
        base = "\x1f".join(
            (account_key, posted_on.isoformat(), str(amount), source_id or "", folded_memo)
        )
        seen = self._seen
        ordinal = seen.get(base, 0)
        seen[base] = ordinal + 1
        return blake2b(f"{VERSION}\x1f{base}\x1f{ordinal}".encode(), digest_size=16).hexdigest()
