"""NF-e parsing throughput against two baselines measured in the same run on the same bytes.

Run: ``.venv/bin/python bench/parse.py [--documents 2000] [--runs 5] [--nfelib-documents 96]``.

Baselines: ``lxml.etree.fromstring`` alone (the floor: no parser can beat the parse it
builds on) and nfelib's xsdata binding, both with one shared ``XmlParser`` and with a new
parser per document (what nfelib's ``from_xml`` does). A third reference line reads the
tag and text of every element after the parse and converts nothing: the share of the
floor that merely looking at each element costs in Python. The process is pinned to one core
and timed in CPU time, so other load on the machine skews the figures less. The variants
take turns on chunks of the corpus, ``--runs`` times over, so that drift hits all of them
alike; the median time per document is shown as documents/second and as a ratio to the
floor's. Figures only; no assertions.

Corpora: the real NF-e/NFC-e samples beside the checkout (their signatures are all
invalid or absent: they were re-indented after signing), generated NF-e (unsigned), and
the same generated NF-e signed with a test certificate, whose valid signatures take the
path most documents from SEFAZ take.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
import warnings
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path

from lxml import etree

from backend.fiscal.nfe import parse_nfe_tree
from backend.fiscal.signature import SignatureCheck
from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.fiscal.testing.signing import sign_nfe
from backend.ingest import parse_fiscal
from backend.ingest.safe_xml import parse_xml, parse_xml_source

_TAG_TEXT = attrgetter("tag", "text")
_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
# Documents timed at a time (one sample of the median).
_CHUNK = 100


def _generated_corpus(count: int) -> list[bytes]:
    rng = random.Random(2026)
    return [nfe_xml(random_nfe(rng, items=rng.randint(1, 8))) for _ in range(count)]


def _signed_corpus(count: int) -> list[bytes]:
    return [sign_nfe(data) for data in _generated_corpus(count)]


def _real_corpus(count: int) -> list[bytes]:
    """The real NF-e/NFC-e samples beside the checkout, repeated up to ``count``."""
    files = sorted((_SAMPLES / "nfe55").glob("*.xml")) + sorted((_SAMPLES / "nfce65").glob("*.xml"))
    data = [f.read_bytes() for f in files]
    return [data[n % len(data)] for n in range(count)] if data else []


def _nfelib_variants() -> list[tuple[str, Callable[[bytes], object]]]:
    """nfelib with one shared parser, and with a new parser per document.

    The parsers are lenient (unknown elements ignored): with nfelib's strict default,
    13 of the 32 real samples fail (layout 3.10 fields such as ide/indPag, the reform's
    groups), and a failing document costs less than a parsed one.
    """
    try:
        from nfelib.nfe.bindings.v4_0.envi_nfe_v4_00 import EnviNfe
        from nfelib.nfe.bindings.v4_0.nfe_v4_00 import Nfe
        from nfelib.nfe.bindings.v4_0.proc_nfe_v4_00 import NfeProc
        from xsdata.formats.dataclass.parsers import XmlParser
        from xsdata.formats.dataclass.parsers.config import ParserConfig
    except ImportError:
        print("nfelib is not installed: its baseline is skipped")
        return []
    warnings.simplefilter("ignore")  # xsdata warns on every ignored unknown element
    config = ParserConfig(fail_on_unknown_properties=False)
    bindings: dict[bytes, type] = {b"nfeProc": NfeProc, b"NFe": Nfe, b"enviNFe": EnviNfe}

    def binding(data: bytes) -> type:
        # The root's name, found by a cheap scan rather than a second lxml parse.
        for name, cls in bindings.items():
            if b"<" + name + b" " in data[:400] or b"<" + name + b">" in data[:400]:
                return cls
        return NfeProc

    shared = XmlParser(config=config)
    return [
        ("nfelib, one shared XmlParser", lambda d: shared.from_bytes(d, binding(d))),
        (
            "nfelib, a new XmlParser per document",
            lambda d: XmlParser(config=config).from_bytes(d, binding(d)),
        ),
    ]


def _tree(check: SignatureCheck) -> Callable[[bytes], object]:
    """parse_xml + parse_nfe_tree, with the source bytes as parse_fiscal passes them."""

    def work(data: bytes) -> object:
        root, source = parse_xml_source(data)
        return parse_nfe_tree(root, check_signature=check, source=source)

    return work


def _walk(data: bytes) -> object:
    """Parse, then read the tag and text of every element and convert nothing: what any
    reader that looks at every element pays before its own work (a reference, not a
    parser)."""
    return list(map(_TAG_TEXT, etree.fromstring(data).iter()))


def _seconds(corpus: list[bytes], work: Callable[[bytes], object]) -> float:
    start = time.process_time()
    for data in corpus:
        work(data)
    return (time.process_time() - start) / len(corpus)


def _measure(label: str, corpus: list[bytes], runs: int, nfelib_documents: int) -> None:
    size = sum(map(len, corpus)) / len(corpus)
    print(f"\ncorpus: {len(corpus)} {label}, {size / 1024:.1f} KB on average")
    ours: list[tuple[str, Callable[[bytes], object]]] = [
        ("lxml.etree.fromstring (the floor)", etree.fromstring),
        ("safe parse_xml (encoding + DTD checks)", parse_xml),
        ("lxml walk: tag + text of every element", _walk),
        ("parse_xml + parse_nfe_tree (parse only)", _tree("presence")),
        ("parse_xml + parse_nfe_tree (+ signature)", _tree("full")),
        (
            "parse_fiscal end to end (parse only)",
            lambda d: parse_fiscal(d, check_signature="presence"),
        ),
        ("parse_fiscal end to end (+ signature)", parse_fiscal),
    ]
    # nfelib is about 30 times slower: it runs on a slice of the same bytes, and its ratio
    # is to the floor measured on that slice.
    small = corpus[:nfelib_documents]
    variants = [(name, work, corpus) for name, work in ours]
    nfelib = _nfelib_variants()
    if nfelib:
        variants.append(("lxml.etree.fromstring, on nfelib's slice", etree.fromstring, small))
        variants += [(name, work, small) for name, work in nfelib]
    # Interleave small chunks rather than whole passes: a burst of load from elsewhere then
    # spoils a few samples of every variant instead of one variant's whole run.
    seconds: dict[str, list[float]] = {name: [] for name, _, _ in variants}
    for _ in range(runs):
        for start in range(0, len(corpus), _CHUNK):
            for name, work, documents in variants:
                chunk = documents[start : start + _CHUNK] if documents is corpus else documents
                if chunk and (documents is corpus or start == 0):
                    seconds[name].append(_seconds(chunk, work))
    floors = {
        len(documents): statistics.median(seconds[name])
        for name, work, documents in variants
        if work is etree.fromstring
    }
    for name, _, documents in variants:
        per_document = statistics.median(seconds[name])
        ratio = per_document / floors[len(documents)]
        note = "" if documents is corpus else f"   (on {len(documents)} documents)"
        print(f"{name:<44} {1 / per_document:>9,.0f} docs/s  {ratio:6.2f}x the floor{note}")


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--nfelib-documents", type=int, default=96)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    for label, corpus in (
        ("real NF-e/NFC-e samples (repeated)", _real_corpus(args.documents)),
        ("generated NF-e", _generated_corpus(args.documents)),
        ("generated NF-e, signed (valid signatures)", _signed_corpus(args.documents)),
    ):
        if corpus:
            _measure(label, corpus, args.runs, args.nfelib_documents)


if __name__ == "__main__":
    main()
