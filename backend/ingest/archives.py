"""Reading ZIP archives from untrusted senders.

Members are read one at a time with a hard cap on the bytes actually inflated (headers can
lie), so memory stays bounded by the per-file limit whatever the archive's size. Unsafe names
(absolute, drive letters, ``..``), symlinks, encrypted members, too many members, too many
bytes and bomb-like ratios are reported per member as ParseError.
"""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from backend.core.errors import Location, ParseError
from backend.ingest.limits import DEFAULT_LIMITS, Limits

_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Member:
    """One archive member: its safe name and either its bytes or why it was refused."""

    name: str
    data: bytes | None = None
    error: ParseError | None = None


def safe_member_name(raw: str) -> str | None:
    """A normalised relative name, or ``None`` when the name escapes the archive."""
    name = raw.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return posixpath.join(*parts)


# What zipfile raises on a damaged archive or member: besides BadZipFile, NotImplementedError
# for a garbled version or compression method, ValueError for a negative header offset read
# from a corrupt central directory, zlib/EOF/OS errors for truncated or invalid data.
_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError)


def iter_zip(
    source: bytes | BinaryIO, *, prefix: str = "", limits: Limits = DEFAULT_LIMITS
) -> Iterator[Member]:
    """Yield each file member of a ZIP; directories are skipped. Never raises for a member.

    ``source`` is the archive's bytes or a seekable binary stream; with a stream only the
    central directory and one member at a time are held in memory.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except _UNREADABLE as error:
        yield Member(
            name=prefix.rstrip("/") or "",
            error=ParseError(
                "ARCHIVE_CORRUPT",
                f"the ZIP archive cannot be read: {error}",
                Location(member=prefix.rstrip("/") or None),
            ),
        )
        return
    with archive:
        total = 0
        infos = [
            info
            for info in archive.infolist()
            # Not ZipInfo.is_dir(): it fails on the empty name of a corrupt entry.
            if not info.filename.endswith("/") and not _is_os_metadata(info.filename)
        ]
        for count, info in enumerate(infos, 1):
            display = prefix + info.filename
            if count > limits.max_archive_members:
                yield Member(
                    name=display,
                    error=ParseError(
                        "ARCHIVE_TOO_MANY_MEMBERS",
                        f"the archive has more than {limits.max_archive_members} members",
                        Location(member=display),
                    ),
                )
                return
            member = _read_member(
                archive, info, prefix, limits, limits.max_archive_total_bytes - total
            )
            if member.data is not None:
                total += len(member.data)
            yield member
            if member.error is not None and member.error.code == "ARCHIVE_TOO_LARGE":
                return


def _is_os_metadata(name: str) -> bool:
    """Files that archivers on macOS and Windows add by themselves (AppleDouble forks,
    Finder and Explorer caches): never documents, so they are skipped silently."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return (
        name.startswith("__MACOSX/")
        or base.startswith("._")
        or base in (".DS_Store", "Thumbs.db", "desktop.ini")
    )


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, prefix: str, limits: Limits, budget: int
) -> Member:
    safe = safe_member_name(info.filename)
    display = prefix + (safe or info.filename)
    location = Location(member=display)
    if safe is None:
        return Member(
            name=display,
            error=ParseError(
                "PATH_TRAVERSAL",
                f"the member name {info.filename!r} is empty or points outside the archive",
                location,
            ),
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        return Member(
            name=display,
            error=ParseError("ARCHIVE_SYMLINK", "symbolic links are not accepted", location),
        )
    if info.flag_bits & 0x1:
        return Member(
            name=display,
            error=ParseError("ARCHIVE_ENCRYPTED", "encrypted members are not supported", location),
        )
    cap = min(limits.max_file_bytes, budget)
    try:
        data = _read_capped(archive, info, cap, limits, location)
    except ParseError as error:
        return Member(name=display, error=error)
    except _UNREADABLE as error:
        return Member(
            name=display,
            error=ParseError("ARCHIVE_CORRUPT", f"the member cannot be read: {error}", location),
        )
    return Member(name=display, data=data)


def _read_capped(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, limits: Limits, location: Location
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > cap:
                code = "FILE_TOO_LARGE" if cap == limits.max_file_bytes else "ARCHIVE_TOO_LARGE"
                raise ParseError(code, f"the member inflates beyond {cap} bytes", location)
            compressed = max(info.compress_size, 1)
            if size >= limits.ratio_check_min_bytes and size / compressed > (
                limits.max_compression_ratio
            ):
                raise ParseError(
                    "ZIP_BOMB",
                    f"the member inflates more than {limits.max_compression_ratio}x",
                    location,
                )
            chunks.append(chunk)
    return b"".join(chunks)
