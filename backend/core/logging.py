"""Structured JSON logs with request, organization, file and workflow ids.

Context values are bound with ``structlog.contextvars`` so every log line of a
request or activity carries them. CPF/CNPJ digits in messages are masked and
secrets are never logged (callers must not pass them; the masker is a net).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

# 14 alphanumeric characters ending in two digits (CNPJ, old and new) or 11 digits (CPF),
# optionally punctuated, standing alone.
_CNPJ_RE = re.compile(
    r"(?<![\w])([0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?\d{2})(?![\w])"
)
_CPF_RE = re.compile(r"(?<![\w])(\d{3}\.?\d{3}\.?\d{3}-?\d{2})(?![\w])")
_SECRET_KEYS = {"password", "token", "access_token", "refresh_token", "secret", "authorization"}


def mask_tax_ids(text: str) -> str:
    """Replace CPF/CNPJ-looking runs with a mask that keeps only the last two digits."""

    def _mask(match: re.Match[str]) -> str:
        value = match.group(1)
        return "*" * (len(value) - 2) + value[-2:]

    return _CPF_RE.sub(_mask, _CNPJ_RE.sub(_mask, text))


def _scrub(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key in list(event_dict):
        value = event_dict[key]
        if key.lower() in _SECRET_KEYS:
            event_dict[key] = "[redacted]"
        elif isinstance(value, str):
            event_dict[key] = mask_tax_ids(value)
    return event_dict


def configure_logging(level: str = "INFO", fmt: str = "json") -> None:
    """Route stdlib and structlog output through one JSON (or console) renderer."""
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _scrub,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # uvicorn's access log duplicates our request log line.
    logging.getLogger("uvicorn.access").disabled = True


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A logger whose lines carry the bound context (request id, organization id, ...)."""
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
