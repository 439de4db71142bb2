"""Old state keeps working: the provider pickle every existing stack holds.

``PICKLE`` is ``serialize_provider(TokenProvider())`` (the SDK's own serializer, dill by
reference) as produced at main 4b03833, before the Token moved into a package. Its bytes name
``pulumi_openapi_oauth._token_provider.TokenProvider``.
"""

from __future__ import annotations

import base64
from typing import Any

import dill
import httpx
import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_openapi_oauth.dynamic.provider import TokenProvider
from pulumi_openapi_oauth.token import resource
from tests.unit.token.token_fakes import GOOD, FakeService, configured

PICKLE = "gASVQAAAAAAAAACMJHB1bHVtaV9vcGVuYXBpX29hdXRoLl90b2tlbl9wcm92aWRlcpSMDVRva2VuUHJvdmlkZXKUk5QpgZR9lGIu"


def test_new_pickles_are_byte_identical_to_the_old_ones() -> None:
    # Same bytes: an existing stack's __provider input does not change under new code.
    assert serialize_provider(TokenProvider()) == PICKLE
    assert serialize_provider(resource._PROVIDER) == PICKLE  # the one every Token pickles


def test_old_pickle_loads_a_working_provider(service: FakeService, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("OPENAPI_OAUTH_EMAIL", "OPENAPI_OAUTH_API_KEY", "OPENAPI_OAUTH_BASE_URL", "OPENAPI_OAUTH_ENVIRONMENT"):
        monkeypatch.delenv(var, raising=False)
    raw = base64.b64decode(PICKLE)
    assert b"pulumi_openapi_oauth._token_provider\x94\x8c\rTokenProvider" in raw
    provider = dill.loads(raw)
    assert type(provider) is TokenProvider
    # The unpickled instance has no transport; give it the fake service's, as configure would a client.
    provider._transport = httpx.MockTransport(service.handler)
    configured(provider)
    try:
        checked = provider.check({}, dict(GOOD))
        assert checked.failures == []
        created = provider.create(checked.inputs)
        outs: dict[str, Any] = created.outs or {}
        assert created.id == outs["token_id"] and created.id.startswith("oatfp-")
        assert provider.diff(created.id, outs, checked.inputs).changes is False
        provider.delete(created.id, outs)
        assert service.requests == {
            "GET /scopes": 1,
            "POST /tokens": 1,
            "DELETE /tokens/{token}": 1,
        }
    finally:
        if provider._client is not None:
            provider._client.close()


def test_unpickled_provider_reports_missing_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("OPENAPI_OAUTH_EMAIL", "OPENAPI_OAUTH_API_KEY", "OPENAPI_OAUTH_BASE_URL", "OPENAPI_OAUTH_ENVIRONMENT"):
        monkeypatch.delenv(var, raising=False)
    provider = dill.loads(base64.b64decode(PICKLE))
    provider.configure(ConfigureRequest(Config({}, "test")))
    checked = provider.check({}, dict(GOOD))
    assert [f.property for f in checked.failures] == ["scopes"]
    assert "openapi-oauth:apiKey" in checked.failures[0].reason
