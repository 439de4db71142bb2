"""Shared fakes of the Token unit tests: a tiny in-memory stand-in of the service for MockTransport tests of the Token provider.

It answers only what the provider uses (GET /scopes, /tokens CRUD) and counts requests by
``"METHOD /template"``, like the emulator's ``requests()``.
"""

from __future__ import annotations

import json
import secrets
from collections import Counter
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import httpx
from pulumi.dynamic import Config, ConfigureRequest

from pulumi_openapi_oauth._constants import TOKEN_TYPE
from pulumi_openapi_oauth.dynamic.provider import TokenProvider

EMAIL = "unit@example.test"
API_KEY = "unit-api-key-0123456789"
BASE_URL = "https://oauth.unit.test"

CATALOGUE = [
    ("GET", "company.openapi.com", "IT-start", True),
    ("GET", "company.openapi.com", "IT-advanced", True),
    ("GET", "company.openapi.com", "IT-full", False),
    ("POST", "sms.openapi.com", "send", True),
    ("GET", "sms.openapi.com", "messages", True),
]


class FakeService:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=timezone.utc)
        self.tokens: dict[str, dict[str, Any]] = {}
        self.requests: Counter[str] = Counter()
        self.fail: dict[str, tuple[int, str]] = {}

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def _iso(self, moment: datetime) -> str:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _reply(
        self, status: int, data: Any = None, message: str | None = None, code: int | None = None
    ) -> httpx.Response:
        body: dict[str, Any] = {"success": status < 400, "data": data}
        if message:
            body["message"] = message
        if code is not None:
            body["error"] = code
        return httpx.Response(status, json=body, headers={"Date": format_datetime(self.now, usegmt=True)})

    def _live(self, value: str) -> dict[str, Any] | None:
        tok = self.tokens.get(value)
        if tok is None or tok["_expire"] <= self.now:
            return None
        return tok

    def _public(self, tok: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in tok.items() if not k.startswith("_")} | {"expireAt": self._iso(tok["_expire"])}

    def handler(self, request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"].startswith("Basic ")
        path = request.url.path
        template = "/tokens/{token}" if path.startswith("/tokens/") else path
        key = f"{request.method} {template}"
        self.requests[key] += 1
        if key in self.fail:
            status, message = self.fail[key]
            return self._reply(status, message=message)
        body = json.loads(request.content) if request.content else {}
        if key == "GET /scopes":
            return self._reply(
                200,
                [
                    {"scope": f"{m}:{d}/{p}", "method": m, "domain": d, "endpoint": p, "enabled": e}
                    for m, d, p, e in CATALOGUE
                ],
            )
        if key == "POST /tokens":
            value = secrets.token_hex(12)
            ttl = body.get("ttl") or 30 * 24 * 3600
            created: dict[str, Any] = {
                "token": value,
                "refreshToken": secrets.token_hex(12),
                "name": body.get("name"),
                "scopes": body["scopes"],
                "limits": body.get("limits") or {},
                "createdAt": self._iso(self.now),
                "updatedAt": self._iso(self.now),
                "stats": {"totalRequests": 0},
                "_expire": self.now + timedelta(seconds=ttl),
            }
            self.tokens[value] = created
            return self._reply(200, self._public(created))
        if key == "GET /tokens":
            skip, limit = int(request.url.params["skip"]), int(request.url.params["limit"])
            live = [self._public(t) for v, t in self.tokens.items() if self._live(v)]
            return self._reply(200, live[skip : skip + limit])
        value = path.removeprefix("/tokens/")
        tok = self._live(value)
        if tok is None:
            # The spec's codes: 120 (GET), 160 (PATCH), 180 (DELETE).
            code = {"GET": 120, "PATCH": 160, "DELETE": 180}.get(request.method)
            return self._reply(404, message="token not found", code=code)
        if request.method == "GET":
            return self._reply(200, self._public(tok))
        if request.method == "PATCH":
            for field in ("name", "scopes", "limits"):
                if field in body:
                    tok[field] = body[field]
            if "ttl" in body:
                tok["_expire"] = self.now + timedelta(seconds=body["ttl"])
            tok["updatedAt"] = self._iso(self.now)
            return self._reply(200, self._public(tok))
        if request.method == "DELETE":
            del self.tokens[value]
            return self._reply(200, None)
        return self._reply(405)


def configured(provider: TokenProvider, **overrides: str) -> TokenProvider:
    values = {
        "openapi-oauth:email": EMAIL,
        "openapi-oauth:apiKey": API_KEY,
        "openapi-oauth:baseUrl": BASE_URL,
    }
    values.update({f"openapi-oauth:{k}": v for k, v in overrides.items()})
    provider.configure(ConfigureRequest(Config(values, "test")))
    return provider


GOOD = {
    "scopes": ["GET:company.openapi.com/IT-start", "POST:sms.openapi.com/send"],
    "__name_seed": f"urn:pulumi:test::p::{TOKEN_TYPE}::ci-deployer",
}
