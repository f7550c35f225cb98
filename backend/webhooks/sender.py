"""One HTTP attempt of a delivery: a signed JSON POST through the SSRF guard.

The attempt never follows redirects (a 3xx could point anywhere, and the receiver
is expected to answer at the URL it registered), reads at most a few hundred bytes
of the answer, and is bounded in time as a whole, so a slow or hostile receiver
costs one short activity and nothing else.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from backend.core.errors import Invalid
from backend.webhooks.service import Attempt
from backend.webhooks.signing import delivery_headers
from backend.webhooks.targets import GuardedTransport, TargetPolicy, TargetRefused, check_url

CONNECT_TIMEOUT_SECONDS = 5.0
TOTAL_TIMEOUT_SECONDS = 15.0
# What a failure records of the receiver's answer.
RESPONSE_EXCERPT_BYTES = 256


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer (or the lack of one) to one attempt.

    ``refused`` is set when the guard would not connect: retrying cannot help.
    """

    status_code: int | None
    error: str | None
    refused: bool = False

    @property
    def delivered(self) -> bool:
        """True for any 2xx answer."""
        return self.status_code is not None and 200 <= self.status_code < 300


async def _excerpt(response: httpx.Response) -> str:
    received = b""
    async for chunk in response.aiter_raw():
        received += chunk
        if len(received) >= RESPONSE_EXCERPT_BYTES:
            break
    return received[:RESPONSE_EXCERPT_BYTES].decode("utf-8", errors="replace").strip()


async def send(attempt: Attempt, policy: TargetPolicy, *, timestamp: int | None = None) -> Outcome:
    """POST the attempt's body, signed with the endpoint's secret, and report the answer."""
    try:
        url = check_url(attempt.url, policy)
    except Invalid as exc:  # the rules are stricter than when the URL was registered
        reasons = "; ".join(exc.field_errors.get("url", [exc.message]))
        return Outcome(status_code=None, error=f"URL refused: {reasons}", refused=True)
    moment = int(time.time()) if timestamp is None else timestamp
    headers = delivery_headers(
        event_type=attempt.event_type,
        delivery_id=attempt.delivery_global_id,
        timestamp=moment,
        secret=attempt.secret,
        body=attempt.body,
    )
    timeout = httpx.Timeout(TOTAL_TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS)
    try:
        async with (
            asyncio.timeout(TOTAL_TIMEOUT_SECONDS),
            httpx.AsyncClient(
                transport=GuardedTransport(policy), timeout=timeout, follow_redirects=False
            ) as client,
            client.stream("POST", url, content=attempt.body, headers=headers) as response,
        ):
            if 200 <= response.status_code < 300:
                return Outcome(status_code=response.status_code, error=None)
            excerpt = await _excerpt(response)
            error = f"HTTP {response.status_code}"
            if response.is_redirect:
                error += " (redirects are not followed)"
            return Outcome(
                status_code=response.status_code,
                error=f"{error}: {excerpt}" if excerpt else error,
            )
    except TargetRefused as exc:
        return Outcome(status_code=None, error=exc.message, refused=True)
    except TimeoutError:
        return Outcome(status_code=None, error="timed out")
    except httpx.HTTPError as exc:
        return Outcome(status_code=None, error=f"{type(exc).__name__}: {exc}")
