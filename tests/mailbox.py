"""Reading the development outbox (FileMailer) in tests: what a person would receive."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path

from backend.core.settings import Settings

_TOKEN = re.compile(r"#token=(inv_[0-9a-f]{32}_[A-Za-z0-9_%-]+)")


def messages_to(settings: Settings, address: str) -> list[EmailMessage]:
    """Every message written for ``address``, oldest first."""
    folder: Path = settings.mail_dir
    found: list[EmailMessage] = []
    for path in sorted(folder.glob("*.eml")) if folder.is_dir() else []:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        if message["To"] == address:
            found.append(message)
    return found


def invitation_token(settings: Settings, address: str) -> str:
    """The token of the newest invitation mailed to ``address`` (fails if none)."""
    messages = messages_to(settings, address)
    assert messages, f"no e-mail to {address}"
    body = messages[-1].get_body(preferencelist=("plain",))
    assert body is not None
    found = _TOKEN.search(body.get_content())
    assert found is not None, "the invitation e-mail carries a link with the token"
    return found.group(1).replace("%5F", "_")
