"""Token ``diff``: normalised comparison of the managed fields, expiry on the service clock,
and no request at all."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.runtime.rpc import UNKNOWN

from pulumi_openapi_oauth._constants import DEFAULT_TTL
from pulumi_openapi_oauth.dynamic.provider import TokenProvider
from pulumi_openapi_oauth.token.inputs import changed_fields, normalise
from tests.unit.token.token_fakes import FakeService

OLD: dict[str, Any] = {
    "__provider": "old-pickle",
    "__name_prefix": "ci",
    "__auto_name": True,
    "token": "t" * 24,
    "refresh_token": "r" * 24,
    "token_id": "oatfp-x",
    "name": "ci-0011aabb",
    "scopes": ["GET:company.openapi.com/IT-start", "POST:sms.openapi.com/send"],
    "ttl": DEFAULT_TTL,
    "limits": {"total_requests": 10000, "wallet_amount": 50, "ip": ["203.0.113.7", "2001:db8::1"]},
    "expire_at": "2999-01-01T00:00:00Z",
    "stats": {"total_requests": 3},
}
NEW: dict[str, Any] = {
    "__provider": "new-pickle",
    "__name_prefix": "ci",
    "__auto_name": True,
    "name": "ci-0011aabb",
    "scopes": ["POST:sms.openapi.com/send", "GET:company.openapi.com/IT-start"],
    "limits": {"total_requests": 10000.0, "wallet_amount": 50.0, "ip": ["2001:db8:0::1", "203.0.113.7"]},
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, []),
        ({"ttl": float(DEFAULT_TTL)}, []),
        ({"__provider": "other", "__name_prefix": "renamed"}, []),
        ({"scopes": ["GET:company.openapi.com/IT-start"]}, ["scopes"]),
        ({"scopes": UNKNOWN}, ["scopes"]),
        ({"name": "other"}, ["name"]),
        ({"ttl": 3600}, ["ttl"]),
        ({"limits": {"total_requests": 10000, "wallet_amount": 50, "ip": ["203.0.113.7"]}}, ["limits"]),
        (
            {"limits": {"total_requests": 10000, "wallet_amount": 50.5, "ip": ["203.0.113.7", "2001:db8::1"]}},
            ["limits"],
        ),
        ({"limits": None}, ["limits"]),
        ({"limits": {"total_requests": 10000, "wallet_amount": 50, "ip": [UNKNOWN]}}, ["limits"]),
    ],
)
def test_changed_fields(change: dict[str, Any], expected: list[str]) -> None:
    assert changed_fields(OLD, NEW | change, ("scopes", "name", "ttl", "limits")) == expected


def test_normalise_equivalences() -> None:
    assert normalise("limits", {}) == normalise("limits", None) == normalise("limits", {"ip": None})
    assert normalise("ttl", None) == normalise("ttl", DEFAULT_TTL) == normalise("ttl", float(DEFAULT_TTL))
    assert normalise("scopes", ["a", "b", "a"]) == normalise("scopes", ["b", "a"])
    assert normalise("rotation_triggers", None) == normalise("rotation_triggers", {})
    assert normalise("rotation_triggers", {"n": 1}) == normalise("rotation_triggers", {"n": 1.0})


def test_no_change_makes_no_request(provider: TokenProvider, service: FakeService) -> None:
    result = provider.diff("oatfp-x", OLD, NEW)
    assert result.changes is False and result.replaces == []
    assert sum(service.requests.values()) == 0


def test_scope_change_updates_in_place(provider: TokenProvider) -> None:
    result = provider.diff("oatfp-x", OLD, NEW | {"scopes": ["GET:company.openapi.com/IT-start"]})
    assert result.changes is True and result.replaces == []


def test_rotation_replaces_create_before_delete(provider: TokenProvider) -> None:
    result = provider.diff("oatfp-x", OLD | {"rotation_triggers": {"q": "1"}}, NEW | {"rotation_triggers": {"q": "2"}})
    assert result.changes is True and result.replaces == ["rotation_triggers"]
    assert result.delete_before_replace is False
    same = provider.diff("oatfp-x", OLD | {"rotation_triggers": {"q": 1}}, NEW | {"rotation_triggers": {"q": 1.0}})
    assert same.changes is False


def test_expired_token_is_replaced(provider: TokenProvider) -> None:
    result = provider.diff("oatfp-x", OLD | {"expire_at": "2000-01-01T00:00:00Z"}, NEW)
    assert result.changes is True and result.replaces == ["expire_at"]


def test_renewal_window_is_an_in_place_change(provider: TokenProvider, service: FakeService) -> None:
    # Teach the client the service's clock (2026-01-01) with one request.
    provider.check({}, {"scopes": ["GET:company.openapi.com/IT-start"]})
    service.requests.clear()
    old = OLD | {"expire_at": "2026-01-05T00:00:00Z"}
    outside = provider.diff("oatfp-x", old | {"renew_before": 172800}, NEW | {"renew_before": 172800.0})
    assert outside.changes is False
    inside = provider.diff("oatfp-x", old | {"renew_before": 432000}, NEW | {"renew_before": 432000})
    assert inside.changes is True and inside.replaces == []
    assert sum(service.requests.values()) == 0


def test_renew_before_change_alone_is_a_change(provider: TokenProvider) -> None:
    result = provider.diff("oatfp-x", OLD | {"renew_before": 60}, NEW | {"renew_before": 120})
    assert result.changes is True and result.replaces == []


def test_adopt_token_is_ignored_by_diff(provider: TokenProvider) -> None:
    assert provider.diff("oatfp-x", OLD, NEW | {"adopt_token": "whatever"}).changes is False
