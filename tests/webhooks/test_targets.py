"""Where webhooks may point: https only, http to loopback in development, no private
addresses in production — checked at registration and again at every delivery."""

from __future__ import annotations

import uuid

import pytest

from backend.core.errors import Invalid
from backend.core.settings import Settings
from backend.devstack.postgres import free_port
from backend.webhooks.sender import send
from backend.webhooks.service import Attempt
from backend.webhooks.signing import new_secret
from backend.webhooks.targets import TargetPolicy, check_host_resolves_safely, check_url

from .support import Receiver

DEVELOPMENT = TargetPolicy.from_settings(Settings(_env_file=None, environment="test"))  # type: ignore[call-arg]
PRODUCTION = TargetPolicy.from_settings(Settings(_env_file=None, environment="production"))  # type: ignore[call-arg]


def _reason(url: str, policy: TargetPolicy) -> str:
    with pytest.raises(Invalid) as caught:
        check_url(url, policy)
    return " ".join(caught.value.field_errors["url"])


def test_defaults_follow_the_environment_and_settings_override_them() -> None:
    assert TargetPolicy(allow_http_loopback=True, allow_private=True) == DEVELOPMENT
    assert TargetPolicy(allow_http_loopback=False, allow_private=False) == PRODUCTION
    explicit = Settings(  # type: ignore[call-arg]
        _env_file=None,
        environment="production",
        webhook_allow_http_loopback=True,
    )
    assert TargetPolicy.from_settings(explicit).allow_http_loopback
    assert not TargetPolicy.from_settings(explicit).allow_private


@pytest.mark.parametrize("policy", [DEVELOPMENT, PRODUCTION])
def test_https_to_a_public_host_is_accepted(policy: TargetPolicy) -> None:
    assert check_url(" https://hooks.example.com/conciliacontag?v=1 ", policy).host == (
        "hooks.example.com"
    )


@pytest.mark.parametrize("policy", [DEVELOPMENT, PRODUCTION])
def test_other_schemes_and_plain_http_elsewhere_are_refused(policy: TargetPolicy) -> None:
    assert "https" in _reason("ftp://files.example.com/drop", policy)
    assert "https" in _reason("http://hooks.example.com/x", policy)
    assert "https" in _reason("file:///etc/passwd", policy)
    assert "https" in _reason("javascript:alert(1)", policy)
    assert "required" in _reason("   ", policy)
    assert "credentials" in _reason("https://user:pass@hooks.example.com/", policy)
    assert "fragment" in _reason("https://hooks.example.com/#x", policy)
    assert "characters" in _reason("https://hooks.example.com/" + "a" * 2100, policy)


def test_http_to_loopback_only_when_allowed() -> None:
    for url in ("http://127.0.0.1:8080/h", "http://localhost:9000/h", "http://[::1]:9000/h"):
        check_url(url, DEVELOPMENT)
        assert "https" in _reason(url, PRODUCTION)


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.5/hook",
        "https://192.168.1.10/hook",
        "https://172.16.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.5]/hook",  # IPv4-mapped IPv6
        "https://100.64.0.1/hook",  # carrier-grade NAT
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
    ],
)
def test_private_and_reserved_addresses_are_refused_in_production(url: str) -> None:
    assert "private or reserved" in _reason(url, PRODUCTION)
    check_url(url, DEVELOPMENT)


async def test_production_refuses_names_that_resolve_inside() -> None:
    with pytest.raises(Invalid) as caught:
        await check_host_resolves_safely(
            check_url("https://localhost/hook", PRODUCTION), PRODUCTION
        )
    assert "localhost" in caught.value.field_errors["url"][0]
    # Nothing is resolved when private targets are allowed (development, tests).
    await check_host_resolves_safely(check_url("https://localhost/hook", DEVELOPMENT), DEVELOPMENT)


def _attempt(url: str) -> Attempt:
    return Attempt(
        organization_id=uuid.uuid4(),
        delivery_id=uuid.uuid4(),
        url=url,
        event_type="file.processed",
        body=b'{"id":"x"}',
        secret=new_secret(),
    )


async def test_a_delivery_resolves_again_and_never_connects_inside() -> None:
    """A URL that passed registration (a name, not an address) still cannot reach a
    loopback or private address at delivery time: the guard resolves and refuses."""
    policy = TargetPolicy(allow_http_loopback=False, allow_private=False)
    with Receiver().running() as receiver:
        outcome = await send(_attempt(f"https://localhost:{receiver.port}/hooks"), policy)
        assert outcome.refused and not outcome.delivered
        assert outcome.error is not None and "may not reach" in outcome.error
        # The rules are checked again too: a URL registered under laxer settings.
        again = await send(_attempt(receiver.url), policy)
        assert again.refused and again.error is not None and "https" in again.error
        assert receiver.requests == []
        # The same receiver is reachable where the policy allows loopback.
        allowed = await send(_attempt(receiver.url), DEVELOPMENT)
        assert allowed.delivered and allowed.status_code == 200
        assert len(receiver.requests) == 1


async def test_redirects_are_not_followed() -> None:
    with Receiver(default=302).running() as receiver:
        outcome = await send(_attempt(receiver.url), DEVELOPMENT)
    assert outcome.status_code == 302 and not outcome.delivered and not outcome.refused
    assert outcome.error is not None and "redirects are not followed" in outcome.error
    assert len(receiver.requests) == 1


async def test_an_unreachable_receiver_is_a_retryable_failure() -> None:
    outcome = await send(_attempt(f"http://127.0.0.1:{free_port()}/hooks"), DEVELOPMENT)
    assert outcome.status_code is None and not outcome.refused
    assert outcome.error is not None and "ConnectError" in outcome.error


async def test_an_unresolvable_name_is_retried_but_refused_at_registration() -> None:
    outcome = await send(_attempt("https://hooks.invalid/in"), PRODUCTION)
    assert outcome.status_code is None and not outcome.refused
    assert outcome.error is not None and "does not resolve" in outcome.error
    with pytest.raises(Invalid) as caught:
        await check_host_resolves_safely(
            check_url("https://hooks.invalid/in", PRODUCTION), PRODUCTION
        )
    assert caught.value.field_errors == {"url": ["hooks.invalid does not resolve"]}
