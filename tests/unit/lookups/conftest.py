"""Fixtures of the lookup tests: a fake service on httpx.MockTransport, the emulator, mocks
(the fakes and accounts live in lookups_fakes.py).

Every test starts with no OPENAPI_OAUTH_* variables, no shared client and an empty lookup
cache; the fixtures below then point the lookups at one backend.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pulumi_openapi_oauth.lookups import _client
from tests._emulator import Emulator
from tests.factories import CREDENTIAL_VARS
from tests.unit.lookups.lookups_fakes import (
    FAKE_URL,
    PAGED_API_KEY,
    PAGED_EMAIL,
    SEEDED_API_KEY,
    SEEDED_EMAIL,
    FakeService,
    add_paged_account,
    add_seeded_account,
    use_account,
)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in CREDENTIAL_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("PULUMI_CONFIG", raising=False)
    _client.reset()
    yield
    _client.reset()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeService:
    """The lookups against a :class:`FakeService` at http://oauth.test."""
    service = FakeService()
    use_account(monkeypatch, FAKE_URL, "ops@example.com", "secret-key")
    _client.reset(transport=httpx.MockTransport(service))
    return service


@pytest.fixture(scope="session")
def _seeded_account(emulator: Emulator) -> str:
    return add_seeded_account(emulator)


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
    return add_paged_account(emulator)


@pytest.fixture
def paged(emu: Emulator, _paged_account: str, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """The lookups against the paged account; request counts zeroed."""
    use_account(monkeypatch, emu.url, PAGED_EMAIL, PAGED_API_KEY)
    emu.reset_requests()
    return emu
