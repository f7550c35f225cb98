"""Size and shape limits for untrusted input. Defaults suit an accountant's monthly zip."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """Every limit the ingest layer enforces; pass a custom one to tighten or relax them."""

    max_file_bytes: int = 64 * 1024 * 1024
    max_archive_members: int = 20_000
    max_archive_total_bytes: int = 2 * 1024 * 1024 * 1024
    # Ratio uncompressed/compressed per member. XML compresses 10-30x; 200x is a bomb.
    max_compression_ratio: int = 200
    # Small members compress extremely well without being dangerous: ratio checks start here.
    ratio_check_min_bytes: int = 1024 * 1024
    max_archive_depth: int = 1


DEFAULT_LIMITS = Limits()
