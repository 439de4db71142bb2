"""The console script ``pulumi-resource-openapi-oauth``: the provider's imports, then the server.

The CLI waits for a plugin's port before its first call, so the plugin's start-up is on the
path of every operation with the native provider. Importing pydantic, httpx, grpc and the core
and building the provider took 297-350 ms of CPU, 273-286 ms with the imports made without
collector passes and then frozen (:mod:`.._gc`; bench/README.md).
"""

from __future__ import annotations

from pulumi_openapi_oauth import _gc

__all__ = ["serve"]


def serve() -> None:
    """Import and build the provider (frozen imports), then serve until the CLI stops it."""
    with _gc.frozen_imports():
        from pulumi_openapi_oauth.native import provider

        start = provider.prepare()
    start()
