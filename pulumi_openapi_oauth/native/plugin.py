"""The console script ``pulumi-resource-openapi-oauth``: the provider's imports, then the server.

The CLI waits for a plugin's port before its first call, so the plugin's start-up is on the
path of every operation with the native provider. The collector's passes over the heap while
pydantic, httpx, grpc and the core load cost about 50 of its 320 ms of CPU (bench/README.md);
they are paused for the imports (:mod:`.._gc`).
"""

from __future__ import annotations

from pulumi_openapi_oauth import _gc

__all__ = ["serve"]


def serve() -> None:
    """Import and build the provider with the collector paused, then serve until the CLI stops it."""
    with _gc.frozen_imports():
        from pulumi_openapi_oauth.native import provider

        start = provider.prepare()
    start()
