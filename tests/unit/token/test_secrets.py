"""No output but token/refresh_token, no log line, no exception text and no pickle carries the
token value, the refresh token, the email or the API key."""

from __future__ import annotations

import base64
import logging
from typing import Any

import pytest
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_openapi_oauth.dynamic.provider import TokenProvider
from pulumi_openapi_oauth.errors import APIError, NotFoundError
from pulumi_openapi_oauth.token.core import SECRET_OUTPUTS
from tests.unit.token.token_fakes import API_KEY, BASE_URL, EMAIL, FakeService


def _secrets(outs: dict[str, Any]) -> list[str]:
    return [outs["token"], outs["refresh_token"], EMAIL, API_KEY]


def test_outputs_logs_and_pickle_hold_no_secret(
    provider: TokenProvider, service: FakeService, good: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    inputs = provider.check({}, good | {"limits": {"total_requests": 3}}).inputs
    created = provider.create(inputs)
    outs = created.outs or {}
    news = provider.check(inputs, good | {"scopes": ["GET:company.openapi.com/IT-start"]}).inputs
    updated = provider.update(created.id, outs, news).outs or {}
    read = provider.read(created.id, updated)
    provider.delete(created.id, updated)
    provider.delete(created.id, updated)
    secrets = _secrets(outs)
    for result in (outs, updated, read.outs or {}, read.inputs or {}):
        for key, value in result.items():
            if key in SECRET_OUTPUTS:
                continue
            for secret in secrets:
                assert secret not in repr(value), key
    assert created.id not in (outs["token"], outs["refresh_token"])
    for record in caplog.records:
        if record.name.startswith("httpx"):
            continue  # see test_httpx_request_log_lines_hold_no_token
        for secret in secrets:
            assert secret not in record.getMessage()
    raw = base64.b64decode(serialize_provider(provider))
    for text in (*secrets, BASE_URL):
        assert text.encode() not in raw


def test_failing_patch_error_text_has_no_token(
    provider: TokenProvider, service: FakeService, good: dict[str, Any]
) -> None:
    inputs = provider.check({}, good).inputs
    outs = provider.create(inputs).outs or {}
    service.fail["PATCH /tokens/{token}"] = (422, f"token {outs['token']} cannot take scope x")
    news = provider.check(inputs, good | {"name": "new name"}).inputs
    with pytest.raises(APIError) as info:
        provider.update(outs["token_id"], outs, news)
    text = "".join([str(info.value), repr(info.value), *map(str, info.value.args)])
    for secret in _secrets(outs):
        assert secret not in text
    assert "oatfp-" in text  # the value was replaced by its fingerprint


def test_adopting_a_missing_token_names_only_its_fingerprint(provider: TokenProvider, good: dict[str, Any]) -> None:
    value = "a" * 24
    inputs = provider.check({}, good | {"adopt_token": value}).inputs
    with pytest.raises(NotFoundError) as info:
        provider.create(inputs)
    assert value not in str(info.value) and "adopt_token" in str(info.value)


def test_pickled_instance_holds_nothing(provider: TokenProvider) -> None:
    provider.catalogue()
    assert provider.__getstate__() == {}
    assert repr(provider) == "TokenProvider()"


def test_httpx_request_log_lines_hold_no_token(
    provider: TokenProvider, good: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    outs = provider.create(provider.check({}, good).inputs).outs or {}
    provider.read(outs["token_id"], outs)
    assert all(outs["token"] not in r.getMessage() for r in caplog.records)
