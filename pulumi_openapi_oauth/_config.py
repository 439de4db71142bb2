"""Where credentials and the endpoint come from: stack config first, then the environment.

Resolved in the provider's ``configure`` (and by the lookups in the program's process), so
they never become resource inputs, never reach state and are never pickled.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple, TypedDict
from urllib.parse import urlsplit

from pulumi_openapi_oauth.errors import ConfigError

__all__ = [
    "CONFIG_KEYS",
    "CREDENTIALS_HINT",
    "ENDPOINTS",
    "NAMESPACE",
    "REFUSED_CREDENTIALS_HINT",
    "ClientArgs",
    "ConfigError",
    "Endpoint",
    "Settings",
    "resolve_endpoint",
    "resolve_settings",
]

ENDPOINTS = {
    "production": "https://oauth.openapi.com",
    "sandbox": "https://test.oauth.openapi.com",
}

#: The stack config namespace of the provider's settings (``openapi-oauth:email``...).
NAMESPACE = "openapi-oauth"

#: The provider's stack config keys, read in ``configure`` and by the lookups.
CONFIG_KEYS = ("email", "apiKey", "baseUrl", "environment")

#: The fix for refused or missing credentials; the one copy every message uses.
CREDENTIALS_HINT = (
    f"set them with `pulumi config set --secret {NAMESPACE}:email <e-mail>` and "
    f"`pulumi config set --secret {NAMESPACE}:apiKey <key>`, or the environment variables "
    "OPENAPI_OAUTH_EMAIL and OPENAPI_OAUTH_API_KEY"
)

#: Added to a 401/403 answer to a request made with the account's credentials.
REFUSED_CREDENTIALS_HINT = f"the service refused the credentials: {CREDENTIALS_HINT}"


class Endpoint(NamedTuple):
    """The service URL and the setting that chose it, so a failure can name both."""

    url: str
    source: str


class ClientArgs(TypedDict):
    """What ``OAuthClient``/``AsyncOAuthClient`` take from :class:`Settings`."""

    base_url: str
    endpoint_source: str
    email: str
    api_key: str


@dataclass(frozen=True)
class Settings:
    base_url: str
    email: str
    api_key: str = field(repr=False)
    #: The setting that chose ``base_url`` (``openapi-oauth:baseUrl``, ``OPENAPI_OAUTH_BASE_URL``...).
    base_url_source: str = "the default (production)"

    def __repr__(self) -> str:
        return f"Settings(base_url={self.base_url!r}, email=<set>, api_key=<set>)"

    def client_args(self) -> ClientArgs:
        """The keyword arguments of ``OAuthClient``/``AsyncOAuthClient`` for these settings."""
        return ClientArgs(
            base_url=self.base_url, endpoint_source=self.base_url_source, email=self.email, api_key=self.api_key
        )


def _pick(config: Mapping[str, str], key: str, env: str, environ: Mapping[str, str]) -> str | None:
    for k in (f"{NAMESPACE}:{key}", key):
        value = config.get(k)
        if value:
            return value
    return environ.get(env) or None


def resolve_endpoint(
    *,
    base_url: str | None,
    environment: str | None,
    environ: Mapping[str, str] | None = None,
    base_url_source: str = f"{NAMESPACE}:baseUrl",
    environment_source: str = f"{NAMESPACE}:environment",
) -> Endpoint:
    """An explicit URL wins, then ``environment``, then OPENAPI_OAUTH_BASE_URL, then
    OPENAPI_OAUTH_ENVIRONMENT, then production.

    A URL that can never work (no ``http://``/``https://`` scheme, no host) raises
    :class:`ConfigError` here, before any request or retry.
    """
    environ = os.environ if environ is None else environ
    if base_url:
        return _usable(base_url, base_url_source)
    if environment:
        return _named(environment, environment_source)
    if environ.get("OPENAPI_OAUTH_BASE_URL"):
        return _usable(environ["OPENAPI_OAUTH_BASE_URL"], "OPENAPI_OAUTH_BASE_URL")
    env_name = environ.get("OPENAPI_OAUTH_ENVIRONMENT")
    if env_name:
        return _named(env_name, "OPENAPI_OAUTH_ENVIRONMENT")
    return Endpoint(ENDPOINTS["production"], "the default (production)")


def _named(environment: str, source: str) -> Endpoint:
    if environment not in ENDPOINTS:
        raise ConfigError(
            f"{source} is {environment[:60]!r}, an unknown environment: use 'production' or "
            f"'sandbox', or set {NAMESPACE}:baseUrl to the service's URL"
        )
    return Endpoint(ENDPOINTS[environment], source)


def _usable(url: str, source: str) -> Endpoint:
    """``url`` without a trailing slash, or a ConfigError naming ``source`` and the fix."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        if "://" not in url:
            why = "has no http:// or https:// scheme"
        elif parts.scheme not in ("http", "https"):
            why = f"uses the unsupported scheme {parts.scheme[:20]!r}"
        else:
            why = "has no host"
        raise ConfigError(
            f"{source} is {url[:100]!r}, which {why}: set it to the service's root URL, e.g. "
            f"https://oauth.openapi.com, or http://127.0.0.1:8080 for the local emulator"
        )
    return Endpoint(url.rstrip("/"), source)


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
        f"{NAMESPACE}:{key} (or {env})"
        for key, env, value in (
            ("email", "OPENAPI_OAUTH_EMAIL", email),
            ("apiKey", "OPENAPI_OAUTH_API_KEY", api_key),
        )
        if not value
    ]
    if missing:
        raise ConfigError(f"missing Openapi OAuth credentials {' and '.join(missing)}: {CREDENTIALS_HINT}")
    assert email is not None and api_key is not None
    endpoint = resolve_endpoint(
        base_url=config.get(f"{NAMESPACE}:baseUrl") or config.get("baseUrl"),
        environment=config.get(f"{NAMESPACE}:environment") or config.get("environment"),
        environ=environ,
    )
    return Settings(base_url=endpoint.url, email=email, api_key=api_key, base_url_source=endpoint.source)
