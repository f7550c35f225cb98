"""Bank and ledger statements: OFX, CNAB 240/400 return files and CSV exports.

Pure: bytes in, values out; no database, no network. Start with ``parse_statement``.
"""

from backend.statements.api import MAX_STATEMENT_BYTES, parse_statement
from backend.statements.csv_profiles import PROFILES
from backend.statements.detect import detect_statement_format
from backend.statements.model import (
    Account,
    AccountKind,
    Balance,
    CnabTitle,
    Counterparty,
    EntryKind,
    References,
    SourceFormat,
    SourceRef,
    Statement,
    StatementParseResult,
    Transaction,
    TransactionType,
)
from backend.statements.serialize import result_to_dict, result_to_records

__all__ = [
    "MAX_STATEMENT_BYTES",
    "PROFILES",
    "Account",
    "AccountKind",
    "Balance",
    "CnabTitle",
    "Counterparty",
    "EntryKind",
    "References",
    "SourceFormat",
    "SourceRef",
    "Statement",
    "StatementParseResult",
    "Transaction",
    "TransactionType",
    "detect_statement_format",
    "parse_statement",
    "result_to_dict",
    "result_to_records",
]
