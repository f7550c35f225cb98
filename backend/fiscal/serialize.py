"""Turning parse results into JSON-ready dicts: Decimal -> str, dates -> ISO 8601."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from backend.core.errors import ParseError
from backend.fiscal.model import FiscalDocument, FiscalEvent


def to_jsonable(value: Any) -> Any:
    """Recursively convert dataclasses, Decimals, dates and enums into JSON types.

    Money stays exact: ``Decimal("1.10")`` becomes ``"1.10"``, never a float.
    """
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, ParseError):
        return {
            "type": "error",
            "code": value.code,
            "message": value.message,
            "location": value.location.to_dict(),
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        result = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, FiscalDocument):
            result["type"] = "document"
            result["other_parties"] = {role: to_jsonable(p) for role, p in value.other_parties}
        elif isinstance(value, FiscalEvent):
            result["type"] = "event"
        return result
    if isinstance(value, tuple | list):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    raise TypeError(f"cannot serialise {type(value).__name__}")
