"""The provider's one error boundary: each failure names the Token, the operation, the cause
and the fix, and the dynamic host prints it as that one sentence (no traceback)."""

from __future__ import annotations

import sys
import traceback
import types
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pulumi_openapi_oauth import _provider_errors
from pulumi_openapi_oauth._provider_errors import HOST_MODULE, install_host_rendering
from pulumi_openapi_oauth.dynamic.provider import TokenProvider
from pulumi_openapi_oauth.errors import CreateOutcomeUnknownError, ServerError, UnauthorizedError
from tests.unit.token.token_fakes import FakeService, configured


def _provider(handler: Any) -> TokenProvider:
    return configured(TokenProvider(transport=httpx.MockTransport(handler)))


def _created(service: FakeService, good: dict[str, Any]) -> tuple[TokenProvider, dict[str, Any], str]:
    provider = _provider(service.handler)
    made = provider.create(provider.check({}, good).inputs)
    assert made.outs is not None
    return provider, made.outs, made.id


def test_http_500_during_refresh_is_one_sentence(service: FakeService, good: dict[str, Any]) -> None:
    _, outs, token_id = _created(service, good)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.startswith("/tokens/"):
            return httpx.Response(
                500, json={"success": False, "message": "Internal error", "error": None, "data": None}
            )
        return service.handler(request)

    with pytest.raises(ServerError) as info:
        _provider(handler).read(token_id, outs)
    text = str(info.value)
    assert text == (
        f"Token {outs['name']!r} ({token_id}): refresh (read) failed: GET /tokens/{token_id} -> HTTP 500: "
        "Internal error; the service failed; state was not changed, run the command again later"
    )
    assert outs["token"] not in text


def test_an_ambiguous_lost_create_says_what_to_check(service: FakeService, good: dict[str, Any]) -> None:
    provider = _provider(service.handler)
    inputs = provider.check({}, good).inputs
    provider.create(inputs)  # a token with this name and these scopes now exists...
    provider.create(inputs)  # ...twice (as two lost responses could leave it)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            raise httpx.ReadTimeout("lost", request=request)
        return service.handler(request)

    with pytest.raises(CreateOutcomeUnknownError) as info:
        _provider(handler).create(inputs)
    text = str(info.value)
    assert text.startswith(
        f"Token {inputs['name']!r}: create failed: POST /tokens: 2 tokens are named {inputs['name']!r}"
    )
    assert "look for a token of that name in your account" in text
    assert "\n" not in text


def test_refused_credentials_at_update_name_the_token_and_the_keys(service: FakeService, good: dict[str, Any]) -> None:
    _, outs, token_id = _created(service, good)
    provider = _provider(
        lambda r: httpx.Response(401, json={"success": False, "message": "Unauthorized", "error": 140})
    )
    with pytest.raises(UnauthorizedError) as info:
        provider.update(token_id, outs, {**outs, "name": "renamed"})
    text = str(info.value)
    assert text.startswith(f"Token 'renamed' ({token_id}): update failed: PATCH /tokens/{token_id} -> HTTP 401")
    assert text.count("pulumi config set --secret openapi-oauth:apiKey") == 1


@pytest.fixture
def fake_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    """A ``__main__`` that looks like ``python -m pulumi.dynamic`` (it imports traceback)."""
    host = types.ModuleType("__main__")
    host.__spec__ = types.SimpleNamespace(name=HOST_MODULE)  # type: ignore[assignment]
    host.traceback = traceback  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "__main__", host)
    yield host


def _host_renders(host: types.ModuleType, exc: BaseException) -> str:
    """What the host's ``_abort_with_traceback`` sends to the CLI for ``exc``."""
    try:
        raise exc
    except Exception:
        rendered: str = host.traceback.format_exc()
    return rendered


def test_the_host_renders_our_errors_as_their_message_and_others_unchanged(
    fake_host: types.ModuleType, service: FakeService, good: dict[str, Any]
) -> None:
    _, outs, token_id = _created(service, good)
    broken = _provider(lambda r: httpx.Response(503, json={"success": False, "message": "down", "error": None}))
    broken.client().max_retries = 0
    with pytest.raises(ServerError) as info:
        broken.delete(token_id, outs)
    # The failing call installed the host's renderer.
    assert isinstance(fake_host.traceback, _provider_errors._HostTraceback)
    assert _host_renders(fake_host, info.value) == str(info.value)
    assert "Traceback" not in _host_renders(fake_host, info.value)
    assert _host_renders(fake_host, KeyError("bug")).startswith("Traceback (most recent call last)")
    assert fake_host.traceback.print_exc is traceback.print_exc


def test_nothing_is_installed_outside_the_dynamic_host() -> None:
    assert install_host_rendering() is False
    assert not isinstance(getattr(sys.modules["__main__"], "traceback", None), _provider_errors._HostTraceback)
