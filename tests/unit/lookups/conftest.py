"""Fixtures of the lookup tests: a fake service on httpx.MockTransport, the emulator, mocks.

Every test starts with no OPENAPI_OAUTH_* variables, no shared client and an empty lookup
cache; the fixtures below then point the lookups at one backend.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pulumi_openapi_oauth.lookups import _client
from tests._emulator import Emulator

ENV_VARS = (
    "OPENAPI_OAUTH_EMAIL",
    "OPENAPI_OAUTH_API_KEY",
    "OPENAPI_OAUTH_BASE_URL",
    "OPENAPI_OAUTH_ENVIRONMENT",
)
FAKE_URL = "http://oauth.test"

#: A dedicated emulator account with more than one page of everything.
PAGED_EMAIL = "pages@example.com"
PAGED_API_KEY = "pages-key"
PAGED_COUNT = 250


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("PULUMI_CONFIG", raising=False)
    _client.reset()
    yield
    _client.reset()


def use_account(monkeypatch: pytest.MonkeyPatch, url: str, email: str, api_key: str) -> None:
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


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeService:
    """The lookups against a :class:`FakeService` at http://oauth.test."""
    service = FakeService()
    use_account(monkeypatch, FAKE_URL, "ops@example.com", "secret-key")
    _client.reset(transport=httpx.MockTransport(service))
    return service


#: A demo-seeded account of the lookup tests' own: other suites spend from and log errors
#: into the shared demo account, and these tests assert the seed's exact values.
SEEDED_EMAIL = "lookups@example.com"
SEEDED_API_KEY = "lookups-key"


@pytest.fixture(scope="session")
def _seeded_account(emulator: Emulator) -> str:
    body = {"email": SEEDED_EMAIL, "api_key": SEEDED_API_KEY, "seed": "demo"}
    emulator.admin("POST", "accounts", json=body).raise_for_status()
    return SEEDED_EMAIL


@pytest.fixture
def emu(emulator: Emulator, _seeded_account: str, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """The lookups against a demo-seeded account of their own, request counts zeroed."""
    use_account(monkeypatch, emulator.url, SEEDED_EMAIL, SEEDED_API_KEY)
    emulator.clear_faults()
    emulator.reset_requests()
    return emulator


@pytest.fixture(scope="session")
def _paged_account(emulator: Emulator) -> str:
    """Create the paged account once: 250 subscriptions, callbacks, errors and transactions."""
    def ok(method: str, path: str, body: Any) -> None:
        emulator.admin(method, path, json=body).raise_for_status()

    ok("POST", "accounts", {"email": PAGED_EMAIL, "api_key": PAGED_API_KEY, "seed": None})
    scope = "GET:company.openapi.com/IT-start"
    ok("POST", "subscriptions", {
        "account": PAGED_EMAIL,
        "subscriptions": [
            {"id": f"sub-{i:03d}", "scope": scope, "totalRequests": 1000 + i} for i in range(PAGED_COUNT)
        ],
    })
    ok("POST", "callbacks", {
        "account": PAGED_EMAIL,
        "callbacks": [
            {"id": f"cb-{i:03d}", "scope": "POST:sms.openapi.com/send", "httpResponseCode": 200}
            for i in range(PAGED_COUNT)
        ],
    })
    error = {"http": 404, "code": 180, "message": "Not Found"}
    for count in (100, 100, PAGED_COUNT - 200):
        ok("POST", "usage", {"account": PAGED_EMAIL, "scope": scope, "count": count, "error": error})
    ok("PUT", "wallet", {"account": PAGED_EMAIL, "credit": 1000.0})
    for _ in range(PAGED_COUNT - 1):
        ok("POST", "usage", {"account": PAGED_EMAIL, "scope": scope, "wallet_amount": 0.5})
    return PAGED_EMAIL


@pytest.fixture
def paged(emu: Emulator, _paged_account: str, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """The lookups against the paged account; request counts zeroed."""
    use_account(monkeypatch, emu.url, PAGED_EMAIL, PAGED_API_KEY)
    emu.reset_requests()
    return emu
