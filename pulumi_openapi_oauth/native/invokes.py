"""The 13 functions ``openapi-oauth:index:get*``, served from the Python lookups themselves.

Each invoke calls the lookup of the same name (:mod:`pulumi_openapi_oauth.lookups`): the same
argument checks, requests, per-process cache and result classes, so nothing is queried twice.
The lookups' calls are blocking (their ``OAuthClient`` runs ``AsyncOAuthClient``'s coroutines
on the process's I/O loop thread, :mod:`pulumi_openapi_oauth._loop`): each invoke waits for its
lookup in a worker thread (``asyncio.to_thread``), so the provider's event loop keeps serving
other calls meanwhile, and the HTTP itself is async. The provider's config reaches the
lookup through :data:`~pulumi_openapi_oauth.lookups._client.PROVIDER_CONFIG`, set in the
thread's own copy of the context.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

from pydantic.alias_generators import to_camel

from pulumi_openapi_oauth import lookups
from pulumi_openapi_oauth.lookups._client import PROVIDER_CONFIG
from pulumi_openapi_oauth.lookups._result import Result
from pulumi_openapi_oauth.native.schema import LOOKUPS, PACKAGE

__all__ = ["FUNCTIONS", "invoke", "result_values"]

#: ``openapi-oauth:index:getScopes`` -> ``lookups.get_scopes``.
FUNCTIONS: dict[str, Callable[..., Result]] = {
    f"{PACKAGE}:index:{to_camel(name)}": getattr(lookups, name) for name in LOOKUPS
}


def result_values(value: Any) -> Any:
    """A lookup result as plain JSON values keyed by its ``pulumi.property`` (wire) names,
    leaving out ``None`` fields as ``pulumi.export`` does."""
    if isinstance(value, Result):
        out: dict[str, Any] = {}
        for field in dir(type(value)):
            wire = getattr(getattr(getattr(type(value), field, None), "fget", None), "_pulumi_name", None)
            if isinstance(wire, str):
                item = getattr(value, field)
                if item is not None:
                    out[wire] = result_values(item)
        return out
    if isinstance(value, Mapping):
        return {str(k): result_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [result_values(v) for v in value]
    return value


async def invoke(token: str, args: Mapping[str, Any], config: Mapping[str, str]) -> dict[str, Any]:
    """Run the lookup named by ``token`` with snake_case ``args``, under ``config``.

    Raises KeyError for an unknown function and the lookup's OAuthError (its message starts
    with the lookup's name) for a bad argument or a failed request.
    """
    fn = FUNCTIONS[token]

    def run() -> Any:
        PROVIDER_CONFIG.set(dict(config))  # in this thread's copy of the context only
        return fn(**args)

    values: dict[str, Any] = result_values(await asyncio.to_thread(run))
    return values
