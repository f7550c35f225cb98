"""One shape per value whatever the surface: money with two places, sizes as numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from backend.api.graphql.relay import money_text
from backend.tenancy.service import DemoCredentials
from tests.graphql_client import run_operation

LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  ... on AuthTokens { accessToken } } }"""


async def _token(client: httpx.AsyncClient, demo: DemoCredentials) -> str:
    data = await run_operation(client, None, LOGIN, None, e=demo.email, p=demo.password)
    token: str = data["login"]["accessToken"]
    return token


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("0", "0.00"),
        ("-0", "0.00"),
        ("0.000", "0.00"),
        ("1234.5", "1234.50"),
        ("-12.3", "-12.30"),
        ("1E+2", "100.00"),
        ("1234.56", "1234.56"),
        # An NF-e unit price may have ten places: padded, never rounded.
        ("0.3333333333", "0.3333333333"),
    ],
)
def test_money_has_at_least_two_places_and_loses_nothing(value: str, text: str) -> None:
    assert money_text(Decimal(value)) == text


async def test_a_computed_zero_is_written_like_a_stored_amount(
    client: httpx.AsyncClient, demo: DemoCredentials
) -> None:
    # The demo tenant starts empty: the sums are PostgreSQL's coalesce(sum(...), 0).
    token = await _token(client, demo)
    data = await run_operation(client, token, "{ dashboard { openReceivables openPayables } }")
    assert data["dashboard"] == {"openReceivables": "0.00", "openPayables": "0.00"}


async def test_rest_upload_and_graphql_file_have_the_same_shape(
    client: httpx.AsyncClient, demo: DemoCredentials, samples_dir: Path
) -> None:
    token = await _token(client, demo)
    nfe = (samples_dir / "nfe55/sped-da__mod55-nfe.xml").read_bytes()
    response = await client.post(
        "/v1/uploads",
        files={"file": ("nota.xml", nfe, "application/xml")},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.text
    rest = response.json()["file"]
    assert rest["sizeBytes"] == len(nfe)
    assert "size" not in rest
    fields = " ".join(rest)
    data = await run_operation(
        client, token, f"query($id: ID!) {{ file(id: $id) {{ {fields} }} }}", None, id=rest["id"]
    )
    assert data["file"] == rest
