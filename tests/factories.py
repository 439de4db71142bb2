"""Reusable builders for tests: HTTP clients, credentials and bodies for the emulator."""

from __future__ import annotations

import base64
from typing import Any

import httpx

__all__ = [
    "CREDENTIAL_VARS",
    "DEMO_API_KEY",
    "DEMO_EMAIL",
    "OTHER_API_KEY",
    "OTHER_EMAIL",
    "basic_header",
    "emulator_client",
    "token_body",
]

#: The environment variables the provider and the lookups read credentials from; tests that
#: choose their own credentials unset them.
CREDENTIAL_VARS = (
    "OPENAPI_OAUTH_EMAIL",
    "OPENAPI_OAUTH_API_KEY",
    "OPENAPI_OAUTH_BASE_URL",
    "OPENAPI_OAUTH_ENVIRONMENT",
)

DEMO_EMAIL = "demo@example.com"
DEMO_API_KEY = "demo-key"
OTHER_EMAIL = "other@example.com"
OTHER_API_KEY = "other-key"

#: Scopes enabled in the demo seed (GET:company.openapi.com/CH-start is disabled).
ENABLED_SCOPE = "GET:company.openapi.com/IT-start"
DISABLED_SCOPE = "GET:company.openapi.com/CH-start"


def emulator_client(
    base_url: str,
    *,
    email: str | None = DEMO_EMAIL,
    api_key: str | None = DEMO_API_KEY,
    timeout: float = 10.0,
    **kwargs: Any,
) -> httpx.Client:
    """An httpx client for the emulator, with Basic credentials unless ``email`` is None."""
    auth = httpx.BasicAuth(email, api_key or "") if email is not None else None
    return httpx.Client(base_url=base_url, auth=auth, timeout=timeout, **kwargs)


def basic_header(email: str, api_key: str) -> dict[str, str]:
    token = base64.b64encode(f"{email}:{api_key}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def token_body(*scopes: str, name: str | None = "test-token", ttl: int | None = None, **extra: Any) -> dict[str, Any]:
    """A TokenCreate body; the default scope is enabled in the demo seed."""
    body: dict[str, Any] = {"scopes": list(scopes) or [ENABLED_SCOPE]}
    if name is not None:
        body["name"] = name
    if ttl is not None:
        body["ttl"] = ttl
    body.update(extra)
    return body
