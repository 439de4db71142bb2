"""What every lookup shares: the error class, the per-process cache and the ``_output`` form.

- :func:`fetch` answers one service read through the per-process cache. The key is the
  account, the operation and its (normalised) arguments, so a lookup made twice with the same
  arguments in one program run costs one request; a read that is in flight is waited for, not
  repeated, when two threads ask at once. Failures are not cached.
- :func:`output_form` builds ``get_x_output``: it waits for every input with
  ``pulumi.Output.all`` and runs the blocking ``get_x`` in a worker thread
  (``asyncio.to_thread``, which copies the context, so the thread still sees the Pulumi
  settings and stack config). ``Output.apply`` calls its callback on the event loop and awaits
  an awaitable it returns, so the loop is never blocked by HTTP. When an input is unknown
  (during ``pulumi preview``) the lookup does not run and the result is unknown; a secret
  input makes the result secret.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, TypeVar

import pulumi

from pulumi_openapi_oauth.client import OAuthClient
from pulumi_openapi_oauth.errors import OAuthError
from pulumi_openapi_oauth.lookups import _client

__all__ = ["LookupError", "clear_cache", "fetch", "output_form", "reported"]

T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


class LookupError(OAuthError):
    """A lookup got a bad argument, or what it was asked for does not exist.

    Raised before any request for a bad argument (``argument`` names it) and after the
    service said "not found" (``not_found`` is true, chained from the client's
    :class:`~pulumi_openapi_oauth.errors.NotFoundError`). The message starts with the name of
    the lookup, e.g. ``get_subscription: no subscription with id 'abc'``. It is an
    :class:`~pulumi_openapi_oauth.errors.OAuthError`, so one ``except OAuthError`` covers
    every failure of a lookup (credentials, transport, service errors, bad arguments).

    The name shadows the built-in ``LookupError`` where it is imported unqualified; import
    the module (``oauth.LookupError``) to keep both.
    """

    def __init__(
        self, lookup: str, message: str, *, argument: str | None = None, not_found: bool = False
    ) -> None:
        super().__init__(f"{lookup}: {message}")
        self.lookup = lookup
        self.argument = argument
        self.not_found = not_found


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


def clear_cache() -> None:
    """Forget every cached answer (tests; a program never needs it)."""
    _CACHE.clear()


def reported(lookup: F) -> F:
    """Every OAuthError a lookup raises (ConfigError, 401, transport, service) starts with the
    lookup's name, e.g. ``get_wallet: missing Openapi OAuth credentials ...``. The class stays,
    and being a ``pulumi.RunError``, it ends a program with that one line, no traceback."""

    @functools.wraps(lookup)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return lookup(*args, **kwargs)
        except OAuthError as exc:
            exc.add_context(lookup.__name__)
            raise

    return wrapper  # type: ignore[return-value]


def fetch(operation: str, args: tuple[Hashable, ...], call: Callable[[OAuthClient], T]) -> T:
    """``call(client)`` once per account, ``operation`` and ``args`` in this process.

    The answer is shared: callers build fresh immutable results from it and never change it.
    """
    client, account = _client.current()
    return _CACHE.get((account, operation, args), lambda: call(client))


def output_form(fn: Callable[..., R], **inputs: pulumi.Input[Any]) -> pulumi.Output[R]:
    """``fn(**inputs)`` once every input is known, run off the event loop, as an Output."""

    def run(values: dict[str, Any]) -> Any:
        return asyncio.to_thread(fn, **values)

    if not inputs:
        return pulumi.Output.from_input({}).apply(run)
    return pulumi.Output.all(**inputs).apply(run)
