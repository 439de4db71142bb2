"""What a user reads when the client fails: the URL, the setting that chose it, the cause and the fix.

MockTransport for service answers; real sockets (a closed port, the session emulator) for the
endpoint mistakes, since those are failures of the transport itself.
"""

from __future__ import annotations

import socket

import httpx
import pulumi
import pytest

from pulumi_openapi_oauth import (
    APIError,
    ConfigError,
    NotFoundError,
    OAuthClient,
    OAuthError,
    RateLimitedError,
    TransportError,
    UnauthorizedError,
    resolve_settings,
)
from pulumi_openapi_oauth._config import CREDENTIALS_HINT
from tests._emulator import Emulator

CREDS = {"email": "e@example.com", "api_key": "k"}


def _fail(status: int, code: int | None, **headers: str) -> httpx.Response:
    body = {"success": False, "message": "nope", "error": code, "data": None}
    return httpx.Response(status, json=body, headers=headers)


def _client(handler: httpx.MockTransport | None = None, **kwargs: object) -> tuple[OAuthClient, list[float]]:
    sleeps: list[float] = []
    client = OAuthClient(
        **{"base_url": "http://oauth.test", **CREDS, **kwargs},  # type: ignore[arg-type]
        transport=handler,
        sleep=sleeps.append,
    )
    return client, sleeps


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.mark.parametrize("value", ["soon", "Mon, 99 Foo 2026 25:61:61 GMT", "1e", "Sun, 29 Nov 2026 15:00:00"])
def test_malformed_retry_after_is_ignored_not_raised(value: str) -> None:
    client, sleeps = _client(httpx.MockTransport(lambda r: _fail(429, None, **{"Retry-After": value})), max_retries=2)
    with pytest.raises(RateLimitedError) as info:
        client.get_wallet()
    assert info.value.retry_after is None
    assert len(sleeps) == 2  # retried with the client's own backoff


def test_refused_credentials_name_both_keys_with_secret_once() -> None:
    client, _ = _client(httpx.MockTransport(lambda r: _fail(401, 140)))
    with pytest.raises(UnauthorizedError) as info:
        client.list_scopes()
    text = str(info.value)
    assert "pulumi config set --secret openapi-oauth:email" in text
    assert "pulumi config set --secret openapi-oauth:apiKey" in text
    assert text.count(CREDENTIALS_HINT) == 1
    assert "k" not in text.split(": ", 1)[0]


def test_refused_refresh_token_is_not_blamed_on_the_account_keys() -> None:
    client, _ = _client(httpx.MockTransport(lambda r: _fail(401, 140)))
    with pytest.raises(UnauthorizedError) as info:
        client.refresh_token("a" * 24, "b" * 24)
    assert CREDENTIALS_HINT not in str(info.value)


def test_missing_credentials_suggest_secret_for_both_keys() -> None:
    with pytest.raises(ConfigError) as info:
        resolve_settings({}, environ={})
    text = str(info.value)
    assert "openapi-oauth:email (or OPENAPI_OAUTH_EMAIL) and openapi-oauth:apiKey (or OPENAPI_OAUTH_API_KEY)" in text
    assert CREDENTIALS_HINT in text


def test_config_error_is_an_oauth_error_a_value_error_and_a_run_error() -> None:
    assert issubclass(ConfigError, OAuthError)
    assert issubclass(ConfigError, ValueError)
    assert issubclass(OAuthError, pulumi.RunError)


@pytest.mark.parametrize(
    ("config", "environ", "source", "why"),
    [
        ({"openapi-oauth:baseUrl": "localhost:8080"}, {}, "openapi-oauth:baseUrl", "has no http:// or https:// scheme"),
        (
            {"openapi-oauth:baseUrl": "oauth.openapi.com"},
            {},
            "openapi-oauth:baseUrl",
            "has no http:// or https:// scheme",
        ),
        ({"openapi-oauth:baseUrl": "ftp://oauth.openapi.com"}, {}, "openapi-oauth:baseUrl", "unsupported scheme 'ftp'"),
        ({"openapi-oauth:baseUrl": "http://"}, {}, "openapi-oauth:baseUrl", "has no host"),
        (
            {},
            {"OPENAPI_OAUTH_BASE_URL": "127.0.0.1:8080"},
            "OPENAPI_OAUTH_BASE_URL",
            "has no http:// or https:// scheme",
        ),
        ({"openapi-oauth:environment": "staging"}, {}, "openapi-oauth:environment", "an unknown environment"),
        ({}, {"OPENAPI_OAUTH_ENVIRONMENT": "prod"}, "OPENAPI_OAUTH_ENVIRONMENT", "an unknown environment"),
    ],
)
def test_a_url_that_can_never_work_fails_at_once_naming_the_setting(
    config: dict[str, str], environ: dict[str, str], source: str, why: str
) -> None:
    full = {"openapi-oauth:email": "e@example.com", "openapi-oauth:apiKey": "k", **config}
    with pytest.raises(ConfigError) as info:
        resolve_settings(full, environ=environ)
    assert str(info.value).startswith(f"{source} is ")
    assert why in str(info.value)


def test_the_client_refuses_an_unusable_url_before_any_request() -> None:
    seen: list[httpx.Request] = []
    with pytest.raises(ConfigError, match=r"^the base_url argument is 'localhost:1', which has no http"):
        OAuthClient(base_url="localhost:1", transport=httpx.MockTransport(seen.append), **CREDS)  # type: ignore[arg-type]
    assert seen == []


def test_settings_keep_the_setting_that_chose_the_url() -> None:
    creds = {"openapi-oauth:email": "e@example.com", "openapi-oauth:apiKey": "k"}
    assert resolve_settings({**creds, "openapi-oauth:baseUrl": "http://x/"}, environ={}).base_url_source == (
        "openapi-oauth:baseUrl"
    )
    assert resolve_settings(creds, environ={"OPENAPI_OAUTH_BASE_URL": "http://x"}).base_url_source == (
        "OPENAPI_OAUTH_BASE_URL"
    )
    sandbox = resolve_settings({**creds, "openapi-oauth:environment": "sandbox"}, environ={})
    assert (sandbox.base_url, sandbox.base_url_source) == (
        "https://test.oauth.openapi.com",
        "openapi-oauth:environment",
    )
    assert resolve_settings(creds, environ={}).base_url_source == "the default (production)"


def test_connection_refused_names_the_url_and_the_setting_after_retries() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    client, sleeps = _client(base_url=url, endpoint_source="OPENAPI_OAUTH_BASE_URL", max_retries=2)
    with pytest.raises(TransportError) as info:
        client.list_scopes()
    assert str(info.value) == (
        f"GET /scopes: could not connect to {url} (set by OPENAPI_OAUTH_BASE_URL): is the service running there? "
        "Check the URL and the network"
    )
    assert len(sleeps) == 2


def test_https_on_a_plain_http_port_says_so_and_is_not_retried(clean_emulator: Emulator) -> None:
    url = clean_emulator.url.replace("http://", "https://")
    client, sleeps = _client(base_url=url, endpoint_source="openapi-oauth:baseUrl", max_retries=3)
    with pytest.raises(TransportError) as info:
        client.list_scopes()
    assert f"the TLS handshake with {url} (set by openapi-oauth:baseUrl) failed" in str(info.value)
    assert "use http://" in str(info.value)
    assert sleeps == []


def test_a_wrong_path_prefix_names_the_url_and_is_not_not_found(clean_emulator: Emulator) -> None:
    url = clean_emulator.url + "/v1"
    client = OAuthClient(
        base_url=url,
        endpoint_source="openapi-oauth:baseUrl",
        email=clean_emulator.email,
        api_key=clean_emulator.api_key,
    )
    with pytest.raises(APIError) as info:
        client.get_token("0" * 24)
    assert not isinstance(info.value, NotFoundError), "a wrong URL must never read as 'the token is gone'"
    text = str(info.value)
    assert f"{url}/tokens/oatfp-" in text and "is not an Openapi OAuth Service endpoint" in text
    assert f"openapi-oauth:baseUrl is '{url}'" in text and "/v1" in text
    assert "0" * 24 not in text


def test_a_service_not_found_stays_not_found(clean_emulator: Emulator) -> None:
    client = OAuthClient(base_url=clean_emulator.url, email=clean_emulator.email, api_key=clean_emulator.api_key)
    with pytest.raises(NotFoundError):
        client.get_scope("ffffffffffffffffffffffff")


@pytest.mark.parametrize("data", [None, "656d1e2f8b3c2a001f7e4a12", [1, 2], {"scopes": "656d1e2f8b3c2a001f7e4a12"}])
def test_a_malformed_answer_is_an_api_error_that_quotes_nothing(data: object) -> None:
    answer = httpx.Response(200, json={"success": True, "message": "", "error": None, "data": data})
    client, _ = _client(httpx.MockTransport(lambda r: answer))
    with pytest.raises(APIError) as info:
        client.get_token("0" * 24)
    text = str(info.value)
    assert text.startswith("GET /tokens/{token} -> HTTP 200: the service's answer does not match the API (")
    assert "656d1e2f8b3c2a001f7e4a12" not in text and "0" * 24 not in text


def test_a_list_answer_that_is_not_a_list_is_an_api_error() -> None:
    answer = httpx.Response(200, json={"success": True, "message": "", "error": None, "data": {"a": 1}})
    client, _ = _client(httpx.MockTransport(lambda r: answer))
    with pytest.raises(APIError, match=r"^GET /scopes -> HTTP 200: the service's answer is not a list$"):
        client.list_scopes()
