"""platformLinks: the Temporal UI and each file's ingestion workflow, for staff only."""

from __future__ import annotations

import uuid

import asyncpg
import httpx

from backend.api.graphql.relay import to_global_id
from backend.core.settings import Settings

from ..api.conftest import MemberToken
from ..db.conftest import TenantRows
from .conftest import StaffFactory, error_codes, run, staff_token


async def test_staff_get_each_files_workflow_and_nobody_else_does(
    client: httpx.AsyncClient,
    make_staff: StaffFactory,
    member_token: MemberToken,
    tenants: tuple[TenantRows, TenantRows],
    superuser: asyncpg.Connection,
) -> None:
    staff = await make_staff()
    token = await staff_token(client, staff)
    files = [uuid.uuid4(), uuid.uuid4()]
    ids = [to_global_id("File", f) for f in files]
    body = await run(client, token, "PlatformLinks", fileIds=ids)
    links = body["data"]["platformLinks"]
    assert links["temporalNamespace"] == "default"
    assert links["temporalUi"] is None  # the tests' environment sets no TEMPORAL_UI_URL
    assert [(w["fileId"], w["workflowId"], w["url"]) for w in links["ingestWorkflows"]] == [
        (ids[0], f"ingest-{files[0]}", None),
        (ids[1], f"ingest-{files[1]}", None),
    ]

    wrong = await run(client, token, "PlatformLinks", fileIds=[to_global_id("Document", files[0])])
    assert error_codes(wrong) == {"NOT_FOUND"}
    too_many = await run(
        client, token, "PlatformLinks", fileIds=[to_global_id("File", uuid.uuid4())] * 101
    )
    assert error_codes(too_many) == {"INVALID"}

    admin = await member_token(tenants[0].organization_id)
    assert error_codes(await run(client, admin, "PlatformLinks", fileIds=ids)) == {"STAFF_ONLY"}
    assert error_codes(await run(client, None, "PlatformLinks", fileIds=ids)) == {"UNAUTHENTICATED"}

    # No longer staff: refused at once, whatever the token says.
    await superuser.execute(
        "update users set is_platform_staff = false where id = $1", staff.user_id
    )
    assert error_codes(await run(client, token, "PlatformLinks", fileIds=ids)) == {"STAFF_ONLY"}


def test_the_temporal_ui_defaults_to_the_dev_server_in_development_only() -> None:
    dev = Settings(_env_file=None, environment="development")  # type: ignore[call-arg]
    assert dev.temporal_ui_base_url == f"http://127.0.0.1:{dev.embedded_temporal_ui_port}"
    prod = Settings(_env_file=None, environment="production")  # type: ignore[call-arg]
    assert prod.temporal_ui_base_url is None
    set_ = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="production",
        temporal_ui_url="https://temporal.example.com/",
    )
    assert set_.temporal_ui_base_url == "https://temporal.example.com"
