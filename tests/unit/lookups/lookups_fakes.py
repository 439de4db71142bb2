"""Shared fakes and accounts of the lookup tests: a fake service for httpx.MockTransport, the
credential variables the lookups read, and the emulator accounts the lookup tests own."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import httpx
import pytest

from tests._emulator import Emulator

__all__ = [
    "FAKE_URL",
    "PAGED_API_KEY",
    "PAGED_COUNT",
    "PAGED_EMAIL",
    "SEEDED_API_KEY",
    "SEEDED_EMAIL",
    "FakeService",
    "add_paged_account",
    "add_seeded_account",
    "use_account",
]

FAKE_URL = "http://oauth.test"

#: A dedicated emulator account with more than one page of everything.
PAGED_EMAIL = "pages@example.com"
PAGED_API_KEY = "pages-key"
PAGED_COUNT = 250

#: A demo-seeded account of the lookup tests' own: other suites spend from and log errors
#: into the shared demo account, and these tests assert the seed's exact values.
SEEDED_EMAIL = "lookups@example.com"
SEEDED_API_KEY = "lookups-key"


def use_account(monkeypatch: pytest.MonkeyPatch, url: str, email: str, api_key: str) -> None:
    """Point the lookups at ``url`` with these credentials (the OPENAPI_OAUTH_* variables)."""
    monkeypatch.setenv("OPENAPI_OAUTH_BASE_URL", url)
    monkeypatch.setenv("OPENAPI_OAUTH_EMAIL", email)
    monkeypatch.setenv("OPENAPI_OAUTH_API_KEY", api_key)


class FakeService:
    """Just enough of the service for unit tests: envelopes, skip/limit, a request log."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.counts: Counter[str] = Counter()
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        self.counts[f"{request.method} {path}"] += 1
        if path not in self.data:
            body = {"success": False, "message": "Not found", "error": 220, "data": None}
            return httpx.Response(404, json=body)
        data = self.data[path]
        if isinstance(data, list) and "skip" in request.url.params:
            skip = int(request.url.params["skip"])
            data = data[skip : skip + int(request.url.params["limit"])]
        return httpx.Response(200, content=json.dumps({"success": True, "data": data}))

    def total(self) -> int:
        return sum(self.counts.values())


def add_seeded_account(emulator: Emulator) -> str:
    """Create the demo-seeded account of :data:`SEEDED_EMAIL`; return its email."""
    body = {"email": SEEDED_EMAIL, "api_key": SEEDED_API_KEY, "seed": "demo"}
    emulator.admin("POST", "accounts", json=body).raise_for_status()
    return SEEDED_EMAIL


def add_paged_account(emulator: Emulator) -> str:
    """Create the paged account: 250 subscriptions, callbacks, errors and transactions; return its email."""

    def ok(method: str, path: str, body: Any) -> None:
        emulator.admin(method, path, json=body).raise_for_status()

    ok("POST", "accounts", {"email": PAGED_EMAIL, "api_key": PAGED_API_KEY, "seed": None})
    scope = "GET:company.openapi.com/IT-start"
    ok(
        "POST",
        "subscriptions",
        {
            "account": PAGED_EMAIL,
            "subscriptions": [
                {"id": f"sub-{i:03d}", "scope": scope, "totalRequests": 1000 + i} for i in range(PAGED_COUNT)
            ],
        },
    )
    ok(
        "POST",
        "callbacks",
        {
            "account": PAGED_EMAIL,
            "callbacks": [
                {"id": f"cb-{i:03d}", "scope": "POST:sms.openapi.com/send", "httpResponseCode": 200}
                for i in range(PAGED_COUNT)
            ],
        },
    )
    error = {"http": 404, "code": 180, "message": "Not Found"}
    for count in (100, 100, PAGED_COUNT - 200):
        ok("POST", "usage", {"account": PAGED_EMAIL, "scope": scope, "count": count, "error": error})
    ok("PUT", "wallet", {"account": PAGED_EMAIL, "credit": 1000.0})
    for _ in range(PAGED_COUNT - 1):
        ok("POST", "usage", {"account": PAGED_EMAIL, "scope": scope, "wallet_amount": 0.5})
    return PAGED_EMAIL
