"""Where e-mails go: an outbox folder of ``.eml`` files by default, SMTP when configured.

E-mail is how a person proves they control an address (invitations), so a message is
composed by the use case and handed to the mailer only after its transaction committed.
The folder mailer is what ``make dev`` and the tests use: every message is a file a
person (or a test) can open, named so that the newest sorts last.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from backend.core.settings import Settings


class Mailer(Protocol):
    """Sends one composed message (From is filled in when missing)."""

    async def send(self, message: EmailMessage) -> None:
        """Deliver ``message`` or raise (the caller decides what a failure means)."""
        ...


class FileMailer:
    """Writes each message as ``<UTC timestamp>-<id>.eml`` under ``directory``."""

    def __init__(self, directory: Path, sender: str) -> None:
        self.directory = directory
        self.sender = sender

    async def send(self, message: EmailMessage) -> None:
        """Write the message atomically (a reader never sees half a file)."""
        if "From" not in message:
            message["From"] = self.sender
        await asyncio.to_thread(self._write, message)

    def _write(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        final = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        partial = final.with_suffix(".part")
        partial.write_bytes(bytes(message))
        partial.replace(final)


class SmtpMailer:
    """SMTP (``smtp://`` with STARTTLS when offered, or ``smtps://``), one connection per
    message: invitations and notices are rare, so pooling would only hold sockets open."""

    def __init__(self, url: str, sender: str, *, timeout: float = 15.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ValueError("MAIL_URL must look like smtp://user:password@host:port")
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.implicit_tls else 587)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.sender = sender
        self.timeout = timeout

    async def send(self, message: EmailMessage) -> None:
        """Deliver over SMTP in a worker thread (smtplib blocks)."""
        if "From" not in message:
            message["From"] = self.sender
        await asyncio.to_thread(self._send, message)

    def _send(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if self.implicit_tls:
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if not self.implicit_tls and client.has_extn("starttls"):
                client.starttls(context=context)
            if self.username is not None:
                client.login(self.username, self.password or "")
            client.send_message(message)


def build_mailer(settings: Settings) -> Mailer:
    """SMTP when MAIL_URL is set, else the outbox folder under DATA_DIR/mail."""
    if settings.mail_url is not None:
        return SmtpMailer(settings.mail_url.get_secret_value(), settings.mail_from)
    return FileMailer(settings.mail_dir, settings.mail_from)
