"""Pure ingestion: sniffing, encodings, safe XML, archives and routing to the parsers.

Entry points: ``parse_fiscal``, ``iter_fiscal``, ``iter_fiscal_stream`` and ``sniff``.
"""

from backend.ingest.router import MemberResult, iter_fiscal, iter_fiscal_stream, parse_fiscal
from backend.ingest.sniff import Kind, sniff

__all__ = ["Kind", "MemberResult", "iter_fiscal", "iter_fiscal_stream", "parse_fiscal", "sniff"]
