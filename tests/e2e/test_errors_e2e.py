"""What a user reads when something fails, end to end with the real Pulumi CLI (issue 11).

Every failure is one sentence naming the Token (or lookup), the operation, the cause and the
fix; no Python traceback reaches the CLI's output; bad input fails at ``pulumi preview`` and
writes nothing (the emulator's request counters, ``GET /_emulator/requests``, prove it).
Program: ``tests/e2e/programs/errors``, against a fresh emulator per test.
"""

from __future__ import annotations

import socket
import subprocess
from typing import Any

from pulumi_openapi_oauth import OAuthClient
from pulumi_openapi_oauth._models import TokenCreate
from tests._emulator import Emulator
from tests.e2e.harness import Stack

TRACEBACK = "Traceback"
WRITES = ("POST /tokens", "PATCH /tokens/{token}", "DELETE /tokens/{token}")
TOKEN_TYPE = "pulumi-python:dynamic/openapi-oauth:Token"


def _stack(make_stack: Any, emulator: Emulator, api_key: str | None = None, **config: str) -> Stack:
    stack: Stack = make_stack(
        "errors",
        config={"openapi-oauth:baseUrl": emulator.url, "openapi-oauth:email": emulator.email, **config},
        secrets={"openapi-oauth:apiKey": api_key or emulator.api_key},
    )
    return stack


def _out(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


def _failed(result: subprocess.CompletedProcess[str]) -> str:
    out = _out(result)
    assert result.returncode != 0, out
    assert TRACEBACK not in out, out
    return out


def _writes(emulator: Emulator) -> dict[str, int]:
    return {k: v for k, v in emulator.requests().items() if k in WRITES}


def _deleted_token_value(emulator: Emulator) -> str:
    """The value of a token that existed and was deleted: well-formed for the service, not live."""
    with OAuthClient(base_url=emulator.url, email=emulator.email, api_key=emulator.api_key) as client:
        made = client.create_token(TokenCreate(scopes=["GET:company.openapi.com/IT-start"], name="gone"))
        assert made.token
        client.delete_token(made.token)
    emulator.reset_requests()
    return made.token


def test_adopt_token_matching_no_live_token_fails_at_preview(emulator: Emulator, make_stack: Any) -> None:
    value = _deleted_token_value(emulator)
    stack = _stack(make_stack, emulator)
    stack.config_set("adoptToken", value, secret=True)
    out = _failed(stack.preview(check=False))
    assert (
        "property adopt_token value {[secret]} has a problem: no live token of this account has fingerprint oatfp-"
        in out
    ), out
    assert "remove adopt_token" in out
    assert value not in out
    assert _writes(emulator) == {}


def test_more_ips_than_the_service_accepts_fail_at_preview(emulator: Emulator, make_stack: Any) -> None:
    stack = _stack(make_stack, emulator, **{"errors:ipCount": "6000"})
    out = _failed(stack.preview(check=False))
    assert "limits.ip: 6000 addresses make a" in out and "the service accepts at most 65536 bytes" in out, out
    assert _writes(emulator) == {}


def test_http_500_during_refresh_is_one_sentence_and_keeps_state(emulator: Emulator, make_stack: Any) -> None:
    stack = _stack(make_stack, emulator)
    stack.up()
    (before,) = stack.resources(TOKEN_TYPE)
    emulator.faults([{"method": "GET", "path": "/tokens/{token}", "status": 500, "times": None}])
    out = _failed(stack.refresh(check=False))
    assert f"Token {before['outputs']['name']!r} ({before['id']}): refresh (read) failed: " in out, out
    assert f"GET /tokens/{before['id']} -> HTTP 500" in out and "run the command again later" in out
    assert [r["id"] for r in stack.resources(TOKEN_TYPE)] == [before["id"]]


def test_http_500_on_create_is_one_sentence(emulator: Emulator, make_stack: Any) -> None:
    stack = _stack(make_stack, emulator)
    emulator.faults([{"method": "POST", "path": "/tokens", "status": 500, "times": None}])
    out = _failed(stack.up(check=False))
    assert "Token 't-" in out and "create failed: POST /tokens -> HTTP 500" in out, out
    assert emulator.requests()["POST /tokens"] == 1


def test_an_ambiguous_lost_create_is_one_sentence_with_what_to_check(emulator: Emulator, make_stack: Any) -> None:
    # A 502 on POST /tokens leaves it unknown whether the service made the token; the POST is
    # never repeated, the listings find no token of that name, and the run stops with one
    # sentence naming what to run before the next `pulumi up`.
    stack = _stack(make_stack, emulator, **{"errors:name": "dup"})
    emulator.faults([{"method": "POST", "path": "/tokens", "status": 502, "times": None}])
    emulator.reset_requests()
    out = _failed(stack.up(check=False))
    assert "Token 'dup': create failed: POST /tokens" in out, out
    assert "no token named 'dup' has appeared" in out, out
    assert "openapi-oauth-recover" in out, out
    assert emulator.requests()["POST /tokens"] == 1


def test_lookup_with_a_wrong_api_key_names_the_lookup_and_the_fix(emulator: Emulator, make_stack: Any) -> None:
    stack = _stack(make_stack, emulator, api_key="wrong-key", **{"errors:mode": "lookup"})
    out = _failed(stack.preview(check=False))
    assert "get_wallet: GET /wallet -> HTTP 401" in out, out
    assert "pulumi config set --secret openapi-oauth:apiKey" in out
    assert "wrong-key" not in out


def test_lookup_output_without_credentials_names_the_lookup_and_the_keys(emulator: Emulator, make_stack: Any) -> None:
    stack = _stack(make_stack, emulator, **{"errors:mode": "lookup-output"})
    stack.config_rm("openapi-oauth:apiKey")
    out = _failed(stack.preview(check=False))
    assert "get_wallet: missing Openapi OAuth credentials openapi-oauth:apiKey (or OPENAPI_OAUTH_API_KEY)" in out, out
    assert "pulumi config set --secret openapi-oauth:apiKey" in out


def test_a_base_url_without_scheme_fails_at_preview_naming_the_setting(emulator: Emulator, make_stack: Any) -> None:
    bare = emulator.url.removeprefix("http://")
    stack = _stack(make_stack, emulator, **{"openapi-oauth:baseUrl": bare})
    out = _failed(stack.preview(check=False))
    assert f"openapi-oauth:baseUrl is '{bare}', which has no http:// or https:// scheme" in out, out
    assert emulator.requests() == {} or set(emulator.requests()) <= {"GET /_emulator/requests"}


def test_connection_refused_at_preview_names_the_url_and_the_setting(emulator: Emulator, make_stack: Any) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    stack = _stack(make_stack, emulator, **{"openapi-oauth:baseUrl": url})
    out = _failed(stack.preview(check=False))
    assert f"could not connect to {url} (set by openapi-oauth:baseUrl)" in out, out


def test_a_wrong_path_prefix_fails_at_preview_naming_the_url_and_the_setting(
    emulator: Emulator, make_stack: Any
) -> None:
    url = emulator.url + "/v1"
    stack = _stack(make_stack, emulator, **{"openapi-oauth:baseUrl": url})
    out = _failed(stack.preview(check=False))
    assert f"{url}/scopes is not an Openapi OAuth Service endpoint; openapi-oauth:baseUrl is '{url}'" in out, out
    assert _writes(emulator) == {}


def test_https_on_the_plain_http_emulator_fails_at_preview_saying_so(emulator: Emulator, make_stack: Any) -> None:
    url = emulator.url.replace("http://", "https://")
    stack = _stack(make_stack, emulator, **{"openapi-oauth:baseUrl": url})
    out = _failed(stack.preview(check=False))
    assert f"the TLS handshake with {url} (set by openapi-oauth:baseUrl) failed" in out, out
    assert "use http://" in out
