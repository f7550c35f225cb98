"""The committed OpenAPI document is the one the code builds, and a valid 3.1 document."""

from __future__ import annotations

import json

import httpx
import schemathesis

from backend.api.graphql.permissions import Access
from backend.api.rest.__main__ import COMMITTED
from backend.api.rest.openapi import document_text
from backend.api.rest.routes import document, operations

ALWAYS = {"401", "403", "422", "429"}


def test_committed_document_matches_the_code() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == document_text(document()), (
        "docs/openapi/v1.json is stale: run `python -m backend.api.rest` and commit it"
    )


def test_document_is_valid_openapi_3_1() -> None:
    spec = document()
    assert spec["openapi"] == "3.1.0"
    schema = schemathesis.openapi.from_dict(spec)
    assert len(list(schema.get_all_operations())) == len(operations())


def test_every_operation_documents_its_permission_and_errors() -> None:
    spec = document()
    for operation in operations():
        entry = spec["paths"][operation.path][operation.method.lower()]
        assert entry["x-permission"] == str(operation.requires)
        expected = {"401", "422", "429"} if operation.requires is Access.PUBLIC else ALWAYS
        assert expected <= set(entry["responses"]), operation.path
        if operation.path_params:
            assert "404" in entry["responses"], operation.path


async def test_served_document_and_reference_page(client: httpx.AsyncClient) -> None:
    served = await client.get("/v1/openapi.json")
    assert served.status_code == 200
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == served.json()
    page = await client.get("/v1/docs")
    assert page.status_code == 200
    assert '<script src="/v1/docs/reference.js">' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "https://" not in page.text  # nothing from a CDN
    script = await client.get("/v1/docs/reference.js")
    assert script.status_code == 200
    assert "/v1/openapi.json" in script.text
