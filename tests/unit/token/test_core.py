"""The Token core on its own: awaited on a plain event loop over an AsyncOAuthClient, with
plain values in and out, as a native provider uses it (no pulumi.dynamic, no I/O thread)."""

from __future__ import annotations

import asyncio

import httpx

from pulumi_openapi_oauth._constants import LIMIT_KEYS
from pulumi_openapi_oauth._models import TokenLimits
from pulumi_openapi_oauth._scopes import parse_scope
from pulumi_openapi_oauth.client import AsyncOAuthClient
from pulumi_openapi_oauth.token.core import Checked, Created, Read, TokenCore
from pulumi_openapi_oauth.token.diff import Diff
from pulumi_openapi_oauth.token.inputs import TokenLimitsInput
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
            assert isinstance(read, Read) and read.id == created.id and read.inputs is not None
            assert read.inputs["name"] == "renamed"
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


def test_wildcard_patterns_match_the_scopes_they_grant() -> None:
    def matches(pattern: str, scope: str) -> bool:
        return parse_scope(pattern).matches(parse_scope(scope))

    assert matches("*:company.openapi.com/IT-start", "GET:company.openapi.com/IT-start")
    assert matches("GET:company.openapi.com/*", "GET:company.openapi.com/IT-start")
    assert matches("GET:company.openapi.com/IT/*", "GET:company.openapi.com/IT/start")
    assert not matches("GET:company.openapi.com/IT/*", "GET:company.openapi.com/ITstart")
    assert not matches("POST:company.openapi.com/*", "GET:company.openapi.com/IT-start")
    assert not matches("GET:sms.openapi.com/*", "GET:company.openapi.com/IT-start")
