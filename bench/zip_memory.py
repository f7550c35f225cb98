"""Peak memory while ingesting a large ZIP of NF-e through ``iter_fiscal_stream``.

Builds an archive of about ``--megabytes`` MB (stored members, so the archive really is that
big) in a temporary directory, one member at a time, then parses it member by member and
prints the peak RSS before and after. Figures only; no assertions.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
import zipfile
from pathlib import Path

from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.ingest import iter_fiscal_stream


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Build, ingest and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "nfe.zip"
        target = args.megabytes * 1024 * 1024
        count = 0
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
            while path.stat().st_size < target:
                data = nfe_xml(random_nfe(rng, items=rng.randint(5, 40)))
                archive.writestr(f"nfe/{count:07d}.xml", data)
                count += 1
                if count % 1000 == 0:
                    archive.fp.flush()  # type: ignore[union-attr]
        size = path.stat().st_size / 1024 / 1024
        print(f"archive: {size:.0f} MB, {count} NF-e members")
        print(f"peak RSS before ingesting: {_peak_rss_mb():.0f} MB")
        documents = errors = 0
        start = time.perf_counter()
        with path.open("rb") as stream:
            for result in iter_fiscal_stream(stream, check_signature="presence"):
                documents += len(result.records)
                errors += result.error is not None
        elapsed = time.perf_counter() - start
        print(f"ingested {documents} documents, {errors} errors in {elapsed:.1f} s")
        print(f"peak RSS after ingesting: {_peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
