"""Read endpoints through the live emulator: scopes, wallet, subscriptions, callbacks,
error logs and stats, with their error codes (10, 190, 200, 210, 220, 230, 240)."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest

from tests._emulator import Emulator
from tests.unit.emulator.emulator_checks import assert_error


def data(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["success"] is True and body["error"] is None
    return body["data"]


def scope_id(scope: str) -> str:
    return hashlib.sha256(scope.encode()).hexdigest()[:24]


def test_scope_catalogue(client: httpx.Client) -> None:
    scopes = data(client.get("/scopes"))
    assert len(scopes) >= 20
    by_scope = {s["scope"]: s for s in scopes}
    assert by_scope["GET:company.openapi.com/CH-start"]["enabled"] is False
    assert len({s["domain"] for s in scopes}) >= 4
    sid = scope_id("GET:company.openapi.com/CH-start")
    assert by_scope["GET:company.openapi.com/CH-start"]["id"] == sid
    response = client.get(f"/scopes/{sid}")
    body = response.json()
    assert set(body) == {"success", "message", "error", "data"}
    detail = body["data"]
    assert detail["freeLimits"]["dayLimit"] == 0 and detail["freeLimits"]["monthLimit"] is False
    assert detail["rateLimit"] is False and detail["prices"] == {"ch-start": 0.06}
    assert detail["endpoint"] == "CH-start" and detail["method"] == "GET"


def test_error_10_unknown_scope(client: httpx.Client) -> None:
    assert_error(client.get("/scopes/ffffffffffffffffffffffff"), 404, 10, "Scope not found")


def test_wallet_and_transactions(client: httpx.Client) -> None:
    wallet = data(client.get("/wallet"))
    assert isinstance(wallet["credit"], (int, float))
    assert wallet["createdAt"] == "2025-01-15T10:00:00Z"
    transactions = data(client.get("/wallet/transactions"))
    assert any(t["amount"] < 0 for t in transactions) and any(t["amount"] > 0 for t in transactions)
    assert data(client.get("/wallet/transactions", params={"skip": 1, "limit": 1})) == [transactions[1]]


def test_subscriptions(client: httpx.Client) -> None:
    subscriptions = data(client.get("/subscriptions"))
    assert {s["active"] for s in subscriptions} == {True, False}
    first = subscriptions[0]
    assert isinstance(first["availableRequests"], str) and first["availableRequests"].isdigit()
    detail = data(client.get("/subscriptions", params={"id": first["id"]}))
    assert detail == data(client.get(f"/subscriptions/{first['id']}"))
    assert isinstance(detail["totalRequests"], str) and detail["domain"]
    only_sms = data(client.get("/subscriptions", params={"scopes": "POST:sms.openapi.com/send"}))
    assert only_sms and all(s["scope"] == "POST:sms.openapi.com/send" for s in only_sms)


def test_error_220_230_subscriptions(client: httpx.Client) -> None:
    assert_error(client.get("/subscriptions", params={"id": "nope"}), 404, 220)
    assert_error(client.get("/subscriptions/nope"), 404, 220, "Subscription not found")
    assert_error(client.get("/subscriptions", params={"scopes": "not a scope"}), 400, 230)


def test_callbacks(client: httpx.Client) -> None:
    callbacks = data(client.get("/callbacks"))
    assert callbacks
    done = next(c for c in callbacks if "httpResponseCode" in c)
    assert isinstance(done["httpResponseCode"], str)
    detail = data(client.get(f"/callbacks/{done['id']}"))
    assert isinstance(detail["httpResponseCode"], int) and detail["active"] is False
    filtered = data(client.get("/callbacks", params={"scopes": "POST:pec.openapi.com/*"}))
    assert filtered and all(c["scope"].startswith("POST:pec.openapi.com/") for c in filtered)


def test_error_200_210_callbacks(client: httpx.Client) -> None:
    assert_error(client.get("/callbacks/nope"), 404, 200, "Callback not found")
    assert_error(client.get("/callbacks", params={"scopes": "GET:x"}), 400, 210, "Query error")


def test_errors_log(client: httpx.Client) -> None:
    logs = data(client.get("/errors"))
    assert any(e["errorCode"] == 180 for e in logs)
    filtered = data(client.get("/errors", params={"scopes": "DELETE:oauth.openapi.com/tokens"}))
    assert filtered and {e["scope"] for e in filtered} == {"DELETE:oauth.openapi.com/tokens"}
    assert_error(client.get("/errors", params={"scopes": "nonsense"}), 400, 190, "Query error")
    assert_error(client.get("/errors", params={"limit": "many"}), 400, 190)


@pytest.mark.parametrize("path", ["/stats", "/stats/ips", "/stats/apis", "/stats/apis/sms.openapi.com"])
@pytest.mark.parametrize("date", ["26", "2026-1", "2026-13", "2026-02-30", "yesterday", "2026/01"])
def test_error_240_invalid_date(client: httpx.Client, path: str, date: str) -> None:
    assert_error(
        client.get(path, params={"date": date}),
        422,
        240,
        "Invalid date format, must be YYYY or YYYY-MM or YYYY-MM-DD",
    )


def test_stats_from_recorded_usage(client: httpx.Client) -> None:
    overall = data(client.get("/stats", params={"date": "2026"}))
    assert overall["totalRequests"] > 0 and overall["totalApis"] >= 4
    assert data(client.get("/stats", params={"date": "2019"}))["totalRequests"] == 0
    april = data(client.get("/stats/apis", params={"date": "2026-04"}))
    assert list(april) == ["sms.openapi.com"]
    day = data(client.get("/stats/apis/sms.openapi.com", params={"date": "2026-04-20"}))
    assert day["totalRequests"] == 300 and day["ip"] == ["10.0.0.5"]
    assert day["scopes"]["POST:sms.openapi.com/send"]["subscriptionRequests"] == 300
    assert "10.0.0.5" in data(client.get("/stats/ips"))


def test_usage_admin_fills_every_view(emulator: Emulator, client: httpx.Client) -> None:
    token = client.post("/tokens", json={"scopes": ["POST:geocoding.openapi.com/reverse"]})
    value = token.json()["data"]["token"]
    before = data(client.get("/wallet"))["credit"]
    recorded = emulator.admin(
        "POST",
        "usage",
        json={
            "account": emulator.email,
            "token": value,
            "scope": "POST:geocoding.openapi.com/reverse",
            "count": 7,
            "wallet_amount": 0.5,
            "ip": "198.51.100.7",
            "at": "2026-11-02T10:00:00Z",
        },
    )
    assert recorded.status_code == 200, recorded.text
    emulator.admin(
        "POST",
        "usage",
        json={
            "account": emulator.email,
            "token": value,
            "scope": "POST:geocoding.openapi.com/reverse",
            "count": 1,
            "ip": "198.51.100.7",
            "at": "2026-11-02T10:05:00Z",
            "error": {"http": 429, "code": 429, "message": "Too many"},
        },
    ).raise_for_status()
    stats = data(client.get(f"/tokens/{value}"))["stats"]
    assert stats == {
        "totalRequests": 8,
        "walletRequests": 7,
        "subscriptionRequests": 0,
        "errorRequests": 1,
        "walletAmount": 0.5,
        "ip": ["198.51.100.7"],
    }
    assert data(client.get("/wallet"))["credit"] == pytest.approx(before - 0.5)
    logs = data(client.get("/errors", params={"scopes": "POST:geocoding.openapi.com/reverse"}))
    assert logs[0]["httpResponseCode"] == 429
    day = data(client.get("/stats/apis/geocoding.openapi.com", params={"date": "2026-11-02"}))
    assert day["totalRequests"] == 8 and day["errorRequests"] == 1


def test_other_account_sees_only_its_own_data(emulator: Emulator, other_client: httpx.Client) -> None:
    emulator.admin(
        "POST",
        "usage",
        json={
            "account": emulator.email,
            "scope": "GET:company.openapi.com/IT-search",
            "count": 1,
            "ip": "203.0.113.250",
            "error": {"http": 500, "code": 1, "message": "demo only"},
        },
    ).raise_for_status()
    assert "203.0.113.250" not in data(other_client.get("/stats/ips"))
    assert all(e["message"] != "demo only" for e in data(other_client.get("/errors")))
