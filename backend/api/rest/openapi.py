"""The OpenAPI 3.1 document, built from the declared operations and their models.

Nothing is written by hand: each :class:`~backend.api.rest.framework.Operation` gives
its path, method, permission, query model (the parameters), body model and response
model; pydantic gives the JSON Schemas (3.1 is JSON Schema 2020-12, so they are used
as they are). ``docs/openapi/v1.json`` is this document, committed;
tests/api/rest/test_openapi.py fails when it drifts, and ``python -m backend.api.rest``
rewrites it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from backend.api.graphql.permissions import Access
from backend.api.rest.framework import Operation, _is_list
from backend.api.rest.idempotency import REPLAYED
from backend.api.rest.models import ErrorBody

REF = "#/components/schemas/{model}"
ERROR_TEXT = {
    400: "The request could not be read (a body that is not JSON).",
    401: "No valid bearer token (UNAUTHENTICATED).",
    403: "The role or the API client's scopes do not allow it (FORBIDDEN).",
    404: "Nothing the caller may see has this id (also another organization's id).",
    409: "The change collides with the current state (CONFLICT and more specific codes).",
    413: "The upload is larger than the limit (FILE_TOO_LARGE).",
    422: "The input is not valid (INVALID, with details.fields).",
    429: "Rate limit reached (RATE_LIMITED); wait Retry-After seconds.",
}
REFUSED_CREDENTIALS = (
    "The credentials were refused; the code says why (INVALID_CREDENTIALS, TOTP_REQUIRED,"
    " INVALID_TOTP, UNAUTHENTICATED)."
)


def _schemas(operations: Sequence[Operation]) -> tuple[dict[Any, Any], dict[str, Any]]:
    wanted: list[tuple[type[BaseModel], JsonSchemaMode]] = [(ErrorBody, "serialization")]
    for operation in operations:
        if operation.query is not None:
            wanted.append((operation.query, "validation"))
        if operation.body is not None:
            wanted.append((operation.body, "validation"))
        if operation.response is not None:
            wanted.append((operation.response, "serialization"))
    refs, definitions = models_json_schema(list(dict.fromkeys(wanted)), ref_template=REF)
    return refs, definitions.get("$defs", {})


def _parameters(
    operation: Operation, refs: dict[Any, Any], components: dict[str, Any]
) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in operation.path_params
    ]
    if operation.query is not None:
        ref = refs[(operation.query, "validation")]["$ref"]
        schema = components[ref.rsplit("/", 1)[-1]]
        required = set(schema.get("required", []))
        for name, info in operation.query.model_fields.items():
            key = info.alias or name
            parameter: dict[str, Any] = {
                "name": key,
                "in": "query",
                "required": key in required,
                "schema": schema["properties"][key],
            }
            if _is_list(info.annotation):
                parameter.update(style="form", explode=True)
            if info.description:
                parameter["description"] = info.description
            parameters.append(parameter)
    if operation.creates:
        parameters.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                "description": "Send the request again with the same key to get the first"
                " answer back instead of creating twice (kept 24 hours).",
            }
        )
    return parameters


def _responses(operation: Operation, refs: dict[Any, Any]) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    success: dict[str, Any] = {"description": "Success."}
    if operation.response is not None:
        success["content"] = {
            "application/json": {"schema": refs[(operation.response, "serialization")]}
        }
    if operation.creates:
        success["headers"] = {
            REPLAYED: {
                "description": "true when this is the stored answer of an earlier request",
                "schema": {"type": "string"},
            }
        }
    responses[str(operation.status)] = success
    for status, text in operation.other_statuses.items():
        responses[str(status)] = {"description": text}
        if operation.response is not None and status < 300:
            responses[str(status)]["content"] = success["content"]
    statuses = set(operation.errors) | {422}
    if operation.requires is not Access.PUBLIC:
        statuses |= {401, 403}
    statuses |= {429}
    error = {"application/json": {"schema": refs[(ErrorBody, "serialization")]}}
    for status in sorted(statuses):
        text = ERROR_TEXT[status]
        if status == 401 and operation.requires is Access.PUBLIC:
            text = REFUSED_CREDENTIALS
        answer: dict[str, Any] = {"description": text, "content": error}
        if status == 429:
            answer["headers"] = {
                "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
            }
        responses[str(status)] = answer
    return responses


def openapi_document(operations: Sequence[Operation]) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``operations``."""
    refs, components = _schemas(operations)
    paths: dict[str, dict[str, Any]] = {}
    for operation in sorted(operations, key=lambda o: (o.path, o.method)):
        entry: dict[str, Any] = {
            "operationId": operation.operation_id,
            "summary": operation.summary,
            "tags": [operation.tag],
            "parameters": _parameters(operation, refs, components),
            "responses": _responses(operation, refs),
            "x-permission": str(operation.requires),
        }
        if operation.description:
            entry["description"] = operation.description
        if operation.body is not None:
            entry["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": refs[(operation.body, "validation")]}},
            }
        entry["security"] = [] if operation.requires is Access.PUBLIC else [{"bearer": []}]
        paths.setdefault(operation.path, {})[operation.method.lower()] = entry
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Conciliacontag REST API",
            "version": "1",
            "description": "The REST face of the GraphQL API: same services, same ids, same"
            " permissions and limits. Errors are always {code, message, details}."
            " See docs/integrators.md and docs/rest.md.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "A user access token (POST /v1/auth/login) or an API"
                    " client's token (POST /oauth/token, client credentials).",
                }
            },
        },
    }


def document_text(document: dict[str, Any]) -> str:
    """The committed form: sorted keys, two-space indent, a final newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
