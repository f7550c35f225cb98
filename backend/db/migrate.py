"""Run the Alembic migrations programmatically (as the owner role)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from backend.core.settings import REPO_ROOT


def alembic_config(owner_url: str, app_role: str) -> Config:
    """An Alembic config for ``owner_url`` that grants DML to ``app_role``."""
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "backend" / "db" / "migrations"))
    config.set_main_option("sqlalchemy.url", owner_url.replace("%", "%%"))
    config.attributes["app_role"] = app_role
    return config


def upgrade(owner_url: str, app_role: str, revision: str = "head") -> None:
    """Bring the schema to ``revision``. Blocking: call it outside a running event loop."""
    command.upgrade(alembic_config(owner_url, app_role), revision)
