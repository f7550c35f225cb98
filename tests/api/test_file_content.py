"""GET /v1/files/{id}/content: the caller's own bytes; anything else one 404."""

from __future__ import annotations

import io
import uuid
import zipfile

import asyncpg
import httpx

from backend.api.graphql.relay import to_global_id
from backend.api.state import AppState
from backend.core.settings import Settings
from backend.db.enums import Role
from backend.db.session import Database
from tests.api.conftest import MemberToken
from tests.conftest import upload_bytes

XML = b'<?xml version="1.0"?><nfeProc versao="4.00"><NFe/></nfeProc>'


async def test_own_file_streams_and_other_tenants_answers_like_a_missing_one(
    client: httpx.AsyncClient,
    app_state: AppState,
    settings: Settings,
    database: Database,
    member_token: MemberToken,
    org: uuid.UUID,
    tenant_b: uuid.UUID,
) -> None:
    file_id = await upload_bytes(settings, database, org, XML, "nota 1.xml")
    url = f"/v1/files/{to_global_id('File', file_id)}/content"
    a_token = await member_token(org, Role.AUDITOR)

    mine = await client.get(url, headers={"authorization": f"Bearer {a_token}"})
    assert mine.status_code == 200, mine.text
    assert mine.content == XML
    assert mine.headers["content-type"].startswith("application/xml")
    assert "nota_1.xml" in mine.headers["content-disposition"]
    assert mine.headers["cache-control"] == "private, no-store"

    b_token = await member_token(tenant_b, Role.ADMIN)
    theirs = await client.get(url, headers={"authorization": f"Bearer {b_token}"})
    never = await client.get(
        f"/v1/files/{to_global_id('File', uuid.uuid4())}/content",
        headers={"authorization": f"Bearer {b_token}"},
    )
    malformed = await client.get(
        "/v1/files/nothing/content", headers={"authorization": f"Bearer {b_token}"}
    )
    assert theirs.status_code == never.status_code == malformed.status_code == 404
    assert theirs.content == never.content == malformed.content
    assert XML not in theirs.content

    anonymous = await client.get(url)
    assert anonymous.status_code == 401


async def test_an_archive_member_is_read_out_of_its_archive(
    client: httpx.AsyncClient,
    settings: Settings,
    database: Database,
    member_token: MemberToken,
    org: uuid.UUID,
    superuser: asyncpg.Connection,
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notas/a.xml", XML)
    archive_id = await upload_bytes(settings, database, org, buffer.getvalue(), "lote.zip")
    member_id = uuid.uuid4()
    await superuser.execute(
        "insert into files (id, organization_id, parent_id, sha256, original_name, size_bytes,"
        " storage_key, archive_member, status, members_count, documents_count,"
        " transactions_count, errors_count)"
        " select $1, organization_id, id, $2, 'a.xml', $3, storage_key, 'notas/a.xml',"
        " 'processed', 0, 0, 0, 0 from files where id = $4",
        member_id,
        member_id.hex * 2,
        len(XML),
        archive_id,
    )
    token = await member_token(org, Role.ADMIN)
    answer = await client.get(
        f"/v1/files/{to_global_id('File', member_id)}/content",
        headers={"authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.content == XML
