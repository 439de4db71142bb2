"""Hostile input: always a 4xx in the service envelope, never a 500."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests._emulator import Emulator
from tests.factories import basic_header

TOKEN = "0" * 24


def _raw(emulator: Emulator, method: str, path: str, **kwargs: Any) -> httpx.Response:
    headers = {**basic_header(emulator.email, emulator.api_key), **kwargs.pop("headers", {})}
    with httpx.Client(base_url=emulator.url, timeout=10) as client:
        request = client.build_request(method, path, headers=headers, **kwargs)
        return client.send(request)


JSON = {"Content-Type": "application/json"}

CASES: list[tuple[str, str, dict[str, Any], int]] = [
    ("POST", "/tokens", {"content": b"{not json", "headers": JSON}, 422),
    ("POST", "/tokens", {"content": b'{"scopes": [NaN]}', "headers": JSON}, 422),
    ("POST", "/tokens", {"content": b'"\\ud800"', "headers": JSON}, 422),
    ("POST", "/tokens", {"content": b"\xff\xfe", "headers": JSON}, 422),
    ("POST", "/tokens", {"content": b"[" * 5000 + b"]" * 5000, "headers": JSON}, 422),
    ("POST", "/tokens", {"content": b"scopes=GET", "headers": {"Content-Type": "text/plain"}}, 422),
    (
        "POST",
        "/tokens",
        {
            "content": b'{"scopes": ["GET:company.openapi.com/IT-start"]}',
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        },
        422,
    ),
    ("POST", "/tokens", {"content": b"x" * (70 * 1024), "headers": JSON}, 413),
    ("POST", "/tokens", {"json": {"scopes": ["GET:company.openapi.com/IT-start"], "ttl": 10**40}}, 422),
    (
        "POST",
        "/tokens",
        {"json": {"scopes": ["GET:company.openapi.com/IT-start"], "limits": {"walletAmount": "lots"}}},
        422,
    ),
    ("PATCH", f"/tokens/{TOKEN}", {"content": b"{", "headers": JSON}, 422),
    ("PATCH", f"/tokens/{TOKEN}", {"content": b"x" * (70 * 1024), "headers": JSON}, 413),
    ("GET", "/tokens/..%2F..%2Fetc%2Fpasswd", {}, 404),
    ("GET", "/tokens/%2e%2e/%2e%2e/wallet", {}, 404),
    ("DELETE", "/tokens/..%2F..", {}, 404),
    ("GET", "/no/such/route", {}, 404),
    ("PUT", "/tokens", {"json": {}}, 405),
    ("GET", "/tokens", {"params": {"skip": "-1"}}, 200),
    ("GET", "/tokens", {"params": {"skip": str(10**30)}}, 200),
    ("GET", "/tokens", {"params": {"limit": str(10**30)}}, 422),
    ("GET", "/tokens", {"params": {"skip": "9" * 5000}}, 200),
    ("GET", "/tokens", {"params": {"skip": "-" + "9" * 5000, "limit": "-" + "9" * 5000}}, 200),
    ("GET", "/errors", {"params": {"limit": "9" * 5000}}, 400),
    ("GET", "/wallet/transactions", {"params": {"limit": "ten"}}, 400),
    ("GET", "/wallet/transactions", {"params": {"limit": "101"}}, 400),
    ("GET", "/wallet/transactions", {"params": {"skip": ""}}, 400),
    ("GET", "/stats/ips", {"params": {"date": ""}}, 422),
    ("GET", "/stats", {"params": {"date": "2026\n"}}, 422),
    ("GET", "/subscriptions", {"params": {"skip": "1e3"}}, 400),
    ("GET", "/stats", {"params": {"date": "2026-01-01' OR 1=1"}}, 422),
    ("GET", "/tokens", {"headers": {"Authorization": "Basic !!!not-base64"}}, 401),
    ("GET", "/tokens", {"headers": {"Authorization": "Basic " + "QQ==" * 2000}}, 401),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), CASES)
def test_hostile_input_answers_the_envelope(
    emulator: Emulator, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    response = _raw(emulator, method, path, **kwargs)
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"success", "message", "error", "data"}
    assert body["success"] is (status == 200)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/tokens", "GET, POST"),  # the spec's methods (PATCH /tokens only answers error 150)
        ("POST", f"/tokens/{TOKEN}", "DELETE, GET, PATCH"),
        ("DELETE", "/wallet", "GET"),
    ],
)
def test_405_names_the_allowed_methods(emulator: Emulator, method: str, path: str, allow: str) -> None:
    response = _raw(emulator, method, path)
    assert response.status_code == 405
    assert response.headers["Allow"] == allow
