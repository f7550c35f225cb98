"""Per-organization rate limits: token buckets with limits from the settings.

Each (bucket, key) pair has a token bucket holding up to ``capacity`` tokens that
refill evenly over ``period`` seconds, so "300 per minute" allows a burst of 300 and
then 5 a second. The key is the caller's organization (from the verified token), or
the client's IP address where nobody is authenticated yet (anonymous GraphQL
operations such as ``login``, failed ``POST /oauth/token`` requests). A request over
the limit gets ``RateLimited``: REST answers 429 with ``Retry-After`` and
``{"code": "RATE_LIMITED", ...}``; GraphQL answers with a top-level ``RATE_LIMITED``
error (or the ``RateLimitedError`` member of a mutation result that offers it) and the
same ``Retry-After`` header. See docs/limits.md for every bucket and its setting.

Storage: :class:`InMemoryBucketStore` keeps the buckets in this process, so with N API
processes (``conciliacontag api --workers N``, several containers) each process counts
on its own and the effective limit is N times the setting. A shared store (Redis, or a
PostgreSQL UNLOGGED table updated with one ``INSERT … ON CONFLICT DO UPDATE …
RETURNING``) implements :class:`BucketStore` with the server's clock and is passed to
:class:`RateLimiter`; nothing else changes.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from starlette.requests import HTTPConnection
from starlette.responses import Response
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from backend.core.errors import RateLimited, whole_seconds
from backend.core.settings import Settings
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError

MUTATION_COST = 2
"""A GraphQL mutation counts as this many requests (writes and audit entries cost more)."""


class Bucket(StrEnum):
    """What is being limited."""

    GRAPHQL = "graphql"  # queries and mutations, per organization
    GRAPHQL_ANONYMOUS = "graphql_anonymous"  # without a valid token, per IP
    UPLOADS = "uploads"  # uploadFile and POST /v1/uploads, per organization
    UPLOAD_BYTES = "upload_bytes"  # bytes uploaded, per organization (charged after)
    EXPORTS = "exports"  # exports recorded, per organization
    DOWNLOADS = "downloads"  # GET /v1/exports/{id}, per organization
    OAUTH_FAILURES = "oauth_failures"  # failed POST /oauth/token, per IP
    LOGIN_FAILURES = "login_failures"  # wrong password or TOTP code, per e-mail


@dataclass(frozen=True, slots=True)
class Limit:
    """``capacity`` tokens, refilled evenly over ``period`` seconds."""

    capacity: float
    period: float

    def refill(self, elapsed: float) -> float:
        """Tokens that ``elapsed`` seconds bring back."""
        # Multiply before dividing: 30 s of "2 per 60 s" is exactly one token.
        return elapsed * self.capacity / self.period

    def wait(self, missing: float) -> float:
        """Seconds until ``missing`` tokens are back."""
        return missing * self.period / self.capacity


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether the tokens were (or would be) available; if not, when they will be."""

    allowed: bool
    retry_after: float = 0.0


class BucketStore(Protocol):
    """Where the buckets live; each call is atomic for its key."""

    async def acquire(self, key: str, limit: Limit, cost: float) -> Decision:
        """Take ``cost`` tokens if they are there (a cost above the capacity needs a
        full bucket); take nothing otherwise."""
        ...

    async def check(self, key: str, limit: Limit, cost: float) -> Decision:
        """Whether ``acquire`` would succeed now, taking nothing."""
        ...

    async def charge(self, key: str, limit: Limit, cost: float) -> None:
        """Take ``cost`` tokens unconditionally; the bucket may go below zero (a debt
        that later calls wait out). For amounts known only afterwards (bytes)."""
        ...


@dataclass(slots=True)
class _State:
    tokens: float
    updated: float


class InMemoryBucketStore:
    """Buckets in this process's memory, least recently used dropped past ``max_keys``.

    A dropped bucket starts full again when next used; buckets idle for a whole
    period are full anyway, and those are the least recently used.
    """

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000
    ) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, _State] = OrderedDict()
        # No await inside: one event loop is safe without it, threads (sync callers,
        # thread pools) are not.
        self._lock = threading.Lock()

    async def acquire(self, key: str, limit: Limit, cost: float) -> Decision:
        """See BucketStore."""
        return self._apply(key, limit, cost, consume=True, debt=False)

    async def check(self, key: str, limit: Limit, cost: float) -> Decision:
        """See BucketStore."""
        return self._apply(key, limit, cost, consume=False, debt=False)

    async def charge(self, key: str, limit: Limit, cost: float) -> None:
        """See BucketStore."""
        self._apply(key, limit, cost, consume=True, debt=True)

    def __len__(self) -> int:
        return len(self._buckets)

    def _apply(self, key: str, limit: Limit, cost: float, *, consume: bool, debt: bool) -> Decision:
        with self._lock:
            now = self._clock()
            state = self._buckets.pop(key, None)
            if state is None:
                tokens = limit.capacity
            else:
                elapsed = max(0.0, now - state.updated)
                tokens = min(limit.capacity, state.tokens + limit.refill(elapsed))
            needed = min(cost, limit.capacity)
            allowed = debt or tokens >= needed
            if allowed and consume:
                self._buckets[key] = _State(tokens - cost, now)
            elif state is not None:
                # Unchanged (the refill is computed from the last take, in one step, so
                # refused polls add no rounding), but now the most recently used.
                self._buckets[key] = state
            while len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
            if allowed:
                return Decision(allowed=True)
            return Decision(allowed=False, retry_after=limit.wait(needed - tokens))


def _per(count: int, seconds: float) -> Limit | None:
    return Limit(capacity=count, period=seconds) if count > 0 else None


class RateLimiter:
    """The configured limits over a bucket store; raises RateLimited when one is hit."""

    def __init__(self, limits: Mapping[Bucket, Limit | None], store: BucketStore) -> None:
        self.limits = dict(limits)
        self.store = store

    @classmethod
    def from_settings(
        cls, settings: Settings, *, clock: Callable[[], float] = time.monotonic
    ) -> RateLimiter:
        """RATE_LIMIT_* settings over an in-process store (``clock`` for tests)."""
        minute, hour = 60.0, 3600.0
        limits = {
            Bucket.GRAPHQL: _per(settings.rate_limit_graphql_per_minute, minute),
            Bucket.GRAPHQL_ANONYMOUS: _per(
                settings.rate_limit_graphql_anonymous_per_minute, minute
            ),
            Bucket.UPLOADS: _per(settings.rate_limit_uploads_per_minute, minute),
            Bucket.UPLOAD_BYTES: _per(settings.rate_limit_upload_bytes_per_hour, hour),
            Bucket.EXPORTS: _per(settings.rate_limit_exports_per_hour, hour),
            Bucket.DOWNLOADS: _per(settings.rate_limit_downloads_per_minute, minute),
            Bucket.OAUTH_FAILURES: _per(settings.rate_limit_oauth_failures_per_minute, minute),
            Bucket.LOGIN_FAILURES: _per(settings.rate_limit_login_failures_per_hour, hour),
        }
        store = InMemoryBucketStore(clock=clock, max_keys=settings.rate_limit_max_keys)
        return cls(limits, store)

    async def hit(self, bucket: Bucket, key: str, cost: float = 1) -> None:
        """Take ``cost`` tokens, or raise RateLimited (taking nothing)."""
        limit = self.limits.get(bucket)
        if limit is not None:
            self._raise_unless(bucket, await self.store.acquire(f"{bucket}:{key}", limit, cost))

    async def ensure(self, bucket: Bucket, key: str, cost: float = 1) -> None:
        """Raise RateLimited unless ``cost`` tokens are there; take nothing."""
        limit = self.limits.get(bucket)
        if limit is not None:
            self._raise_unless(bucket, await self.store.check(f"{bucket}:{key}", limit, cost))

    async def charge(self, bucket: Bucket, key: str, cost: float) -> None:
        """Take ``cost`` tokens even into debt (for amounts known afterwards)."""
        limit = self.limits.get(bucket)
        if limit is not None:
            await self.store.charge(f"{bucket}:{key}", limit, cost)

    @staticmethod
    def _raise_unless(bucket: Bucket, decision: Decision) -> None:
        if decision.allowed:
            return
        seconds = whole_seconds(decision.retry_after)
        raise RateLimited(
            f"rate limit reached ({bucket}); try again in {seconds} s", retry_after=seconds
        )


def organization_key(organization_id: uuid.UUID) -> str:
    """The bucket key of an organization."""
    return f"org:{organization_id}"


def client_key(connection: HTTPConnection) -> str:
    """The bucket key of the client's IP address.

    Behind a proxy this is the address uvicorn took from X-Forwarded-For, which it does
    only for the proxies FORWARDED_ALLOW_IPS trusts; the header is never read here,
    since any client can send it.
    """
    client = connection.client
    return f"ip:{client.host if client is not None else 'unknown'}"


class GraphQLRateLimit(SchemaExtension):
    """Charges each query and mutation to its caller's bucket before it runs.

    Authenticated calls count against the token's organization (GRAPHQL; a platform
    staff token against its staff member), others against the client's IP
    (GRAPHQL_ANONYMOUS); a mutation counts MUTATION_COST times.
    Over the limit, execution is replaced by a top-level RATE_LIMITED error. Whenever a
    RATE_LIMITED error leaves the operation (this one, or a resolver's, such as an
    upload or export over its own bucket), the HTTP response carries ``Retry-After``.
    Subscriptions are not charged per event.
    """

    async def on_execute(self) -> AsyncIterator[None]:
        """Charge before execution; set Retry-After after it."""
        execution = self.execution_context
        context: Any = execution.context
        if execution.result is None and execution.operation_type is not OperationType.SUBSCRIPTION:
            principal = context.principal
            staff = getattr(context, "staff", None)
            if principal is not None:
                bucket, key = Bucket.GRAPHQL, organization_key(principal.organization_id)
            elif staff is not None:
                # Platform support staff have no organization: one bucket per person.
                bucket, key = Bucket.GRAPHQL, f"staff:{staff.user_id}"
            else:
                bucket, key = Bucket.GRAPHQL_ANONYMOUS, client_key(context.request)
            cost = MUTATION_COST if execution.operation_type is OperationType.MUTATION else 1
            limiter: RateLimiter = context.state.rate_limits
            try:
                await limiter.hit(bucket, key, cost)
            except RateLimited as exc:
                # A result set here replaces execution; DomainErrorFormatter renders it.
                execution.result = GraphQLExecutionResult(
                    data=None, errors=[GraphQLError(exc.message, original_error=exc)]
                )
        yield
        errors = getattr(execution.result, "errors", None) or []
        waits = [
            e.original_error.retry_after
            for e in errors
            if isinstance(e.original_error, RateLimited)
        ]
        if waits and isinstance(context.response, Response):
            context.response.headers["Retry-After"] = str(max(waits))
