"""What the API process holds for its lifetime."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from backend.api.ratelimit import RateLimiter
from backend.auth.keys import load_signing_key
from backend.auth.service import AuthPolicy
from backend.auth.tokens import TokenConfig
from backend.core.settings import Settings
from backend.db.session import Database
from backend.mail import Mailer, build_mailer
from backend.search import SearchIndex, build_search_index
from backend.storage import ObjectStore, build_object_store
from workflows.client import TemporalClientProvider


@dataclass
class AppState:
    """Settings, the database, token settings, Temporal, the object store, the search index,
    the rate limiter, the mailer."""

    settings: Settings
    database: Database
    auth: AuthPolicy
    temporal: TemporalClientProvider
    store: ObjectStore
    search: SearchIndex
    rate_limits: RateLimiter
    mailer: Mailer

    @classmethod
    def build(cls, settings: Settings, database: Database) -> AppState:
        """Load keys and wire the dependencies from ``settings``."""
        tokens = TokenConfig(
            key=load_signing_key(settings),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            access_ttl_seconds=settings.access_token_ttl_seconds,
        )
        return cls(
            settings=settings,
            database=database,
            auth=AuthPolicy(
                tokens=tokens, refresh_ttl=timedelta(seconds=settings.refresh_token_ttl_seconds)
            ),
            temporal=TemporalClientProvider(settings),
            store=build_object_store(settings),
            search=build_search_index(settings, database),
            rate_limits=RateLimiter.from_settings(settings),
            mailer=build_mailer(settings),
        )
