"""Fixtures of the Token unit tests (the fakes live in token_fakes.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from token_fakes import GOOD, FakeService, configured

from pulumi_openapi_oauth.dynamic.provider import TokenProvider


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def provider(service: FakeService, monkeypatch: pytest.MonkeyPatch) -> Iterator[TokenProvider]:
    for var in ("OPENAPI_OAUTH_EMAIL", "OPENAPI_OAUTH_API_KEY", "OPENAPI_OAUTH_BASE_URL", "OPENAPI_OAUTH_ENVIRONMENT"):
        monkeypatch.delenv(var, raising=False)
    prov = configured(TokenProvider(transport=httpx.MockTransport(service.handler)))
    yield prov
    if prov._client is not None:
        prov._client.close()


@pytest.fixture
def good() -> dict[str, Any]:
    return json.loads(json.dumps(GOOD))
