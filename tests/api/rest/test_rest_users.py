"""REST users over the members service: the list, an invitation answering the invitation
(its token only in the e-mail, and an Idempotency-Key replay sending no second mail), a
role change and a deactivation in one PATCH, and the last admin kept (409 LAST_ADMIN)."""

from __future__ import annotations

import uuid

import httpx

from backend.api.rest.idempotency import REPLAYED
from backend.core.settings import Settings
from backend.db.enums import Role
from tests.mailbox import invitation_token, messages_to

from ..conftest import MemberToken


async def test_invite_list_change_and_deactivate(
    client: httpx.AsyncClient, settings: Settings, member_token: MemberToken, org: uuid.UUID
) -> None:
    admin = {"Authorization": f"Bearer {await member_token(org, Role.ADMIN)}"}
    await member_token(org, Role.OPERATOR)
    address = f"rest-{uuid.uuid4().hex[:8]}@example.com"
    keyed = {**admin, "Idempotency-Key": f"u-{uuid.uuid4().hex}"}
    invite = {"email": address, "name": "Rest Person", "role": "manager"}
    sent = await client.post("/v1/users", headers=keyed, json=invite)
    assert sent.status_code == 201, sent.text
    answer = sent.json()
    assert answer["emailSent"] is True
    assert answer["invitation"]["email"] == address and answer["invitation"]["role"] == "manager"
    token = invitation_token(settings, address)
    assert token not in sent.text and "token" not in sent.text.lower()
    replay = await client.post("/v1/users", headers=keyed, json=invite)
    assert replay.headers[REPLAYED] == "true" and replay.json() == answer
    assert len(messages_to(settings, address)) == 1

    listed = await client.get("/v1/users?active=true", headers=admin)
    assert listed.status_code == 200, listed.text
    operator = next(u for u in listed.json()["data"] if u["role"] == "operator")
    changed = await client.patch(
        f"/v1/users/{operator['id']}", headers=admin, json={"role": "auditor", "active": False}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["user"]["role"] == "auditor"
    assert changed.json()["user"]["isActive"] is False
    inactive = await client.get("/v1/users?active=false", headers=admin)
    assert [u["id"] for u in inactive.json()["data"]] == [operator["id"]]

    empty = await client.patch(f"/v1/users/{operator['id']}", headers=admin, json={})
    assert empty.status_code == 422
    back = await client.patch(f"/v1/users/{operator['id']}", headers=admin, json={"active": True})
    assert back.status_code == 422 and "active" in back.json()["details"]["fields"]


async def test_the_last_admin_is_kept(
    client: httpx.AsyncClient, member_token: MemberToken, org: uuid.UUID
) -> None:
    admin = {"Authorization": f"Bearer {await member_token(org, Role.ADMIN)}"}
    members = (await client.get("/v1/users", headers=admin)).json()["data"]
    admins = [u for u in members if u["role"] == "admin" and u["isActive"]]
    [me] = [u for u in admins if u["email"].startswith("admin-")]  # member_token's address
    for other in admins:
        if other is not me:
            left = await client.patch(
                f"/v1/users/{other['id']}", headers=admin, json={"active": False}
            )
            assert left.status_code == 200, left.text
    for change in ({"role": "operator"}, {"active": False}):
        refused = await client.patch(f"/v1/users/{me['id']}", headers=admin, json=change)
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "LAST_ADMIN"
