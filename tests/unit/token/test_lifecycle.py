"""Expiry and renewal on the service's clock, end to end against the MockTransport fake
(whose Date header follows its own clock)."""

from __future__ import annotations

import time
from typing import Any

from pulumi_openapi_oauth.dynamic.provider import TokenProvider
from tests.unit.token.token_fakes import FakeService

DAY = 24 * 3600


def _create(provider: TokenProvider, good: dict[str, Any], **extra: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    result = provider.check({}, good | extra)
    assert result.failures == []
    created = provider.create(result.inputs)
    return result.inputs, created.outs or {}


def test_renewal_extends_in_place(provider: TokenProvider, service: FakeService, good: dict[str, Any]) -> None:
    inputs, outs = _create(provider, good, ttl=10 * DAY, renew_before=3 * DAY)
    service.advance(8 * DAY)
    provider.read(outs["token_id"], outs)  # a new process would learn the time from its first request
    news = provider.check(inputs, good | {"ttl": 10 * DAY, "renew_before": 3 * DAY}).inputs
    service.requests.clear()
    diff = provider.diff(outs["token_id"], outs, news)
    assert diff.changes is True and diff.replaces == []
    renewed = provider.update(outs["token_id"], outs, news).outs or {}
    assert service.requests == {"PATCH /tokens/{token}": 1}
    assert renewed["token"] == outs["token"] and renewed["expire_at"] > outs["expire_at"]
    assert provider.diff(outs["token_id"], renewed, news).changes is False


def test_expired_is_replaced(provider: TokenProvider, service: FakeService, good: dict[str, Any]) -> None:
    inputs, outs = _create(provider, good, ttl=3600)
    service.advance(3601)
    provider.read(outs["token_id"], outs)  # any request teaches the client the new time
    news = provider.check(inputs, good | {"ttl": 3600}).inputs
    diff = provider.diff(outs["token_id"], outs, news)
    assert diff.replaces == ["expire_at"] and diff.delete_before_replace is False
    provider.delete(outs["token_id"], outs)  # gone already: no error


def test_no_clock_seen_falls_back_to_local_time(service: FakeService) -> None:
    assert abs(TokenProvider().now() - time.time()) < 5
