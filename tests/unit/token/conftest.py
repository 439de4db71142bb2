"""Fixtures of the Token unit tests (the fakes live in token_fakes.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pulumi_openapi_oauth.dynamic.provider import TokenProvider
from tests.factories import CREDENTIAL_VARS
from tests.unit.token.token_fakes import GOOD, FakeService, configured


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def provider(service: FakeService, monkeypatch: pytest.MonkeyPatch) -> Iterator[TokenProvider]:
    for var in CREDENTIAL_VARS:
        monkeypatch.delenv(var, raising=False)
    prov = configured(TokenProvider(transport=httpx.MockTransport(service.handler)))
    yield prov
    if prov._client is not None:
        prov._client.close()


@pytest.fixture
def good() -> dict[str, Any]:
    fresh: dict[str, Any] = json.loads(json.dumps(GOOD))
    return fresh
