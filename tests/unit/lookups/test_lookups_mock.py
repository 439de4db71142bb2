"""Lookups against httpx.MockTransport: conversions, immutability, errors, cache, settings."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

import pytest
from pulumi.runtime.rpc import serialize_property
from pulumi.runtime.stack import massage

import pulumi_openapi_oauth as oauth
from pulumi_openapi_oauth import ConfigError
from pulumi_openapi_oauth.lookups import _client
from tests.unit.lookups.lookups_fakes import FakeService

SUB = {
    "id": "s1",
    "scope": "GET:company.openapi.com/IT-start",
    "domain": "company.openapi.com",
    "active": True,
    "totalRequests": "1000",
    "availableRequests": "950",
    "pricePerRequest": 0.01,
    "type": "monthly",
    "autorenew": True,
    "price": 10,
}


def test_counts_sent_as_strings_become_ints(fake: FakeService) -> None:
    fake.data["/subscriptions/s1"] = SUB
    fake.data["/subscriptions"] = [{"id": "s1", "scope": SUB["scope"], "active": True, "availableRequests": "950"}]
    fake.data["/callbacks"] = [{"id": "c1", "scope": "POST:sms.openapi.com/send", "httpResponseCode": "200"}]
    sub = oauth.get_subscription("s1")
    assert (sub.total_requests, sub.available_requests, sub.price) == (1000, 950, 10.0)
    assert oauth.get_subscriptions().subscriptions[0].available_requests == 950
    assert oauth.get_callbacks().callbacks[0].http_response_code == 200


def test_results_are_immutable_and_compare_by_value(fake: FakeService) -> None:
    fake.data["/wallet"] = {"credit": 12, "createdAt": "2025-01-01T00:00:00Z"}
    wallet = oauth.get_wallet()
    assert isinstance(wallet.credit, float) and wallet.credit == 12.0
    with pytest.raises(AttributeError):
        wallet.credit = 1.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del wallet.credit
    assert wallet == oauth.GetWalletResult(credit=12.0, created_at="2025-01-01T00:00:00Z")
    assert hash(wallet) == hash(oauth.get_wallet())
    assert "credit=12.0" in repr(wallet)


def test_export_form_uses_wire_names_and_drops_none(fake: FakeService) -> None:
    """What pulumi.export does with a result: massage, then serialize_property."""
    fake.data["/scopes"] = [
        {
            "id": "a",
            "scope": "GET:company.openapi.com/IT-start",
            "method": "GET",
            "endpoint": "IT-start",
            "domain": "company.openapi.com",
            "enabled": True,
        }
    ]
    fake.data["/scopes/a"] = {
        **fake.data["/scopes"][0],
        "rateLimit": False,
        "prices": {"it": 0.1},
        "freeLimits": {"dayLimit": 10, "monthLimit": False},
    }
    plain = massage(oauth.get_scope(scope="GET:company.openapi.com/IT-start"), [])
    wire = asyncio.run(serialize_property(plain, [], "s"))
    assert wire == {
        "id": "a",
        "scope": "GET:company.openapi.com/IT-start",
        "method": "GET",
        "endpoint": "IT-start",
        "domain": "company.openapi.com",
        "enabled": True,
        "rateLimit": False,
        "requirements": {},
        "prices": {"it": 0.1},
        "freeLimits": {"dayLimit": 10, "monthLimit": False},
    }
    listed = massage(oauth.get_scopes(enabled=True), [])
    assert listed == {"scopes": [{k: v for k, v in fake.data["/scopes"][0].items()}], "enabled": True}


def test_cache_one_request_per_argument_set(fake: FakeService) -> None:
    fake.data["/stats"] = {"totalRequests": 5}
    fake.data["/subscriptions"] = []
    oauth.get_stats()
    oauth.get_stats()
    oauth.get_stats(date="2026")
    oauth.get_stats(date=dt.date(2026, 1, 2))
    oauth.get_subscriptions(scopes=["GET:a.openapi.com/x", "GET:b.openapi.com/y"])
    oauth.get_subscriptions(scopes=["GET:b.openapi.com/y", "GET:a.openapi.com/x", "GET:a.openapi.com/x"])
    assert fake.counts == {"GET /stats": 3, "GET /subscriptions": 1}
    assert [r.url.params.get("date") for r in fake.requests[:3]] == [None, "2026", "2026-01-02"]


def test_concurrent_callers_share_one_request(fake: FakeService) -> None:
    fake.data["/wallet"] = {"credit": 1}
    results: list[oauth.GetWalletResult] = []
    threads = [threading.Thread(target=lambda: results.append(oauth.get_wallet())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and fake.counts == {"GET /wallet": 1}


def test_failures_are_not_cached(fake: FakeService) -> None:
    with pytest.raises(oauth.LookupError, match="no subscription with id 's1'"):
        oauth.get_subscription("s1")
    fake.data["/subscriptions/s1"] = SUB
    assert oauth.get_subscription("s1").id == "s1"
    assert fake.counts == {"GET /subscriptions/s1": 2}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: oauth.get_stats(date="2026-13"), "get_stats: date '2026-13' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        (lambda: oauth.get_stats_ips(date="2026-02-30"), "get_stats_ips: date '2026-02-30' is not YYYY"),
        (lambda: oauth.get_stats_apis(date="26"), "get_stats_apis: date '26' is not YYYY"),
        (lambda: oauth.get_stats_api("company.openapi.com", date=2026), "get_stats_api: date must be a string"),  # type: ignore[arg-type]
        (lambda: oauth.get_stats_api("Company"), "get_stats_api: domain 'Company' is not a domain"),
        (lambda: oauth.get_scopes(domain="x"), "get_scopes: domain 'x' is not a domain"),
        (
            lambda: oauth.get_scopes(method="get"),
            "get_scopes: method 'get' is not one of GET, POST, PUT, PATCH, DELETE, * (did you mean 'GET'?)",
        ),
        (lambda: oauth.get_scopes(enabled="yes"), "get_scopes: enabled must be True or False"),  # type: ignore[arg-type]
        (lambda: oauth.get_scope(), "get_scope: give exactly one of id or scope"),
        (lambda: oauth.get_scope(id="a", scope="GET:a.openapi.com/x"), "get_scope: give exactly one of id or scope"),
        (
            lambda: oauth.get_scope(scope="company.openapi.com/x"),
            "get_scope: scope: scope 'company.openapi.com/x' has no 'METHOD:' prefix",
        ),
        (lambda: oauth.get_scope(id=""), "get_scope: id '' is not a valid id"),
        (lambda: oauth.get_subscription("../wallet"), "get_subscription: id '../wallet' is not a valid id"),
        (
            lambda: oauth.get_subscriptions(scopes="GET:a.openapi.com/x"),
            "get_subscriptions: scopes must be a list of scope strings, got str",
        ),
        (lambda: oauth.get_subscriptions(active=1), "get_subscriptions: active must be True or False"),  # type: ignore[arg-type]
        (
            lambda: oauth.get_callbacks(scopes=["POST:a.openapi.com/x", "bad"]),
            "get_callbacks: scopes[1]: scope 'bad' has no 'METHOD:' prefix",
        ),
        (lambda: oauth.get_callback("a b"), "get_callback: id 'a b' is not a valid id"),
        (
            lambda: oauth.get_errors(scopes=["GET:A.openapi.com/x"]),
            "get_errors: scopes[0]: scope 'GET:A.openapi.com/x' has an invalid domain",
        ),
        (
            lambda: oauth.get_wallet_transactions(limit=0),
            "get_wallet_transactions: limit must be a positive integer, got 0",
        ),
        (
            lambda: oauth.get_wallet_transactions(limit=True),
            "get_wallet_transactions: limit must be a positive integer, got True",
        ),
    ],
)
def test_bad_arguments_name_lookup_and_argument(fake: FakeService, call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(oauth.LookupError) as info:
        call()
    assert str(info.value).startswith(message)
    assert info.value.argument is not None and info.value.not_found is False
    assert isinstance(info.value, oauth.OAuthError)
    assert fake.total() == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: oauth.get_subscription("abc"), "get_subscription: no subscription with id 'abc'"),
        (lambda: oauth.get_callback("abc"), "get_callback: no callback with id 'abc'"),
        (lambda: oauth.get_scope(id="abc"), "get_scope: no scope with id 'abc'"),
    ],
)
def test_not_found_says_which_id(fake: FakeService, call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(oauth.LookupError) as info:
        call()
    assert str(info.value) == message
    assert info.value.not_found and isinstance(info.value.__cause__, oauth.NotFoundError)


def test_plain_python_reads_only_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_CONFIG", '{"openapi-oauth:email": "cfg@example.com", "openapi-oauth:apiKey": "k"}')
    with pytest.raises(ConfigError, match="OPENAPI_OAUTH_EMAIL"):
        oauth.get_wallet()
    monkeypatch.setenv("OPENAPI_OAUTH_EMAIL", "env@example.com")
    monkeypatch.setenv("OPENAPI_OAUTH_API_KEY", "env-key")
    monkeypatch.setenv("OPENAPI_OAUTH_ENVIRONMENT", "sandbox")
    client, account = _client.current()
    assert client.base_url == "https://test.oauth.openapi.com"
    assert account[:2] == ("https://test.oauth.openapi.com", "env@example.com")
    assert "env-key" not in repr(account)
