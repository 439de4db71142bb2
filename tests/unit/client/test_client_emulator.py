"""OAuthClient against the running emulator over a real socket: every operation, retries
proven with fault rules and request counts, lost-create recovery, redaction."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from pulumi_openapi_oauth import (
    CreateOutcomeUnknownError,
    NotFoundError,
    OAuthClient,
    OAuthError,
    QueryError,
    RateLimitedError,
    UnauthorizedError,
    ValidationError,
)
from pulumi_openapi_oauth._models import TokenCreate, TokenLimits, TokenUpdate
from tests._emulator import Emulator
from tests.factories import DISABLED_SCOPE, ENABLED_SCOPE, OTHER_API_KEY, OTHER_EMAIL

ACCOUNT = "client@example.com"


@pytest.fixture(scope="module")
def _account(emulator: Emulator) -> str:
    body = {"email": ACCOUNT, "api_key": "client-key", "seed": "demo"}
    emulator.admin("POST", "accounts", json=body).raise_for_status()
    return ACCOUNT


@pytest.fixture
def emu(emulator: Emulator, _account: str) -> Iterator[Emulator]:
    emulator.clear_faults()
    emulator.reset_requests()
    yield emulator
    emulator.clear_faults()


@pytest.fixture
def client(emu: Emulator) -> Iterator[OAuthClient]:
    with OAuthClient(base_url=emu.url, email=ACCOUNT, api_key="client-key", backoff=0.01, timeout=5) as c:
        yield c


def mine(emu: Emulator, name: str) -> list[dict[str, object]]:
    return [t for t in emu.tokens(ACCOUNT) if t["name"] == name]


def test_token_lifecycle_and_every_read(client: OAuthClient, emu: Emulator) -> None:
    made = client.create_token(
        TokenCreate(
            scopes=[ENABLED_SCOPE], name="life", ttl=3600, limits=TokenLimits(total_requests=5, ip=["203.0.113.7"])
        )
    )
    assert made.token and made.refresh_token and made.limits and made.limits.total_requests == 5
    assert client.get_token(made.token).name == "life"
    assert any(t.name == "life" for t in client.list_tokens())
    updated = client.update_token(made.token, TokenUpdate(name="life-2"))
    assert updated.name == "life-2" and updated.token == made.token
    renewed = client.refresh_token(made.token, made.refresh_token)
    assert renewed.token != made.token and renewed.refresh_token != made.refresh_token
    assert renewed.token is not None
    with pytest.raises(NotFoundError):
        client.get_token(made.token)
    with pytest.raises(UnauthorizedError):
        client.refresh_token(renewed.token, made.refresh_token)
    client.delete_token(renewed.token)
    with pytest.raises(NotFoundError):
        client.delete_token(renewed.token)

    scopes = client.list_scopes()
    assert any(s.scope == ENABLED_SCOPE and s.enabled for s in scopes)
    assert scopes[0].id is not None and client.get_scope(scopes[0].id).scope == scopes[0].scope
    assert client.get_wallet().credit is not None
    assert client.list_wallet_transactions()
    subs = client.list_subscriptions()
    assert subs and subs[0].id is not None
    assert client.get_subscription(subs[0].id).id == subs[0].id == client.find_subscription(subs[0].id).id
    callbacks = client.list_callbacks()
    assert callbacks and callbacks[0].id is not None
    assert client.get_callback(callbacks[0].id).id == callbacks[0].id
    assert client.list_errors() and client.get_stats().total_requests is not None
    assert client.get_stats_ips() and client.get_stats_apis(date="2026")
    assert client.get_stats_api("company.openapi.com", date="2026-02").scopes is not None
    with pytest.raises(ValidationError) as bad_date:
        client.get_stats(date="2026-13-45")
    assert bad_date.value.code == 240
    with pytest.raises(QueryError):
        client.list_errors(scopes=["not a scope"])
    with pytest.raises(ValidationError) as disabled:
        client.create_token(TokenCreate(scopes=[DISABLED_SCOPE], name="disabled"))
    assert disabled.value.code == 90


def test_get_is_retried_through_503_and_429(client: OAuthClient, emu: Emulator) -> None:
    emu.faults(
        [
            {"method": "GET", "path": "/wallet", "status": 503, "times": 2},
            {"method": "GET", "path": "/wallet", "status": 429, "times": 1, "retry_after": 0},
        ]
    )
    assert client.get_wallet().credit is not None
    assert emu.requests() == {"GET /wallet": 4}


def test_retries_give_up_with_a_typed_error(emu: Emulator) -> None:
    emu.faults([{"method": "GET", "path": "/wallet", "status": 429, "times": 10, "retry_after": 0}])
    with (
        OAuthClient(base_url=emu.url, email=ACCOUNT, api_key="client-key", max_retries=2) as c,
        pytest.raises(RateLimitedError),
    ):
        c.get_wallet()
    assert emu.requests() == {"GET /wallet": 3}


def test_create_is_retried_when_refused_and_makes_one_token(client: OAuthClient, emu: Emulator) -> None:
    emu.faults(
        [
            {"method": "POST", "path": "/tokens", "status": 503, "times": 2},
            {"method": "POST", "path": "/tokens", "status": 429, "times": 1, "retry_after": 0},
        ]
    )
    client.create_token(TokenCreate(scopes=[ENABLED_SCOPE], name="refused-then-made"))
    assert emu.requests() == {"POST /tokens": 4}
    assert len(mine(emu, "refused-then-made")) == 1


def test_dropped_create_response_makes_no_second_token(client: OAuthClient, emu: Emulator) -> None:
    emu.faults([{"method": "POST", "path": "/tokens", "drop": True, "times": 1}])
    tok = client.create_token(TokenCreate(scopes=[ENABLED_SCOPE], name="dropped-once"))
    assert tok.name == "dropped-once" and tok.token
    assert len(mine(emu, "dropped-once")) == 1
    # One POST (made the token, answer lost), then the list that found it: no second POST.
    assert emu.requests() == {"POST /tokens": 1, "GET /tokens": 1}


def test_dropped_create_without_recovery_says_outcome_unknown(client: OAuthClient, emu: Emulator) -> None:
    emu.faults([{"method": "POST", "path": "/tokens", "drop": True, "times": 1}])
    with pytest.raises(CreateOutcomeUnknownError):
        client.create_token(TokenCreate(scopes=[ENABLED_SCOPE], name="unknown-outcome"), recover=False)
    assert len(mine(emu, "unknown-outcome")) == 1
    assert emu.requests() == {"POST /tokens": 1}


def test_late_create_answer_is_recovered_without_a_second_post(emu: Emulator) -> None:
    # The service makes the token, then answers after the client's timeout.
    emu.faults([{"method": "POST", "path": "/tokens", "hold_ms": 1500, "times": 1}])
    with OAuthClient(base_url=emu.url, email=ACCOUNT, api_key="client-key", timeout=0.5) as c:
        c.list_scopes()  # the service's clock is known (the recovery compares creation times)
        tok = c.create_token(TokenCreate(scopes=[ENABLED_SCOPE], name="answered-late"))
    assert tok.name == "answered-late" and len(mine(emu, "answered-late")) == 1
    assert emu.requests()["POST /tokens"] == 1


def test_create_held_before_it_takes_effect_is_never_posted_twice(emu: Emulator) -> None:
    # A proxy holds the POST past the timeout and the listings: the client gives up, naming the
    # recovery command, and the held request alone makes the one token.
    emu.faults([{"method": "POST", "path": "/tokens", "delay_ms": 2500, "times": 1}])
    with (
        OAuthClient(
            base_url=emu.url, email=ACCOUNT, api_key="client-key", timeout=0.5, max_retries=2, backoff=0.05
        ) as c,
        pytest.raises(CreateOutcomeUnknownError, match="openapi-oauth-recover"),
    ):
        c.create_token(TokenCreate(scopes=[ENABLED_SCOPE], name="held-on-the-way"))
    assert emu.requests() == {"POST /tokens": 1, "GET /tokens": 2}
    time.sleep(2.5)
    assert len(mine(emu, "held-on-the-way")) == 1


def test_dropped_get_is_retried(client: OAuthClient, emu: Emulator) -> None:
    emu.faults([{"method": "GET", "path": "/scopes", "drop": True, "times": 1}])
    assert client.list_scopes()
    assert emu.requests() == {"GET /scopes": 2}


def test_no_token_value_in_any_exception_text(client: OAuthClient, emu: Emulator) -> None:
    tok = client.create_token(TokenCreate(scopes=[ENABLED_SCOPE], name="secret-text"))
    assert tok.token and tok.refresh_token
    value, refresh = tok.token, tok.refresh_token
    errors: list[BaseException] = []
    emu.faults([{"method": "*", "path": "/tokens/{token}", "status": 503, "times": 100}])
    for call in (
        lambda: client.get_token(value),
        lambda: client.update_token(value, TokenUpdate(name="x")),
        lambda: client.delete_token(value),
        lambda: client.refresh_token(value, refresh),
    ):
        with pytest.raises(OAuthError) as info:
            call()
        errors.append(info.value)
    emu.clear_faults()
    with OAuthClient(base_url=emu.url, email=OTHER_EMAIL, api_key=OTHER_API_KEY) as other:
        with pytest.raises(NotFoundError) as foreign:
            other.get_token(value)  # another tenant cannot see it
        errors.append(foreign.value)
    with OAuthClient(base_url=emu.url, email=ACCOUNT, api_key="wrong", max_retries=0) as wrong:
        with pytest.raises(UnauthorizedError) as unauthorized:
            wrong.get_token(value)
        errors.append(unauthorized.value)
    for err in errors:
        text = f"{err} {err!r} {err.__cause__!r} {err.__context__!r}"
        for secret in (value, refresh, "client-key", "wrong"):
            assert secret not in text, (secret, text)
