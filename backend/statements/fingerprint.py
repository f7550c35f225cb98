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
# Distinct posted dates whose ISO text is kept per file (a statement repeats its days).
_DAY_CACHE_LIMIT = 4096
# Copying an empty hash object is cheaper than building one from its keyword arguments.
_EMPTY_HASH = blake2b(digest_size=16)


class Fingerprinter:
    """Numbers identical entries within one file and hashes each entry.

    An entry is told from the earlier ones by the fingerprint it has as the first of
    its base (ordinal 0): equal for equal bases and, but for a BLAKE2b collision,
    different otherwise. So the file's bases need not be kept, only those that repeat.
    """

    __slots__ = ("_days", "_firsts", "_repeats")

    def __init__(self) -> None:
        self._firsts: set[str] = set()
        self._repeats: dict[str, int] = {}
        self._days: dict[date, str] = {}

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
        days = self._days
        day = days.get(posted_on)
        if day is None:
            day = posted_on.isoformat()
            if len(days) < _DAY_CACHE_LIMIT:
                days[posted_on] = day
        # "v2", the base and ordinal 0: what is hashed for the first entry of its base.
        text = (
            f"{VERSION}\x1f{account_key}\x1f{day}\x1f{amount!s}\x1f{source_id or ''}"
            f"\x1f{folded_memo}\x1f0"
        )
        digest = _EMPTY_HASH.copy()
        digest.update(text.encode())
        fingerprint = digest.hexdigest()
        firsts = self._firsts
        if fingerprint not in firsts:
            firsts.add(fingerprint)
            return fingerprint
        repeats = self._repeats
        key = text[:-1]
        ordinal = repeats.get(key, 1)
        repeats[key] = ordinal + 1
        digest = _EMPTY_HASH.copy()
        digest.update(f"{key}{ordinal}".encode())
        return digest.hexdigest()
