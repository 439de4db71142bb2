"""One boundary between the Token provider's failures and what the Pulumi CLI prints.

The dynamic provider host (``python -m pulumi.dynamic``, SDK 3.272) wraps every provider
call in ``_abort_with_traceback``: any exception becomes ``traceback.format_exc()``, which
the CLI prints whole, so a user saw 18-40 lines of Python for a refused key or an HTTP 500.

:func:`reported` wraps each provider method. An :class:`~pulumi_openapi_oauth.errors.OAuthError`
leaving it gets the resource and the operation as a prefix and, where the cause does not say
it already, what to do; then the host's ``traceback`` name is pointed (once, lazily, only in
that host process) at :class:`_HostTraceback`, whose ``format_exc`` renders an OAuthError as
its message alone and anything else exactly as before. Other exceptions (bugs) keep their
traceback, and other dynamic providers in the same host are untouched.
"""

from __future__ import annotations

import functools
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pulumi_openapi_oauth.errors import (
    CreateOutcomeUnknownError,
    NotFoundError,
    OAuthError,
    RateLimitedError,
    ServerError,
    ValidationError,
)

__all__ = ["HOST_MODULE", "annotate", "reported"]

#: ``__spec__.name`` of the dynamic provider host's main module.
HOST_MODULE = "pulumi.dynamic.__main__"

F = TypeVar("F", bound=Callable[..., Any])

#: What the engine call is called in the CLI's vocabulary.
_OPERATIONS = {
    "check": "check (preview)",
    "diff": "diff",
    "create": "create",
    "read": "refresh (read)",
    "update": "update",
    "delete": "delete",
}

_install_lock = threading.Lock()


class _HostTraceback:
    """Stands in for the ``traceback`` module in the host: an OAuthError is one message."""

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)

    @staticmethod
    def format_exc(limit: int | None = None, chain: bool = True) -> str:
        exc = sys.exc_info()[1]
        if isinstance(exc, OAuthError):
            return str(exc)
        return traceback.format_exc(limit, chain)


def install_host_rendering() -> bool:
    """Point the dynamic host's ``traceback`` at :class:`_HostTraceback`; False elsewhere."""
    host = sys.modules.get("__main__")
    spec = getattr(host, "__spec__", None)
    if host is None or getattr(spec, "name", None) != HOST_MODULE:
        return False
    with _install_lock:
        current = getattr(host, "traceback", None)
        if current is traceback:
            host.traceback = _HostTraceback()  # type: ignore[attr-defined]
        return isinstance(getattr(host, "traceback", None), _HostTraceback)


def _subject(args: tuple[Any, ...]) -> str:
    """``Token 'name' (oatfp-...)`` from the engine call's arguments (id, then props)."""
    token_id = next((a for a in args if isinstance(a, str) and a), None)
    props = next((a for a in reversed(args) if isinstance(a, Mapping) and a), {})
    name = props.get("name")
    text = "Token"
    if isinstance(name, str) and name:
        text += f" {name[:100]!r}"
    if token_id:
        text += f" ({token_id})"
    return text


def _fix(exc: OAuthError, operation: str) -> str | None:
    """What the user can do, for the causes whose own message does not say it."""
    if isinstance(exc, CreateOutcomeUnknownError):
        return (
            "it is unknown whether the service made the token: look for a token of that name in your account "
            "(get it with Token.get or delete it) before running `pulumi up` again"
        )
    if isinstance(exc, ServerError):
        what = "state was not changed" if operation == "read" else "nothing was recorded in state"
        return f"the service failed; {what}, run the command again later"
    if isinstance(exc, RateLimitedError):
        return "the service is rate limiting this account; wait a minute and run the command again"
    if isinstance(exc, NotFoundError) and operation in ("update", "diff"):
        return "the token no longer exists on the service: run `pulumi refresh`, then `pulumi up` recreates it"
    if isinstance(exc, ValidationError):
        return "the service rejected the request; correct the input it names"
    return None


def annotate(exc: OAuthError, operation: str, args: tuple[Any, ...]) -> None:
    """Add the fix and the ``Token 'name' (id): <operation> failed`` context to ``exc``.

    ``args`` are the engine call's arguments after ``self`` (id, then props). Both front ends
    call this: the dynamic provider through :func:`reported`, the native one directly.
    """
    fix = _fix(exc, operation)
    if fix:
        exc.add_hint(fix)
    exc.add_context(f"{_subject(args)}: {_OPERATIONS.get(operation, operation)} failed")


def reported(operation: str) -> Callable[[F], F]:
    """Decorate a provider method so its OAuthErrors reach the CLI as one sentence."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except OAuthError as exc:
                annotate(exc, operation, args[1:])
                install_host_rendering()
                raise

        return wrapper  # type: ignore[return-value]

    return decorate
