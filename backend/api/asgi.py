"""ASGI factory for uvicorn: ``uvicorn --factory backend.api.asgi:create``."""

from __future__ import annotations

from starlette.applications import Starlette

from backend.api.app import app_from_settings
from backend.core.logging import configure_logging
from backend.core.settings import get_settings


def create() -> Starlette:
    """The app configured from the environment."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return app_from_settings(settings)
