"""ASGI factory for uvicorn: ``uvicorn --factory backend.api.asgi:create``."""

from __future__ import annotations

import gc

from starlette.applications import Starlette

from backend.api.app import app_from_settings
from backend.core.logging import configure_logging
from backend.core.settings import get_settings

# Objects allocated between young collections. The default (700) made the collector run
# every few dozen resolvers and rescan a large heap: about a third of a GraphQL request's
# CPU (bench/graphql.py, docs/api.md). Requests leave little cyclic garbage; memory is
# still freed by reference counting as before.
_YOUNG_THRESHOLD = 50_000


def tune_garbage_collector() -> None:
    """Freeze what start-up built (modules, schema, app) out of every future collection,
    and collect young objects less often. For a server process only."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(_YOUNG_THRESHOLD, older, oldest)


def create() -> Starlette:
    """The app configured from the environment."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    app = app_from_settings(settings)
    tune_garbage_collector()
    return app
