"""Every failure a lookup can raise is an ``oauth.OAuthError`` whose message starts with the
lookup's name and says what to fix; being a ``pulumi.RunError``, it ends a program with that
one line (the language host prints a RunError's message without a traceback)."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

import pulumi_openapi_oauth as oauth
from pulumi_openapi_oauth._config import CREDENTIALS_HINT
from tests._emulator import Emulator
from tests.unit.lookups.lookups_fakes import use_account

LOOKUPS: list[Callable[[], Any]] = [
    oauth.get_scopes,
    oauth.get_wallet,
    oauth.get_wallet_transactions,
    oauth.get_subscriptions,
    oauth.get_callbacks,
    oauth.get_errors,
    oauth.get_stats,
    oauth.get_stats_ips,
    oauth.get_stats_apis,
    lambda: oauth.get_scope(id="ffffffffffffffffffffffff"),
    lambda: oauth.get_subscription("s1"),
    lambda: oauth.get_callback("c1"),
    lambda: oauth.get_stats_api("company.openapi.com"),
]


def _name(call: Callable[[], Any]) -> str:
    if call.__name__ != "<lambda>":
        return call.__name__
    return next(n for n in call.__code__.co_names if n.startswith("get_"))


@pytest.mark.parametrize("call", LOOKUPS, ids=_name)
def test_missing_credentials_name_the_lookup_and_both_keys(call: Callable[[], Any]) -> None:
    with pytest.raises(oauth.OAuthError) as info:
        call()
    assert isinstance(info.value, oauth.ConfigError) and isinstance(info.value, pulumi.RunError)
    text = str(info.value)
    assert text.startswith(f"{_name(call)}: missing Openapi OAuth credentials openapi-oauth:email")
    assert "pulumi config set --secret openapi-oauth:apiKey" in text
    assert "\n" not in text


@pytest.mark.parametrize("call", LOOKUPS, ids=_name)
def test_a_wrong_api_key_names_the_lookup_and_the_fix(
    call: Callable[[], Any], emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_account(monkeypatch, emulator.url, emulator.email, "wrong-key")
    with pytest.raises(oauth.UnauthorizedError) as info:
        call()
    text = str(info.value)
    assert text.startswith(f"{_name(call)}: GET /")
    assert "HTTP 401" in text and text.count(CREDENTIALS_HINT) == 1
    assert "wrong-key" not in text


def test_an_unusable_url_fails_at_once_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    use_account(monkeypatch, "127.0.0.1:8080", "e@example.com", "k")
    with pytest.raises(oauth.ConfigError) as info:
        oauth.get_wallet()
    assert str(info.value).startswith("get_wallet: OPENAPI_OAUTH_BASE_URL is '127.0.0.1:8080', which has no http://")


def test_connection_refused_names_the_lookup_url_and_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    use_account(monkeypatch, url, "e@example.com", "k")
    monkeypatch.setattr("time.sleep", lambda _s: None)
    with pytest.raises(oauth.TransportError) as info:
        oauth.get_wallet()
    assert str(info.value).startswith(
        f"get_wallet: GET /wallet: could not connect to {url} (set by OPENAPI_OAUTH_BASE_URL)"
    )


def test_one_except_oauth_error_catches_every_lookup_failure(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures: list[type[BaseException]] = []
    setups: list[Callable[[], None]] = [
        lambda: None,  # no credentials: ConfigError
        lambda: use_account(monkeypatch, emulator.url, emulator.email, "wrong-key"),  # UnauthorizedError
        lambda: use_account(monkeypatch, "ftp://x", "e@example.com", "k"),  # ConfigError (scheme)
    ]
    for setup in setups:
        setup()
        try:
            oauth.get_wallet()
        except oauth.OAuthError as exc:
            failures.append(type(exc))
    try:
        oauth.get_stats(date="2026-13")
    except oauth.OAuthError as exc:
        failures.append(type(exc))
    assert failures == [oauth.ConfigError, oauth.UnauthorizedError, oauth.ConfigError, oauth.LookupError]
