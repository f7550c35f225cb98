"""Text PostgreSQL cannot store (NUL, lone surrogates) is INVALID at every boundary,
with the field named, never INTERNAL: filters, search, names, rule values, logins,
OAuth parameters, upload content types."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.db.enums import Role
from tests.graphql_client import post_operation

from .conftest import MemberToken

ROOT = Path(__file__).resolve().parents[2] / "graphql" / "operations"
DOCUMENTS = (ROOT / "documents.graphql").read_text(encoding="utf-8")
REPORTS = (ROOT / "reports.graphql").read_text(encoding="utf-8")
PEOPLE = (ROOT / "people.graphql").read_text(encoding="utf-8")
RULES = (ROOT / "rules.graphql").read_text(encoding="utf-8")
AUTH = (ROOT / "auth.graphql").read_text(encoding="utf-8")
COMPANIES = (ROOT / "companies.graphql").read_text(encoding="utf-8")

_RULE = {
    "name": "Tarifa",
    "definition": {
        "when": [{"type": "memo_contains", "any": ["TARIFA"]}],
        "then": {"type": "classify", "ledger_account": "3.1.2.01"},
    },
}

# (document, operation, variables with the bad text marked "{}", the field path named)
CASES: list[tuple[str, str, dict[str, Any], str]] = [
    (DOCUMENTS, "Documents", {"filter": {"text": "{}"}}, "$filter.text"),
    (DOCUMENTS, "Documents", {"filter": {"counterparty": "{}"}}, "$filter.counterparty"),
    (DOCUMENTS, "Transactions", {"filter": {"text": "{}"}}, "$filter.text"),
    (REPORTS, "Search", {"text": "{}"}, "$text"),
    (PEOPLE, "Users", {"text": "{}"}, "$text"),
    (
        PEOPLE,
        "InviteUser",
        {"input": {"email": "p@example.com", "name": "{}", "role": "OPERATOR"}},
        "$input.name",
    ),
    (
        RULES,
        "CreateRule",
        {
            "input": {
                **_RULE,
                "definition": {
                    **_RULE["definition"],
                    "when": [{"type": "memo_contains", "any": ["{}"]}],
                },
            }
        },
        "$input.definition.when[0].any[0]",
    ),
    (RULES, "CreateRule", {"input": {**_RULE, "name": "{}"}}, "$input.name"),
    (AUTH, "Login", {"email": "{}", "password": "x", "organizationId": None}, "$email"),
]


def _fill(value: Any, text: str) -> Any:
    if isinstance(value, str):
        return value.replace("{}", text)
    if isinstance(value, dict):
        return {k: _fill(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, text) for v in value]
    return value


@pytest.mark.parametrize(("document", "operation", "variables", "field"), CASES)
async def test_a_nul_byte_is_invalid_with_the_field_named(
    client: httpx.AsyncClient,
    member_token: MemberToken,
    org: uuid.UUID,
    document: str,
    operation: str,
    variables: dict[str, Any],
    field: str,
) -> None:
    token = await member_token(org, Role.ADMIN)
    control = await post_operation(client, token, document, operation, **_fill(variables, "abc"))
    assert "errors" not in control, control
    body = await post_operation(client, token, document, operation, **_fill(variables, "a\x00b"))
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "INVALID", error
    assert field in error["extensions"]["details"]["fields"]


async def test_literal_arguments_and_lone_surrogates_are_invalid_too(
    client: httpx.AsyncClient, member_token: MemberToken, org: uuid.UUID
) -> None:
    token = await member_token(org, Role.OPERATOR)
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    literal = await client.post(
        "/graphql",
        json={"query": '{ documents(filter: {text: "a\\u0000b"}) { totalCount } }'},
        headers=headers,
    )
    (error,) = literal.json()["errors"]
    assert error["extensions"]["code"] == "INVALID"
    assert "filter.text" in error["extensions"]["details"]["fields"]
    # A JSON escape of half a surrogate pair is valid JSON but not encodable text.
    raw = json.dumps(
        {
            "query": "query($t: String!) { search(text: $t) { totalCount } }",
            "variables": {"t": "PLACEHOLDER"},
        }
    ).replace("PLACEHOLDER", "x\\ud800y")
    surrogate = await client.post("/graphql", content=raw, headers=headers)
    assert surrogate.status_code == 200
    (error,) = surrogate.json()["errors"]
    assert error["extensions"]["code"] == "INVALID"
    assert "$t" in error["extensions"]["details"]["fields"]


async def test_oauth_and_upload_text_is_refused_by_name(
    client: httpx.AsyncClient, member_token: MemberToken, org: uuid.UUID
) -> None:
    oauth = await client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": f"cc_{org.hex}_abc\x00def",
            "client_secret": "s",
        },
    )
    assert oauth.status_code == 400
    assert oauth.json()["error"] == "invalid_request"
    assert "client_id" in oauth.json()["error_description"]

    token = await member_token(org, Role.OPERATOR)
    bad_type = await client.post(
        "/v1/uploads",
        files={"file": ("notas.xml", b"<x/>", "text/xml\x00evil")},
        headers={"authorization": f"Bearer {token}"},
    )
    assert bad_type.status_code == 422, bad_type.text
    assert "file.contentType" in bad_type.json()["details"]["fields"]
    # httpx would percent-encode the name: write the part by hand, raw NUL included.
    multipart = (
        b'--b\r\ncontent-disposition: form-data; name="file"; filename="no\x00tas.ofx"\r\n'
        b"content-type: application/x-ofx\r\n\r\nOFXHEADER:100\n\r\n--b--\r\n"
    )
    named = await client.post(
        "/v1/uploads",
        content=multipart,
        headers={
            "authorization": f"Bearer {token}",
            "content-type": "multipart/form-data; boundary=b",
        },
    )
    assert named.status_code == 201, named.text
    assert named.json()["file"]["name"] == "notas.ofx"
