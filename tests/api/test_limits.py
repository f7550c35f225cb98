"""Limits: query depth, aliases, tokens, page size and cost; per-organization rate limits
on GraphQL and REST; upload size. Rate-limit tests build their own app with tiny limits
and a clock they move by hand (no sleeping, no wall clock)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, NamedTuple

import asyncpg
import httpx
import pytest
from starlette.applications import Starlette

from backend.api.app import create_app
from backend.api.graphql.cost import DEFAULT_LIST_SIZE, operation_cost
from backend.api.graphql.schema import schema
from backend.api.ratelimit import (
    MUTATION_COST,
    Bucket,
    InMemoryBucketStore,
    Limit,
    RateLimiter,
)
from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.auth.tokens import issue_access_token
from backend.core.errors import RateLimited
from backend.core.settings import Settings
from backend.db.enums import Role
from backend.db.session import Database
from backend.tenancy.service import DemoCredentials
from graphql import OperationDefinitionNode, parse

from .conftest import MemberToken

OPERATIONS_DIR = Path(__file__).resolve().parents[2] / "graphql" / "operations"
DEFAULT_MAX_COST: int = Settings.model_fields["graphql_max_cost"].default
GRAPHQL_SCHEMA = schema._schema

# 100 documents × their installments × reconciliations × transactions × the
# transactions' reconciliations × their documents: a short query that fans out.
FAN_OUT = """query FanOut($first: Int) {
  documents(first: $first) { edges { node { installments { reconciliations {
    transactions { transaction { reconciliations { documents { document { id } } } } }
  } } } } }
}"""


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass."""
        self.now += seconds


def _token(state: AppState, organization: uuid.UUID, role: Role = Role.ADMIN) -> str:
    principal = Principal(subject_id=uuid.uuid4(), organization_id=organization, role=role)
    return issue_access_token(state.auth.tokens, principal)


async def _post(
    client: httpx.AsyncClient,
    query: str,
    token: str | None = None,
    variables: dict[str, Any] | None = None,
    extensions: dict[str, Any] | None = None,
) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    payload: dict[str, Any] = {"query": query, "variables": variables or {}}
    if extensions is not None:
        payload["extensions"] = extensions
    response = await client.post("/graphql", json=payload, headers=headers)
    assert response.status_code == 200, response.text
    return response


def _only_error(body: dict[str, Any]) -> dict[str, Any]:
    errors = body["errors"]
    assert len(errors) == 1, errors
    error: dict[str, Any] = errors[0]
    return error


class Limited(NamedTuple):
    """An app with its own settings, its state and a client speaking to it."""

    client: httpx.AsyncClient
    state: AppState
    app: Starlette


@asynccontextmanager
async def limited_app(
    settings: Settings, database: Database, clock: FakeClock, **overrides: Any
) -> AsyncIterator[Limited]:
    """The app with ``overrides`` applied to its settings and rate limits on ``clock``."""
    state = AppState.build(settings.model_copy(update=overrides), database)
    state.rate_limits = RateLimiter.from_settings(state.settings, clock=clock)
    app = create_app(state)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
    ):
        yield Limited(c, state, app)


@pytest.fixture
def clock() -> FakeClock:
    """The rate limiters' clock."""
    return FakeClock()


# --- document size: depth, aliases, tokens, page size ---------------------------------


async def test_depth_aliases_and_tokens_are_refused_before_running(
    client: httpx.AsyncClient,
) -> None:
    nested = "id"
    for _ in range(6):
        nested = f"installments {{ document {{ {nested} }} }}"
    deep = await _post(client, f"{{ documents {{ edges {{ node {{ {nested} }} }} }} }}")
    error = _only_error(deep.json())
    assert deep.json()["data"] is None
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "exceeds maximum operation depth of 12" in error["message"]

    aliased = " ".join(f"a{n}: __typename" for n in range(31))
    error = _only_error((await _post(client, f"{{ {aliased} }}")).json())
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "aliases found. Allowed: 30" in error["message"]

    many = "__typename " * 4001
    too_long = (await _post(client, f"{{ {many} }}")).json()
    assert too_long["data"] is None
    # A syntax error: no extensions.code yet (ParserCache parses outside the formatter).
    error = _only_error(too_long)
    assert "Document contains more than 4000 tokens" in error["message"]
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"

    # Just inside every limit: runs.
    inside = " ".join(f"a{n}: __typename" for n in range(30))
    assert "errors" not in (await _post(client, f"{{ {inside} }}")).json()


async def test_a_page_over_100_is_invalid(
    client: httpx.AsyncClient, app_state: AppState, demo: DemoCredentials
) -> None:
    token = _token(app_state, demo.organization_id)
    query = "query($n: Int) { documents(first: $n) { edges { cursor } } }"
    error = _only_error((await _post(client, query, token, {"n": 101})).json())
    assert error["extensions"]["code"] == "INVALID"
    assert error["extensions"]["details"]["fields"] == {"first": ["between 0 and 100"]}
    last = "{ transactions(last: 101) { edges { cursor } } }"
    error = _only_error((await _post(client, last, token)).json())
    assert error["extensions"]["details"]["fields"] == {"last": ["between 0 and 100"]}
    body = (await _post(client, query, token, {"n": 100})).json()
    assert body["data"]["documents"]["edges"] == []


# --- cost -----------------------------------------------------------------------------


def _cost(query: str, variables: dict[str, Any] | None = None) -> int:
    return operation_cost(GRAPHQL_SCHEMA, parse(query), None, variables)


def test_the_cost_model() -> None:
    # A connection: 1, plus per edge (1) its node (1); pageInfo is one object.
    assert _cost("{ documents { edges { node { id } } } }") == 1 + 20 * 2
    assert _cost("{ documents(first: 5) { edges { node { id } } pageInfo { hasNextPage } } }") == (
        1 + 5 * 2 + 1
    )
    assert _cost("query($n: Int) { documents(last: $n) { edges { cursor } } }", {"n": 7}) == 8
    # Pages are capped like the resolvers cap them (which then refuse the request).
    assert _cost("{ documents(first: 100000) { edges { cursor } } }") == 101
    # Scalars are free; lists of objects have nominal lengths.
    assert _cost("{ companies { id cnpj legalName } }") == DEFAULT_LIST_SIZE
    assert _cost("{ documents(first: 1) { edges { node { installments { id } } } } }") == (
        1 + 1 * (1 + 1 + 3 * 1)
    )
    # nodes(ids) is as long as ids.
    assert _cost('{ nodes(ids: ["a", "b", "c"]) { id } }') == 3
    # Alternatives of a union count once, at the most expensive.
    union = """mutation { reprocessFile(id: "x") { __typename
      ... on ReprocessFileSuccess { file { id failure { code } } }
      ... on UserError { code } } }"""
    assert _cost(union) == 1 + 2
    # @skip and @include are honoured; introspection is free.
    skipped = "query($s: Boolean!) { companies @skip(if: $s) { id } __schema { types { name } } }"
    assert _cost(skipped, {"s": True}) == 0
    assert _cost(skipped, {"s": False}) == DEFAULT_LIST_SIZE
    assert _cost(FAN_OUT, {"first": 100}) > DEFAULT_MAX_COST
    assert _cost(FAN_OUT, {"first": 20}) < DEFAULT_MAX_COST


def _operations() -> list[tuple[str, str, OperationDefinitionNode]]:
    found = []
    for path in sorted(OPERATIONS_DIR.glob("*.graphql")):
        text = path.read_text(encoding="utf-8")
        for definition in parse(text).definitions:
            if isinstance(definition, OperationDefinitionNode) and definition.name:
                found.append((path.name, text, definition))
    return found


@pytest.mark.parametrize(
    ("file", "text", "operation"),
    _operations(),
    ids=[f"{f}:{o.name.value}" for f, _, o in _operations() if o.name],
)
def test_every_committed_operation_is_under_the_cost_limit(
    file: str, text: str, operation: OperationDefinitionNode
) -> None:
    assert operation.name is not None
    name = operation.name.value
    assert operation_cost(GRAPHQL_SCHEMA, parse(text), name, {}) <= DEFAULT_MAX_COST
    # Also at the largest page, with the required text/id variables filled in.
    variables: dict[str, Any] = {"first": 100}
    for definition in operation.variable_definitions or ():
        if definition.variable.name.value in ("text", "id"):
            variables[definition.variable.name.value] = "x"
    assert operation_cost(GRAPHQL_SCHEMA, parse(text), name, variables) <= DEFAULT_MAX_COST


async def test_an_operation_over_the_cost_limit_is_refused_before_running(
    client: httpx.AsyncClient, app_state: AppState, demo: DemoCredentials, settings: Settings
) -> None:
    token = _token(app_state, demo.organization_id)
    body = (await _post(client, FAN_OUT, token, {"first": 100})).json()
    assert body["data"] is None
    error = _only_error(body)
    assert error["extensions"] == {
        "code": "QUERY_TOO_COSTLY",
        "details": {"cost": _cost(FAN_OUT, {"first": 100}), "max": settings.graphql_max_cost},
    }
    assert settings.graphql_max_cost == DEFAULT_MAX_COST

    # The same document with a smaller page runs, and reports its cost when asked.
    fine = (await _post(client, FAN_OUT, token, {"first": 20}, {"cost": True})).json()
    assert fine["data"] == {"documents": {"edges": []}}
    assert fine["extensions"]["cost"] == {
        "estimated": _cost(FAN_OUT, {"first": 20}),
        "max": DEFAULT_MAX_COST,
    }
    assert "extensions" not in (await _post(client, FAN_OUT, token, {"first": 20})).json()


async def test_the_cost_limit_follows_the_setting(
    settings: Settings, database: Database, demo: DemoCredentials, clock: FakeClock
) -> None:
    async with limited_app(settings, database, clock, graphql_max_cost=40) as limited:
        client, state = limited.client, limited.state
        token = _token(state, demo.organization_id)
        query = "query($n: Int) { documents(first: $n) { edges { node { id } } } }"
        assert "errors" not in (await _post(client, query, token, {"n": 19})).json()
        error = _only_error((await _post(client, query, token, {"n": 20})).json())
        assert error["extensions"]["details"] == {"cost": 41, "max": 40}


# --- rate limits ----------------------------------------------------------------------


def _limited_member(response: httpx.Response, field: str) -> int:
    """The Retry-After of a mutation answering its RateLimitedError union member."""
    result = response.json()["data"][field]
    assert result["__typename"] == "RateLimitedError"
    seconds = int(result["retryAfter"])
    assert response.headers["retry-after"] == str(seconds)
    return seconds


def _rate_limited(response: httpx.Response) -> int:
    """The Retry-After of a GraphQL RATE_LIMITED answer."""
    error = _only_error(response.json())
    assert error["extensions"]["code"] == "RATE_LIMITED"
    seconds = error["extensions"]["details"]["retryAfter"]
    assert response.headers["retry-after"] == str(seconds)
    assert response.json()["data"] is None
    return int(seconds)


async def test_graphql_rate_limit_per_organization(
    settings: Settings,
    database: Database,
    demo: DemoCredentials,
    tenant_b: uuid.UUID,
    clock: FakeClock,
) -> None:
    async with limited_app(settings, database, clock, rate_limit_graphql_per_minute=6) as limited:
        client, state = limited.client, limited.state
        token_a = _token(state, demo.organization_id)
        token_b = _token(state, tenant_b)
        query = "{ organization { name } }"
        for _ in range(4):
            response = await _post(client, query, token_a)
            assert response.json()["data"]["organization"]["name"]
            assert "retry-after" not in response.headers
        # A mutation counts as MUTATION_COST requests: the last two tokens.
        assert MUTATION_COST == 2
        mutation = 'mutation { deleteCompany(id: "x") { __typename } }'
        deleted = (await _post(client, mutation, token_a)).json()
        assert deleted["data"]["deleteCompany"]["__typename"] == "NotFoundError"

        # Empty: 6 per minute is one every 10 s.
        assert _rate_limited(await _post(client, query, token_a)) == 10
        # Refused requests take nothing, and the other organization is untouched.
        other = await _post(client, query, token_b)
        assert other.json()["data"]["organization"]["name"] == "Tenant B"
        # A fresh token of the same organization shares its bucket.
        assert _rate_limited(await _post(client, query, _token(state, demo.organization_id)))

        clock.advance(9)
        assert _rate_limited(await _post(client, query, token_a)) == 1
        clock.advance(1)
        assert (await _post(client, query, token_a)).json()["data"]["organization"]
        assert _rate_limited(await _post(client, query, token_a)) == 10
        # A mutation needs two tokens: after one refill it is still refused.
        clock.advance(10)
        assert _rate_limited(await _post(client, mutation, token_a)) == 10
        clock.advance(60)
        for _ in range(6):
            assert "errors" not in (await _post(client, query, token_a)).json()


async def test_anonymous_graphql_is_limited_per_ip(
    settings: Settings, database: Database, demo: DemoCredentials, clock: FakeClock
) -> None:
    async with limited_app(
        settings, database, clock, rate_limit_graphql_anonymous_per_minute=4
    ) as limited:
        client, state, app = limited.client, limited.state, limited.app
        login = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
          __typename } }"""
        wrong = {"e": demo.email, "p": "not the password"}
        for _ in range(2):
            body = (await _post(client, login, variables=wrong)).json()
            assert body["data"]["login"]["__typename"] == "AuthenticationError"
        # Two mutations took the four tokens; a third needs two (30 s at 4 a minute).
        assert _rate_limited(await _post(client, login, variables=wrong)) == 30
        # An invalid token is anonymous too; a valid one has its organization's bucket.
        assert _rate_limited(await _post(client, "{ __typename }", "not-a-token")) == 15
        token = _token(state, demo.organization_id)
        assert (await _post(client, "{ __typename }", token)).json()["data"]
        # Another address has its own bucket.
        transport = httpx.ASGITransport(app=app, client=("10.0.0.2", 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as elsewhere:
            assert (await _post(elsewhere, "{ __typename }")).json()["data"]


async def test_rest_uploads_answer_429_with_retry_after(
    settings: Settings,
    database: Database,
    demo: DemoCredentials,
    tenant_b: uuid.UUID,
    clock: FakeClock,
) -> None:
    async with limited_app(settings, database, clock, rate_limit_uploads_per_minute=2) as limited:
        client, state = limited.client, limited.state
        headers = {"authorization": f"Bearer {_token(state, demo.organization_id)}"}
        empty = {"file": ("vazio.xml", b"", "text/xml")}
        for _ in range(2):
            # Refused uploads count too: the bytes were sent.
            refused = await client.post("/v1/uploads", files=empty, headers=headers)
            assert refused.json()["code"] == "EMPTY_FILE"
        too_many = await client.post("/v1/uploads", files=empty, headers=headers)
        assert too_many.status_code == 429
        assert too_many.headers["retry-after"] == "30"
        assert too_many.json() == {
            "code": "RATE_LIMITED",
            "message": "rate limit reached (uploads); try again in 30 s",
            "details": {"retryAfter": 30},
        }
        other = {"authorization": f"Bearer {_token(state, tenant_b)}"}
        other_org = await client.post("/v1/uploads", files=empty, headers=other)
        assert other_org.json()["code"] == "EMPTY_FILE"

        # uploadFile shares the bucket: its RateLimitedError member and Retry-After.
        operations = {
            "query": "mutation($f: Upload!) { uploadFile(file: $f) { __typename"
            " ... on RateLimitedError { retryAfter } } }",
            "variables": {"f": None},
        }
        graphql = await client.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]})},
            files={"0": ("vazio.xml", b"", "text/xml")},
            headers=headers,
        )
        assert _limited_member(graphql, "uploadFile") == 30
        clock.advance(30)
        again = await client.post("/v1/uploads", files=empty, headers=headers)
        assert again.json()["code"] == "EMPTY_FILE"


async def test_uploaded_bytes_are_charged_after_the_upload(
    settings: Settings,
    database: Database,
    demo: DemoCredentials,
    clock: FakeClock,
    member_token: MemberToken,
) -> None:
    async with limited_app(
        settings, database, clock, rate_limit_upload_bytes_per_hour=3600
    ) as limited:
        client = limited.client
        headers = {"authorization": f"Bearer {await member_token(demo.organization_id)}"}
        # 4000 bytes pass (the bucket was not empty) and leave it 400 bytes in debt.
        big = {"file": ("extrato.txt", b"x" * 4000, "text/plain")}
        assert (await client.post("/v1/uploads", files=big, headers=headers)).status_code == 201
        small = {"file": ("outro.txt", b"y", "text/plain")}
        too_many = await client.post("/v1/uploads", files=small, headers=headers)
        assert too_many.status_code == 429
        assert too_many.headers["retry-after"] == "401"
        clock.advance(401)
        assert (await client.post("/v1/uploads", files=small, headers=headers)).status_code == 201


async def test_exports_and_downloads_are_limited(
    settings: Settings, database: Database, demo: DemoCredentials, clock: FakeClock
) -> None:
    async with limited_app(
        settings,
        database,
        clock,
        rate_limit_exports_per_hour=1,
        rate_limit_downloads_per_minute=1,
    ) as limited:
        client, state = limited.client, limited.state
        token = _token(state, demo.organization_id)
        export = (
            "mutation { exportDocuments(format: CSV) { __typename"
            " ... on RateLimitedError { retryAfter } } }"
        )
        first = (await _post(client, export, token)).json()
        assert first["data"]["exportDocuments"]["__typename"] == "ExportSuccess"
        assert _limited_member(await _post(client, export, token), "exportDocuments") == 3600
        # An export the role may not make costs nothing.
        clock.advance(3600)
        auditor = _token(state, demo.organization_id, Role.AUDITOR)
        denied = (await _post(client, export, auditor)).json()
        assert denied["data"]["exportDocuments"]["__typename"] == "PermissionDeniedError"
        assert (await _post(client, export, token)).json()["data"]["exportDocuments"]

        headers = {"authorization": f"Bearer {token}"}
        missing = await client.get("/v1/exports/nothing", headers=headers)
        assert missing.status_code == 404
        too_many = await client.get("/v1/exports/nothing", headers=headers)
        assert too_many.status_code == 429
        assert too_many.headers["retry-after"] == "60"
        assert too_many.json()["code"] == "RATE_LIMITED"


async def test_failed_token_requests_are_limited_per_ip(
    settings: Settings, database: Database, clock: FakeClock
) -> None:
    async with limited_app(
        settings, database, clock, rate_limit_oauth_failures_per_minute=2
    ) as limited:
        client = limited.client
        form = {"content-type": "application/x-www-form-urlencoded"}
        grant = {"grant_type": "client_credentials", "client_id": "cc_x", "client_secret": "y"}
        for _ in range(2):
            failed = await client.post("/oauth/token", data=grant, headers=form)
            assert failed.status_code == 401
            assert failed.json()["error"] == "invalid_client"
        too_many = await client.post("/oauth/token", data=grant, headers=form)
        assert too_many.status_code == 429
        assert too_many.headers["retry-after"] == "30"
        assert too_many.json()["code"] == "RATE_LIMITED"
        clock.advance(30)
        assert (await client.post("/oauth/token", data=grant, headers=form)).status_code == 401


# --- upload size ----------------------------------------------------------------------


def _stored(settings: Settings, organization: uuid.UUID) -> set[Path]:
    root = settings.data_dir / "objects" / str(organization)
    return {path for path in root.rglob("*") if path.is_file()}


async def test_oversized_uploads_get_413_and_nothing_is_stored(
    settings: Settings,
    database: Database,
    demo: DemoCredentials,
    clock: FakeClock,
    superuser: asyncpg.Connection,
    member_token: MemberToken,
) -> None:
    async with limited_app(settings, database, clock, upload_max_bytes=1000) as limited:
        client = limited.client
        headers = {"authorization": f"Bearer {await member_token(demo.organization_id)}"}
        before = _stored(settings, demo.organization_id)
        expected = {
            "code": "FILE_TOO_LARGE",
            "message": "file exceeds the limit of 1000 bytes",
            "details": {"max_bytes": 1000},
        }
        # Within the body allowance, the store's own count refuses it.
        over = await client.post(
            "/v1/uploads", files={"file": ("a.txt", b"x" * 1001, "text/plain")}, headers=headers
        )
        assert (over.status_code, over.json()) == (413, expected)
        # Far over: refused from Content-Length before the body is read.
        declared = await client.post(
            "/v1/uploads",
            files={"file": ("b.txt", b"x" * 200_000, "text/plain")},
            headers=headers,
        )
        assert (declared.status_code, declared.json()) == (413, expected)

        # Without Content-Length (chunked): refused once the bytes received pass it.
        boundary = "limite"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()

        async def chunks() -> AsyncIterator[bytes]:
            yield head
            for _ in range(20):
                yield b"x" * 10_000
            yield f"\r\n--{boundary}--\r\n".encode()

        streamed = await client.post(
            "/v1/uploads",
            content=chunks(),
            headers={**headers, "content-type": f"multipart/form-data; boundary={boundary}"},
        )
        assert (streamed.status_code, streamed.json()) == (413, expected)

        # GraphQL: the FileTooLargeError member of UploadFileResult.
        operations = {
            "query": (OPERATIONS_DIR / "files.graphql").read_text(encoding="utf-8"),
            "operationName": "UploadFile",
            "variables": {"file": None},
        }
        response = await client.post(
            "/graphql",
            data={
                "operations": json.dumps(operations),
                "map": json.dumps({"0": ["variables.file"]}),
            },
            files={"0": ("d.txt", b"x" * 1001, "text/plain")},
            headers=headers,
        )
        result = response.json()["data"]["uploadFile"]
        assert result == {
            "__typename": "FileTooLargeError",
            "maxBytes": "1000",
            "code": "FILE_TOO_LARGE",
            "message": "file exceeds the limit of 1000 bytes",
        }

        assert _stored(settings, demo.organization_id) == before
        count = await superuser.fetchval(
            "select count(*) from files where organization_id = $1", demo.organization_id
        )
        assert count == 0
        # Control: an upload at the limit is stored.
        fits = await client.post(
            "/v1/uploads", files={"file": ("e.txt", b"x" * 1000, "text/plain")}, headers=headers
        )
        assert fits.status_code == 201
        assert len(_stored(settings, demo.organization_id) - before) >= 1


# --- the token bucket -----------------------------------------------------------------


async def test_token_buckets_refill_evenly_and_forget_the_least_recently_used() -> None:
    clock = FakeClock()
    store = InMemoryBucketStore(clock=clock, max_keys=2)
    limit = Limit(capacity=3, period=60)
    assert [(await store.acquire("a", limit, 1)).allowed for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert (await store.acquire("a", limit, 1)).retry_after == 20
    assert (await store.check("a", limit, 1)).allowed is False
    clock.advance(20)
    # check takes nothing: twice allowed, then one acquire empties it again.
    assert (await store.check("a", limit, 1)).allowed
    assert (await store.check("a", limit, 1)).allowed
    assert (await store.acquire("a", limit, 1)).allowed
    assert not (await store.acquire("a", limit, 1)).allowed
    # Refill never exceeds the capacity.
    clock.advance(3600)
    assert (await store.acquire("a", limit, 3)).allowed
    assert not (await store.acquire("a", limit, 1)).allowed
    # A charge may go into debt; the wait covers it.
    clock.advance(60)
    await store.charge("a", limit, 5)
    decision = await store.check("a", limit, 1)
    assert (decision.allowed, decision.retry_after) == (False, 60)
    # A cost above the capacity needs (and empties) a full bucket.
    clock.advance(100)
    assert (await store.acquire("a", limit, 10)).allowed
    # Only max_keys buckets are kept; a checked key that was never used is not stored.
    await store.check("z", limit, 1)
    assert len(store) == 1
    await store.acquire("b", limit, 3)
    await store.acquire("c", limit, 1)
    assert len(store) == 2
    assert (await store.acquire("a", limit, 3)).allowed  # forgotten, so full again
    assert (await store.acquire("c", limit, 2)).allowed


async def test_a_limit_of_zero_is_no_limit(settings: Settings) -> None:
    limiter = RateLimiter.from_settings(
        settings.model_copy(update={"rate_limit_uploads_per_minute": 0}), clock=FakeClock()
    )
    for _ in range(1000):
        await limiter.hit(Bucket.UPLOADS, "org:x")
    limiter = RateLimiter.from_settings(
        settings.model_copy(update={"rate_limit_uploads_per_minute": 1}), clock=FakeClock()
    )
    await limiter.hit(Bucket.UPLOADS, "org:x")
    with pytest.raises(RateLimited) as raised:
        await limiter.hit(Bucket.UPLOADS, "org:x")
    assert raised.value.retry_after == 60


async def test_wrong_passwords_are_limited_per_email_whatever_the_ip(
    settings: Settings, database: Database, clock: FakeClock, demo: DemoCredentials
) -> None:
    login = (
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) {"
        " __typename ... on UserError { code } ... on RateLimitedError { retryAfter } } }"
    )
    async with limited_app(settings, database, clock, rate_limit_login_failures_per_hour=3) as lim:

        async def attempt(password: str, ip: str) -> dict[str, Any]:
            response = await lim.client.post(
                "/graphql",
                json={"query": login, "variables": {"e": demo.email, "p": password}},
                headers={"x-forwarded-for": ip},
            )
            result: dict[str, Any] = response.json()["data"]["login"]
            return result

        answers = [await attempt("wrong", f"10.0.0.{n}") for n in range(4)]
        assert [a["__typename"] for a in answers] == [
            "AuthenticationError",
            "AuthenticationError",
            "AuthenticationError",
            "RateLimitedError",
        ]
        assert answers[3]["retryAfter"] > 0
        # Even the right password waits: the bucket is the e-mail's, not the request's.
        assert (await attempt(demo.password, "10.0.0.9"))["__typename"] == "RateLimitedError"
        clock.advance(3600)
        assert (await attempt(demo.password, "10.0.0.9"))["__typename"] == "AuthTokens"
