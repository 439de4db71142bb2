"""What the lookups share per process: one :class:`OAuthClient` per account, and its answers.

Settings resolve as for the Token resource: inside a Pulumi program the stack config
(``pulumi.Config("openapi-oauth")``: ``email``, ``apiKey``, ``baseUrl``, ``environment``)
comes first, then the environment (``OPENAPI_OAUTH_EMAIL``, ``OPENAPI_OAUTH_API_KEY``,
``OPENAPI_OAUTH_BASE_URL``, ``OPENAPI_OAUTH_ENVIRONMENT``). Outside a Pulumi program (plain
Python) only the environment counts. Settings are read on every lookup (it is cheap), so a
change of account gets its own client and its own cache entries; the key never holds the
API key itself, only a digest of it.

:func:`fetch` answers one service read through the per-process cache. The key is the
account, the operation and its (normalised) arguments, so a lookup made twice with the same
arguments in one program run costs one request; a read that is in flight is waited for, not
repeated, when two threads ask at once. Failures are not cached.
"""

from __future__ import annotations

import contextvars
import hashlib
import threading
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Future
from typing import Any, TypeVar

import httpx
import pulumi
from pulumi.runtime.settings import get_monitor

from pulumi_openapi_oauth._config import CONFIG_KEYS, NAMESPACE, Settings, resolve_settings
from pulumi_openapi_oauth.client import OAuthClient

__all__ = ["PROVIDER_CONFIG", "AccountKey", "current", "fetch", "program_config", "reset"]

T = TypeVar("T")

#: (base URL, email, SHA-256 of the API key): which account a cached answer belongs to.
AccountKey = tuple[str, str, str]

_lock = threading.Lock()
_clients: dict[AccountKey, OAuthClient] = {}
_transport: httpx.BaseTransport | None = None


def in_program() -> bool:
    """True while a Pulumi program (or a ``set_mocks`` test) is running in this context."""
    return get_monitor() is not None


#: The provider config of a front end that is not a Pulumi program (the native provider sets
#: it around each invoke it serves), in ``resolve_settings``'s form; wins over the stack config.
PROVIDER_CONFIG: contextvars.ContextVar[Mapping[str, str] | None] = contextvars.ContextVar(
    "openapi_oauth_provider_config", default=None
)


def program_config() -> dict[str, str]:
    """The ``openapi-oauth:*`` stack config as ``resolve_settings`` reads it; empty outside a
    Pulumi program. ``Config.get`` returns the decrypted value of a secret (``apiKey``)."""
    provided = PROVIDER_CONFIG.get()
    if provided is not None:
        return dict(provided)
    if not in_program():
        return {}
    config = pulumi.Config(NAMESPACE)
    found: dict[str, str] = {}
    for key in CONFIG_KEYS:
        value = config.get(key)
        if value:
            found[f"{NAMESPACE}:{key}"] = value
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
            client = OAuthClient(**settings.client_args(), transport=_transport)
            _clients[key] = client
    return client, key


def reset(*, transport: httpx.BaseTransport | None = None) -> None:
    """Close every client, forget every cached answer and use ``transport`` for new clients.

    For tests: a program run is one process, so a program never needs this.
    """
    global _transport
    with _lock:
        clients = list(_clients.values())
        _clients.clear()
        _transport = transport
    for client in clients:
        client.close()
    _CACHE.clear()


class _Cache:
    """Answers by key; one computation per key at a time, failures forgotten."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Hashable, Future[Any]] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            entry = self._entries.get(key)
            owner = entry is None
            if entry is None:
                entry = Future()
                self._entries[key] = entry
        if not owner:
            result: T = entry.result()
            return result
        try:
            value = compute()
        except BaseException as exc:
            with self._lock:
                self._entries.pop(key, None)
            entry.set_exception(exc)
            raise
        entry.set_result(value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_CACHE = _Cache()


def fetch(operation: str, args: tuple[Hashable, ...], call: Callable[[OAuthClient], T]) -> T:
    """``call(client)`` once per account, ``operation`` and ``args`` in this process.

    The answer is shared: callers build fresh immutable results from it and never change it.
    """
    client, account = current()
    return _CACHE.get((account, operation, args), lambda: call(client))
