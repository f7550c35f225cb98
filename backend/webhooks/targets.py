"""Where webhooks may be sent: the URL rules and the SSRF guard.

A webhook URL is chosen by a tenant and fetched by our servers, so it must not
reach our own network (cloud metadata at 169.254.169.254, the database, the
Temporal frontend...). URLs are checked when registered, and every delivery
resolves the host again and connects only to the addresses it checked
(``GuardedBackend``), so a DNS answer that changes after registration (DNS
rebinding) cannot point a delivery inside.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from backend.core.errors import DomainError, Invalid
from backend.core.settings import Settings

MAX_URL_LENGTH = 2048
_LOOPBACK_NAMES = frozenset({"localhost"})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefused(DomainError):
    """A delivery's host resolved to an address the policy forbids (or did not resolve)."""

    code = "WEBHOOK_TARGET_REFUSED"
    http_status = 422


@dataclass(frozen=True, slots=True)
class TargetPolicy:
    """What a webhook URL may point at; see docs/webhooks.md and docs/configuration.md."""

    # Plain http to localhost / 127.0.0.1 / [::1], and loopback addresses as targets.
    allow_http_loopback: bool
    # Private, loopback, link-local, shared and reserved addresses as targets.
    allow_private: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> TargetPolicy:
        """Unset settings allow both, except in production."""
        relaxed = settings.environment != "production"
        return cls(
            allow_http_loopback=(
                relaxed
                if settings.webhook_allow_http_loopback is None
                else settings.webhook_allow_http_loopback
            ),
            allow_private=(
                relaxed
                if settings.webhook_allow_private_targets is None
                else settings.webhook_allow_private_targets
            ),
        )

    def address_allowed(self, address: IPAddress) -> bool:
        """True when a delivery may connect to ``address``."""
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if self.allow_private:
            return True
        if address.is_loopback:
            return self.allow_http_loopback
        return address.is_global and not address.is_multicast


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _is_loopback_host(host: str) -> bool:
    literal = _ip_literal(host)
    if literal is not None:
        return literal.is_loopback
    return host in _LOOPBACK_NAMES or host.endswith(".localhost")


def check_url(url: str, policy: TargetPolicy) -> httpx.URL:
    """The parsed URL, or INVALID with the reason under the field ``url``."""

    def refuse(reason: str) -> Invalid:
        return Invalid("invalid webhook URL", field_errors={"url": [reason]})

    text = url.strip()
    if not text:
        raise refuse("required")
    if len(text) > MAX_URL_LENGTH:
        raise refuse(f"at most {MAX_URL_LENGTH} characters")
    try:
        parsed = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise refuse("not a URL") from exc
    host = parsed.host.lower()
    if parsed.scheme not in ("https", "http") or not host:
        raise refuse("must be an https:// URL")
    if parsed.scheme == "http" and not (policy.allow_http_loopback and _is_loopback_host(host)):
        raise refuse("must use https (plain http only to a local receiver in development)")
    if parsed.userinfo:
        raise refuse("must not carry credentials: verify the signature instead")
    if parsed.fragment:
        raise refuse("must not have a #fragment")
    literal = _ip_literal(host)
    if literal is not None and not policy.address_allowed(literal):
        raise refuse("points at a private or reserved address")
    return parsed


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself).

    OSError when it does not resolve: that may pass (a resolver hiccup), so callers
    decide whether it is final.
    """
    literal = _ip_literal(host)
    if literal is not None:
        return [literal]
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: dict[str, IPAddress] = {}
    for *_, sockaddr in infos:
        raw = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone index
        addresses.setdefault(raw, ipaddress.ip_address(raw))
    return list(addresses.values())


async def allowed_addresses(host: str, port: int, policy: TargetPolicy) -> list[IPAddress]:
    """The addresses of ``host``; TargetRefused when any of them is forbidden, OSError
    when it does not resolve.

    All of them must pass, not just one: a name that mixes a public and a private
    address would otherwise reach inside on a retry.
    """
    addresses = await resolve(host, port)
    refused = [str(a) for a in addresses if not policy.address_allowed(a)]
    if refused or not addresses:
        raise TargetRefused(
            f"{host} resolves to an address webhooks may not reach",
            details={"addresses": refused},
        )
    return addresses


async def check_host_resolves_safely(url: httpx.URL, policy: TargetPolicy) -> None:
    """At registration, when private targets are forbidden: the host must resolve to
    public addresses only (INVALID on the ``url`` field otherwise)."""
    if policy.allow_private:
        return
    try:
        await allowed_addresses(url.host, url.port or _default_port(url), policy)
    except TargetRefused as exc:
        raise Invalid("invalid webhook URL", field_errors={"url": [exc.message]}) from exc
    except OSError as exc:
        reason = f"{url.host} does not resolve"
        raise Invalid("invalid webhook URL", field_errors={"url": [reason]}) from exc


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Connects only to addresses the policy allows, resolved here, at connect time.

    TLS still verifies the certificate against the URL's host name: httpcore passes
    the original host as SNI/server name after ``connect_tcp`` returns.
    """

    def __init__(self, policy: TargetPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve, check every address, then connect to the first one that answers.

        A name that does not resolve is a connection error (retried); a forbidden
        address is TargetRefused (final).
        """
        try:
            async with asyncio.timeout(timeout):
                addresses = await allowed_addresses(host, port, self._policy)
        except OSError as exc:
            raise httpcore.ConnectError(f"{host} does not resolve: {exc}") from exc
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                last = exc
        raise httpcore.ConnectError(f"could not connect to {host}: {last}")

    async def sleep(self, seconds: float) -> None:
        """As the wrapped backend."""
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool that uses ``GuardedBackend``.

    httpx offers no public way to pass a network backend, so the pool it builds is
    replaced by one built the same way with ours; proxies and environment settings
    are off on purpose (a proxy would do its own, unchecked resolution).
    """

    def __init__(self, policy: TargetPolicy) -> None:
        super().__init__(trust_env=False, retries=0)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=1,
            max_keepalive_connections=0,
            network_backend=GuardedBackend(policy),
        )
