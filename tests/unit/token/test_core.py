"""The Token core on its own: awaited on a plain event loop over an AsyncOAuthClient, with
plain values in and out, as a native provider uses it (no pulumi.dynamic, no I/O thread)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx

from pulumi_openapi_oauth._constants import LIMIT_KEYS, TOKEN_INPUT_KEYS
from pulumi_openapi_oauth._models import TokenLimits
from pulumi_openapi_oauth._scopes import parse_scope
from pulumi_openapi_oauth.client import AsyncOAuthClient
from pulumi_openapi_oauth.token.core import Checked, Created, Read, TokenCore
from pulumi_openapi_oauth.token.diff import Diff
from pulumi_openapi_oauth.token.inputs import TokenInputs, TokenLimitsInput
from pulumi_openapi_oauth.token.resource import TokenLimitsArgs
from tests.unit.token.token_fakes import API_KEY, BASE_URL, EMAIL, GOOD, FakeService


def _core(service: FakeService) -> tuple[TokenCore, AsyncOAuthClient]:
    client = AsyncOAuthClient(
        base_url=BASE_URL, email=EMAIL, api_key=API_KEY, transport=httpx.MockTransport(service.handler)
    )
    return TokenCore(lambda: client), client


def test_lifecycle_on_plain_values(service: FakeService) -> None:
    async def lifecycle() -> None:
        core, client = _core(service)
        try:
            checked = await core.check({}, dict(GOOD))
            assert isinstance(checked, Checked) and checked.failures == []
            assert checked.inputs["name"].startswith("ci-deployer-")
            created = await core.create(checked.inputs)
            assert isinstance(created, Created) and created.id == created.outs["token_id"]
            assert core.diff(created.outs, checked.inputs) == Diff([], [])
            renamed = (await core.check(checked.inputs, dict(GOOD) | {"name": "renamed"})).inputs
            found = core.diff(created.outs, renamed)
            assert found.changed == ["name"] and found.replaces == [] and found.changes
            outs = await core.update(created.outs, renamed)
            assert outs["name"] == "renamed" and outs["token"] == created.outs["token"]
            read = await core.read(created.id, outs)
            # found as the state recorded it: no inputs, so the engine keeps the state's
            assert read == Read(created.id, read.outs) and read.outs["name"] == "renamed"
            await core.delete(created.id, outs)
            assert await core.read(created.id, outs) == Read("", {})
        finally:
            await client.aclose()

    asyncio.run(lifecycle())
    assert service.requests == {
        "GET /scopes": 1,
        "POST /tokens": 1,
        "PATCH /tokens/{token}": 1,
        "GET /tokens/{token}": 2,
        "DELETE /tokens/{token}": 1,
    }


def test_refresh_returns_inputs_only_when_the_live_token_moved(service: FakeService) -> None:
    """Without drift the state's inputs stand (the engine keeps them when read returns none);
    a change of scopes, name, limits or expiry made outside Pulumi returns the live inputs."""

    async def refreshes() -> list[Read]:
        core, client = _core(service)
        try:
            created = await core.create((await core.check({}, dict(GOOD))).inputs)
            found = [await core.read(created.id, created.outs)]
            service.advance(60)  # time passing is no drift
            found.append(await core.read(created.id, created.outs))
            live = service.tokens[created.outs["token"]]
            for change in ({"scopes": ["GET:company.openapi.com/IT-start"]}, {"name": "hand-set"}):
                before = dict(live)
                live.update(change)
                found.append(await core.read(created.id, created.outs))
                live.clear()
                live.update(before)
            live["_expire"] += timedelta(days=1)
            found.append(await core.read(created.id, created.outs))
            return found
        finally:
            await client.aclose()

    same, later, scopes, name, expiry = asyncio.run(refreshes())
    assert same.inputs is None and later.inputs is None and same.outs == later.outs
    assert scopes.inputs is not None and scopes.inputs["scopes"] == ["GET:company.openapi.com/IT-start"]
    assert name.inputs is not None and name.inputs["name"] == "hand-set"
    assert expiry.inputs is not None and expiry.inputs["expire_at"] != expiry.inputs["__declared_expire_at"]


def test_check_failures_are_plain_values(service: FakeService) -> None:
    async def check() -> Checked:
        core, client = _core(service)
        try:
            return await core.check({}, {"scopes": ["GET:company.openapi.com/IT-full"], "ttl": 0})
        finally:
            await client.aclose()

    checked = asyncio.run(check())
    assert sorted(f.property for f in checked.failures) == ["scopes", "ttl"]
    assert all(isinstance(f.reason, str) for f in checked.failures)


def test_limit_keys_have_one_source() -> None:
    """``LIMIT_KEYS`` is the list; the three models that declare the keys follow it."""
    assert tuple(TokenLimitsArgs.__dataclass_fields__) == LIMIT_KEYS
    assert tuple(TokenLimitsInput.model_fields) == LIMIT_KEYS
    assert tuple(TokenLimits.model_fields) == LIMIT_KEYS


def test_input_keys_have_one_source() -> None:
    assert tuple(TokenInputs.model_fields) == TOKEN_INPUT_KEYS


def test_wildcard_patterns_match_the_scopes_they_grant() -> None:
    def matches(pattern: str, scope: str) -> bool:
        return parse_scope(pattern).matches(parse_scope(scope))

    assert matches("*:company.openapi.com/IT-start", "GET:company.openapi.com/IT-start")
    assert matches("GET:company.openapi.com/*", "GET:company.openapi.com/IT-start")
    assert matches("GET:company.openapi.com/IT/*", "GET:company.openapi.com/IT/start")
    assert not matches("GET:company.openapi.com/IT/*", "GET:company.openapi.com/ITstart")
    assert not matches("POST:company.openapi.com/*", "GET:company.openapi.com/IT-start")
    assert not matches("GET:sms.openapi.com/*", "GET:company.openapi.com/IT-start")


def test_a_token_read_without_state_declares_the_lifetime_the_service_shows(service: FakeService) -> None:
    """`pulumi import` and Token.get have no declared ttl: the service reports none, so the token's
    expiry minus its creation stands for it (the default when that is over the one-year maximum)."""

    async def imported() -> tuple[Read, Read]:
        core, client = _core(service)
        try:
            created = await core.create((await core.check({}, dict(GOOD) | {"ttl": 3600})).inputs)
            first = await core.read(created.id, {})
            service.tokens[created.outs["token"]]["_expire"] += timedelta(days=400)
            return first, await core.read(created.id, {})
        finally:
            await client.aclose()

    first, outlived = asyncio.run(imported())
    assert first.inputs is not None and "expire_at" in first.inputs
    assert first.outs["ttl"] == 3600 and first.inputs is not None and first.inputs["ttl"] == 3600
    assert outlived.outs["ttl"] == 2592000 and outlived.inputs is not None and outlived.inputs["ttl"] == 2592000


def test_the_check_of_an_import_accepts_what_read_returned(service: FakeService) -> None:
    """`pulumi import` checks the inputs read returned, as olds and news: expire_at and its
    reason among them are check's own, not unknown properties (the CLI would warn "One or more
    imported inputs failed to validate. This is almost certainly a bug in the provider")."""

    async def imported() -> tuple[Read, Checked]:
        core, client = _core(service)
        try:
            created = await core.create((await core.check({}, dict(GOOD))).inputs)
            found = await core.read(created.id, {})
            assert found.inputs is not None
            return found, await core.check(found.inputs, found.inputs)
        finally:
            await client.aclose()

    found, checked = asyncio.run(imported())
    assert checked.failures == []
    assert checked.inputs["expire_at"] == found.outs["expire_at"]  # the live expiry stays the declared one
