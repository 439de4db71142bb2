"""Where credentials and the endpoint come from: stack config first, then the environment.

Resolved in the provider's ``configure`` (and by the lookups in the program's process), so
they never become resource inputs, never reach state and are never pickled.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "ENDPOINTS",
    "ConfigError",
    "Settings",
    "resolve_settings",
]

ENDPOINTS = {
    "production": "https://oauth.openapi.com",
    "sandbox": "https://test.oauth.openapi.com",
}

_NS = "openapi-oauth"


class ConfigError(ValueError):
    """Credentials or endpoint are missing or contradictory; the message names the keys."""


@dataclass(frozen=True)
class Settings:
    base_url: str
    email: str
    api_key: str = field(repr=False)

    def __repr__(self) -> str:
        return f"Settings(base_url={self.base_url!r}, email=<set>, api_key=<set>)"


def _pick(config: Mapping[str, str], key: str, env: str, environ: Mapping[str, str]) -> str | None:
    for k in (f"{_NS}:{key}", key):
        value = config.get(k)
        if value:
            return value
    return environ.get(env) or None


def resolve_base_url(
    *,
    base_url: str | None,
    environment: str | None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """An explicit URL wins, then ``environment``, then OPENAPI_OAUTH_BASE_URL, then
    OPENAPI_OAUTH_ENVIRONMENT, then production."""
    environ = os.environ if environ is None else environ
    if base_url:
        return base_url.rstrip("/")
    if environment:
        if environment not in ENDPOINTS:
            raise ConfigError(
                f"unknown environment {environment!r}: set openapi-oauth:environment to "
                f"'production' or 'sandbox', or set openapi-oauth:baseUrl"
            )
        return ENDPOINTS[environment]
    if environ.get("OPENAPI_OAUTH_BASE_URL"):
        return environ["OPENAPI_OAUTH_BASE_URL"].rstrip("/")
    env_name = environ.get("OPENAPI_OAUTH_ENVIRONMENT")
    if env_name:
        return resolve_base_url(base_url=None, environment=env_name, environ={})
    return ENDPOINTS["production"]


def resolve_settings(
    config: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Settings from stack config (``openapi-oauth:email``, ``:apiKey``, ``:baseUrl``,
    ``:environment``) with the environment as fallback; raises :class:`ConfigError`."""
    config = config or {}
    environ = os.environ if environ is None else environ
    email = _pick(config, "email", "OPENAPI_OAUTH_EMAIL", environ)
    api_key = _pick(config, "apiKey", "OPENAPI_OAUTH_API_KEY", environ)
    missing = [
        f"{_NS}:{key} (or {env})"
        for key, env, value in (
            ("email", "OPENAPI_OAUTH_EMAIL", email),
            ("apiKey", "OPENAPI_OAUTH_API_KEY", api_key),
        )
        if not value
    ]
    if missing:
        raise ConfigError(
            "missing Openapi OAuth credentials: set "
            + " and ".join(missing)
            + ", e.g. `pulumi config set openapi-oauth:email you@example.com` and "
            "`pulumi config set --secret openapi-oauth:apiKey <key>`"
        )
    assert email is not None and api_key is not None
    base = resolve_base_url(
        base_url=config.get(f"{_NS}:baseUrl") or config.get("baseUrl"),
        environment=config.get(f"{_NS}:environment") or config.get("environment"),
        environ=environ,
    )
    return Settings(base_url=base, email=email, api_key=api_key)
