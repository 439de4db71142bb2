"""What every lookup shares besides the client and cache (:mod:`._client`): its error
context and the ``_output`` form.

- :func:`reported` starts every error message of a lookup with the lookup's name.
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
from collections.abc import Callable
from typing import Any, TypeVar

import pulumi

from pulumi_openapi_oauth.errors import OAuthError

__all__ = ["output_form", "reported"]

R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


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


def output_form(fn: Callable[..., R], **inputs: pulumi.Input[Any]) -> pulumi.Output[R]:
    """``fn(**inputs)`` once every input is known, run off the event loop, as an Output."""

    def run(values: dict[str, Any]) -> Any:
        return asyncio.to_thread(fn, **values)

    if not inputs:
        return pulumi.Output.from_input({}).apply(run)
    return pulumi.Output.all(**inputs).apply(run)
