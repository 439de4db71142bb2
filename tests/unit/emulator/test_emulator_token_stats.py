"""A token's stats sum its usage over every IP it was used from (one SQL statement per GET)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Emulator

SCOPE = "POST:geocoding.openapi.com/reverse"


def test_token_stats_sum_over_ips(emulator: Emulator, client: httpx.Client) -> None:
    value = client.post("/tokens", json={"scopes": [SCOPE]}).json()["data"]["token"]
    usage: list[dict[str, Any]] = [
        {"count": 3, "ip": "203.0.113.9", "wallet_amount": 0.25},
        {"count": 2, "ip": "198.51.100.1"},
        {"count": 1, "ip": "203.0.113.9", "error": {"http": 429, "code": 429, "message": "Too many"}},
    ]
    for extra in usage:
        body = {"account": emulator.email, "token": value, "scope": SCOPE, **extra}
        emulator.admin("POST", "usage", json=body).raise_for_status()
    stats = client.get(f"/tokens/{value}").json()["data"]["stats"]
    assert stats == {
        "totalRequests": 6,
        "walletRequests": 3,
        "subscriptionRequests": 0,  # the demo seed has no subscription of this scope
        "errorRequests": 1,
        "walletAmount": 0.25,
        "ip": ["198.51.100.1", "203.0.113.9"],
    }
