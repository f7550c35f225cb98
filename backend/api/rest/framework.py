"""The REST adapter's plumbing: one declared :class:`Operation` per route.

Every route runs the same steps in the same order, so no route can forget one:

1. the bearer token becomes a Principal (``backend.api.security``; 401 otherwise);
2. a support token passes the support gate, which audits the request (as uploads do);
3. the organization's GraphQL bucket is charged (1 for a read, ``MUTATION_COST`` for a
   write; a public route charges the client IP's anonymous bucket alike): REST and
   GraphQL share one budget, so switching APIs buys no extra rate;
4. the permission the operation declares is required (``backend.auth.rbac``, the same
   table the services enforce; 403 otherwise);
5. query string, path and JSON body are validated against the operation's pydantic
   models (422 with ``details.fields``; 400 for a body that is not JSON);
6. a creating POST with ``Idempotency-Key`` replays a stored answer
   (backend/api/rest/idempotency.py);
7. the handler calls the service the GraphQL resolver calls and returns a model.

The same declarations build the OpenAPI document (backend/api/rest/openapi.py).
"""

from __future__ import annotations

import json
import re
import types
import typing
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend.api.graphql.permissions import Access, Requirement
from backend.api.graphql.relay import from_global_id
from backend.api.ratelimit import MUTATION_COST, Bucket, client_key, organization_key
from backend.api.rest import idempotency
from backend.api.rest.models import ErrorBody
from backend.api.security import bearer_token, principal_from_token, require_principal
from backend.api.state import AppState
from backend.auth.principal import Principal
from backend.auth.rbac import Permission, require
from backend.core.errors import DomainError, Invalid, NotFound
from backend.support import gate as support_gate

ModelT = TypeVar("ModelT", bound=BaseModel)
Handler = Callable[["Call"], Awaitable[BaseModel | Response]]

BAD_REQUEST = "BAD_REQUEST"
_PATH_PARAM = re.compile(r"{(\w+)}")


class BadRequest(DomainError):
    """The request could not be read at all (a body that is not JSON)."""

    code = BAD_REQUEST
    http_status = 400


@dataclass(frozen=True)
class Operation:
    """One REST route: what it needs, what it reads, what it answers."""

    method: str
    path: str
    operation_id: str
    summary: str
    tag: str
    requires: Requirement
    handler: Handler
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    # Extra documented answers, beyond 401/403/429 (added for any authenticated route).
    errors: tuple[int, ...] = ()
    # Honours Idempotency-Key (a POST that creates something).
    creates: bool = False
    # The one 404 message of an {id} route, whatever was not found (another tenant's id
    # must answer byte for byte like a never-existing one).
    not_found: str | None = None
    description: str = ""
    # Other documented success answers (a redirect, 201 vs 200): status → description.
    other_statuses: dict[int, str] = field(default_factory=dict)

    @property
    def path_params(self) -> list[str]:
        """The ``{name}`` parameters of the path, in order."""
        return _PATH_PARAM.findall(self.path)


@dataclass
class Call:
    """What a handler gets: the request, the app state, the caller, the validated input."""

    request: Request
    state: AppState
    principal_or_none: Principal | None
    query: BaseModel | None
    body: BaseModel | None
    operation: Operation

    @property
    def principal(self) -> Principal:
        """The authenticated caller (every route but the public ones has one)."""
        assert self.principal_or_none is not None, "a public route has no principal"
        return self.principal_or_none

    def params(self, model: type[ModelT]) -> ModelT:
        """The validated query string, as the operation's query model."""
        assert isinstance(self.query, model)
        return self.query

    def payload(self, model: type[ModelT]) -> ModelT:
        """The validated JSON body, as the operation's body model."""
        assert isinstance(self.body, model)
        return self.body

    def global_id(self, type_name: str, name: str = "id") -> uuid.UUID:
        """The uuid of a path parameter holding a global id of ``type_name`` (404 else)."""
        return from_global_id(str(self.request.path_params[name]), type_name)


class Resource:
    """The operations of one resource module, declared with decorators."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.operations: list[Operation] = []

    def route(
        self, method: str, path: str, *, requires: Requirement, **options: Any
    ) -> Callable[[Handler], Handler]:
        """Declare ``handler`` as ``method path``; its docstring's first line is the summary."""

        def register(handler: Handler) -> Handler:
            doc = (handler.__doc__ or "").strip()
            summary, _, rest = doc.partition("\n")
            self.operations.append(
                Operation(
                    method=method,
                    path=path,
                    operation_id=handler.__name__,
                    summary=summary.strip(),
                    description=options.pop("description", rest.strip()),
                    tag=self.tag,
                    requires=requires,
                    handler=handler,
                    **options,
                )
            )
            return handler

        return register


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (list, tuple, Sequence):
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    return False


def _query_input(request: Request, model: type[BaseModel]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    params = request.query_params
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in params:
            continue
        values[key] = params.getlist(key) if _is_list(info.annotation) else params[key]
    unknown = sorted(set(params) - set(values))
    if unknown:
        raise Invalid(
            "unknown query parameters",
            field_errors={key: ["unknown parameter"] for key in unknown},
        )
    return values


def _validated(model: type[BaseModel], data: Any) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fields: dict[str, list[str]] = {}
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "body"
            fields.setdefault(where, []).append(error["msg"])
        raise Invalid("the request is not valid", field_errors=fields) from exc


async def _body(request: Request, model: type[BaseModel]) -> BaseModel:
    raw = await request.body()
    try:
        data = json.loads(raw) if raw.strip() else {}
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("the body is not JSON") from exc
    return _validated(model, data)


def _principal(state: AppState, request: Request, requires: Requirement) -> Principal | None:
    if requires is Access.PUBLIC:
        return None
    return require_principal(principal_from_token(state.auth.tokens, bearer_token(request)))


def render(model: BaseModel | Response, status: int) -> Response:
    """A handler's answer as a response (a model becomes JSON by its aliases)."""
    if isinstance(model, Response):
        return model
    return JSONResponse(model.model_dump(mode="json", by_alias=True), status_code=status)


def endpoint(state: AppState, operation: Operation) -> Callable[[Request], Awaitable[Response]]:
    """The Starlette handler running ``operation``'s steps (the module docstring)."""

    async def run(request: Request) -> Response:
        principal = _principal(state, request, operation.requires)
        limits = state.rate_limits
        cost = 1 if operation.method == "GET" else MUTATION_COST
        if principal is None:
            await limits.hit(Bucket.GRAPHQL_ANONYMOUS, client_key(request), cost)
        else:
            await support_gate.admit(
                state.database,
                principal,
                channel="rest",
                operation=f"{request.method} {operation.path}",
            )
            await limits.hit(Bucket.GRAPHQL, organization_key(principal.organization_id), cost)
            if isinstance(operation.requires, Permission):
                require(principal, operation.requires)
        query = (
            _validated(operation.query, _query_input(request, operation.query))
            if operation.query is not None
            else None
        )
        body = await _body(request, operation.body) if operation.body is not None else None
        call = Call(request, state, principal, query, body, operation)
        key = request.headers.get(idempotency.HEADER)
        if operation.creates and key is not None and principal is not None:
            return await idempotency.run_once(
                state.database,
                principal.organization_id,
                key,
                request_hash=idempotency.fingerprint(operation.operation_id, request, body),
                run=lambda: _answer(call),
            )
        return await _answer(call)

    return run


async def _answer(call: Call) -> Response:
    operation = call.operation
    try:
        return render(await operation.handler(call), operation.status)
    except NotFound as exc:
        if operation.not_found is None:
            raise
        # One body for every id naming nothing the caller may see.
        raise NotFound(operation.not_found) from exc


def routes(state: AppState, operations: Sequence[Operation]) -> list[Route]:
    """Starlette routes for ``operations``, one per path with its methods."""
    by_path: dict[str, dict[str, Operation]] = {}
    for operation in operations:
        by_path.setdefault(operation.path, {})[operation.method] = operation
    result = []
    for path, methods in by_path.items():
        handlers = {method: endpoint(state, op) for method, op in methods.items()}

        async def dispatch(request: Request, handlers: dict[str, Any] = handlers) -> Response:
            # Starlette adds HEAD to every GET route; it runs the GET.
            method = "GET" if request.method == "HEAD" else request.method
            handler: Callable[[Request], Awaitable[Response]] = handlers[method]
            return await handler(request)

        result.append(Route(path, dispatch, methods=list(methods)))
    return result


__all__ = ["Call", "ErrorBody", "Operation", "Resource", "routes"]
