"""Credentials, endpoint and the one :class:`OAuthClient` per process that the lookups share.

Settings resolve as for the Token resource: inside a Pulumi program the stack config
(``pulumi.Config("openapi-oauth")``: ``email``, ``apiKey``, ``baseUrl``, ``environment``)
comes first, then the environment (``OPENAPI_OAUTH_EMAIL``, ``OPENAPI_OAUTH_API_KEY``,
``OPENAPI_OAUTH_BASE_URL``, ``OPENAPI_OAUTH_ENVIRONMENT``). Outside a Pulumi program (plain
Python) only the environment counts. Settings are read on every lookup (it is cheap), so a
change of account gets its own client and its own cache entries; the key never holds the
API key itself, only a digest of it.
"""

from __future__ import annotations

import hashlib
import threading

import httpx
import pulumi
from pulumi.runtime.settings import get_monitor

from pulumi_openapi_oauth._config import Settings, resolve_settings
from pulumi_openapi_oauth.client import OAuthClient

__all__ = ["AccountKey", "current", "program_config", "reset"]

_NS = "openapi-oauth"
_KEYS = ("email", "apiKey", "baseUrl", "environment")

#: (base URL, email, SHA-256 of the API key): which account a cached answer belongs to.
AccountKey = tuple[str, str, str]

_lock = threading.Lock()
_clients: dict[AccountKey, OAuthClient] = {}
_transport: httpx.BaseTransport | None = None


def in_program() -> bool:
    """True while a Pulumi program (or a ``set_mocks`` test) is running in this context."""
    return get_monitor() is not None


def program_config() -> dict[str, str]:
    """The ``openapi-oauth:*`` stack config as ``resolve_settings`` reads it; empty outside a
    Pulumi program. ``Config.get`` returns the decrypted value of a secret (``apiKey``)."""
    if not in_program():
        return {}
    config = pulumi.Config(_NS)
    found: dict[str, str] = {}
    for key in _KEYS:
        value = config.get(key)
        if value:
            found[f"{_NS}:{key}"] = value
    return found


def _account(settings: Settings) -> AccountKey:
    digest = hashlib.sha256(settings.api_key.encode()).hexdigest()
    return (settings.base_url, settings.email, digest)


def current() -> tuple[OAuthClient, AccountKey]:
    """The shared client for the current settings, and the key of its account."""
    settings = resolve_settings(program_config())
    key = _account(settings)
    with _lock:
        client = _clients.get(key)
        if client is None:
            client = OAuthClient(
                base_url=settings.base_url,
                endpoint_source=settings.base_url_source,
                email=settings.email,
                api_key=settings.api_key,
                transport=_transport,
            )
            _clients[key] = client
    return client, key


def reset(*, transport: httpx.BaseTransport | None = None) -> None:
    """Close every client, forget every cached answer and use ``transport`` for new clients.

    For tests: a program run is one process, so a program never needs this.
    """
    global _transport
    from pulumi_openapi_oauth.lookups._invoke import clear_cache

    with _lock:
        clients = list(_clients.values())
        _clients.clear()
        _transport = transport
    for client in clients:
        client.close()
    clear_cache()
