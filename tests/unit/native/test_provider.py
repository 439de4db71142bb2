"""The native provider's own code against the session emulator: config, invokes, concurrency.

The Token's behaviour is the core's (tests/unit/token) and runs through the real CLI in
tests/e2e/test_native_e2e.py; here: what the adapter adds.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import PropertyValue

from pulumi_openapi_oauth import lookups
from pulumi_openapi_oauth.lookups._client import reset
from pulumi_openapi_oauth.native.invokes import result_values
from pulumi_openapi_oauth.native.provider import OpenapiOAuthProvider
from pulumi_openapi_oauth.native.schema import SCHEMA_PATH
from pulumi_openapi_oauth.native.values import from_wire
from tests._emulator import Emulator

URN = "urn:pulumi:dev::proj::openapi-oauth:index:Token::t{}"
SCOPE = "GET:company.openapi.com/IT-start"


def config(emulator: Emulator) -> dict[str, PropertyValue]:
    return {
        "email": PropertyValue(emulator.email),
        "apiKey": PropertyValue(emulator.api_key, is_secret=True),
        "baseUrl": PropertyValue(emulator.url),
    }


async def configured(emulator: Emulator, **kwargs: Any) -> OpenapiOAuthProvider:
    provider = OpenapiOAuthProvider(**kwargs)
    await provider.configure(p.ConfigureRequest({}, config(emulator), True, True))
    return provider


def test_check_config_keeps_own_keys_and_marks_the_key_secret() -> None:
    request = p.CheckRequest(
        "urn:pulumi:dev::proj::pulumi:providers:openapi-oauth::default",
        {},
        {"apiKey": PropertyValue("k"), "email": PropertyValue("e"), "other": PropertyValue("x")},
        b"",
    )
    inputs = asyncio.run(OpenapiOAuthProvider().check_config(request)).inputs or {}
    assert set(inputs) == {"apiKey", "email"}
    assert inputs["apiKey"].is_secret and not inputs["email"].is_secret


def test_invoke_answers_what_the_python_lookup_answers(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    async def run() -> p.InvokeResponse:
        provider = await configured(emulator)
        args = {"domain": PropertyValue("company.openapi.com")}
        return await provider.invoke(p.InvokeRequest("openapi-oauth:index:getScopes", args))

    answer = asyncio.run(run())
    assert answer.failures == []
    schema = json.loads(SCHEMA_PATH.read_text())
    spec = schema["functions"]["openapi-oauth:index:getScopes"]["outputs"]["properties"]
    got = from_wire(answer.return_value or {}, spec, schema["types"])
    assert SCOPE in [s["scope"] for s in got["scopes"]]
    # The same lookup from Python, with the same account from the environment.
    monkeypatch.setenv("OPENAPI_OAUTH_EMAIL", emulator.email)
    monkeypatch.setenv("OPENAPI_OAUTH_API_KEY", emulator.api_key)
    monkeypatch.setenv("OPENAPI_OAUTH_BASE_URL", emulator.url)
    reset()
    expected = result_values(lookups.get_scopes(domain="company.openapi.com"))
    assert [s["scope"] for s in got["scopes"]] == [s["scope"] for s in expected["scopes"]]


def test_check_failures_name_properties_as_the_program_writes_them(emulator: Emulator) -> None:
    """A YAML or TypeScript program has renewBefore and limits.walletAmount, never the core's
    snake_case names: the path and the sentence both use the schema's."""

    async def run() -> p.CheckResponse:
        provider = await configured(emulator)
        news = {
            "scopes": PropertyValue([PropertyValue(SCOPE)]),
            "ttl": PropertyValue(3600.0),
            "renewBefore": PropertyValue(7200.0),
            "limits": PropertyValue({"walletAmount": PropertyValue(-1.0)}),
        }
        return await provider.check(p.CheckRequest(URN.format(1), {}, news, b""))

    failures = {f.property: f.reason for f in asyncio.run(run()).failures or []}
    assert set(failures) == {"renewBefore", "limits"}, failures
    assert failures["renewBefore"].startswith("7200 must be less than ttl (3600)"), failures
    assert "limits.walletAmount is -1; it must be >= 0" in failures["limits"], failures
    for reason in failures.values():
        assert not {"renew_before", "wallet_amount", "adopt_token"} & set(reason.replace(",", " ").split()), reason


def test_invoke_bad_argument_is_a_failure_naming_the_lookup(emulator: Emulator) -> None:
    async def run() -> p.InvokeResponse:
        provider = await configured(emulator)
        args = {"limit": PropertyValue(0.0)}
        return await provider.invoke(p.InvokeRequest("openapi-oauth:index:getWalletTransactions", args))

    answer = asyncio.run(run())
    assert answer.return_value is None
    (failure,) = answer.failures
    # The function as a YAML or TypeScript program names it, not the Python lookup.
    assert failure.reason.startswith("getWalletTransactions: limit must be a positive integer"), failure.reason


def test_creates_run_concurrently(emulator: Emulator) -> None:
    """32 creates are in flight at once: the transport holds every POST /tokens until 32 have
    arrived. Were the creates serialised, the first would wait forever (the test times out)."""
    n = 32
    arrived = 0
    all_in = asyncio.Event()

    class Gate(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self._inner = httpx.AsyncHTTPTransport()

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal arrived
            if request.method == "POST" and request.url.path == "/tokens":
                arrived += 1
                if arrived == n:
                    all_in.set()
                await all_in.wait()
            return await self._inner.handle_async_request(request)

    async def run() -> list[p.CreateResponse]:
        provider = await configured(emulator, transport=Gate())
        requests = [
            p.CreateRequest(URN.format(i), {"scopes": PropertyValue([PropertyValue(SCOPE)])}, 60.0, False)
            for i in range(n)
        ]
        done = await asyncio.wait_for(asyncio.gather(*(provider.create(r) for r in requests)), timeout=120)
        for request, response in zip(requests, done, strict=True):  # leave the session emulator as it was
            await provider.delete(
                p.DeleteRequest(request.urn, response.resource_id or "", response.properties or {}, 60.0)
            )
        return done

    created = asyncio.run(run())
    assert arrived == n
    ids = {c.resource_id for c in created}
    assert len(ids) == n and all(i and i.startswith("oatfp-") for i in ids)
    for c in created:
        props = c.properties or {}
        assert props["token"].is_secret and props["tokenId"].value == c.resource_id
