"""The plugin ``pulumi-resource-openapi-oauth``: the package ``openapi-oauth`` over gRPC.

Served by ``pulumi.provider.experimental`` (SDK 3.272), which runs every call as a coroutine
on one event loop: all I/O here is async (the Token core awaits
:class:`~pulumi_openapi_oauth.client.AsyncOAuthClient`; the lookups run in worker threads),
so ``pulumi up --parallel 32`` has 32 creates in flight at once.

Config: the provider sees only its own keys (``email``, ``apiKey``, ``baseUrl``,
``environment``), as ``configure``'s ``args``; unset keys fall back to the ``OPENAPI_OAUTH_*``
environment variables (:func:`~pulumi_openapi_oauth._config.resolve_settings`, the one rule).
``check_config`` marks ``apiKey`` secret, so state holds it as ciphertext. The process's
environment carries ``PULUMI_CONFIG`` with the key decrypted: nothing here logs the environment.

Facts about the protocol and the CLI this relies on: docs/native-provider-notes.md.
"""

from __future__ import annotations

import importlib.metadata
import json
import sys
import traceback
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import httpx
from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import PropertyValue
from pydantic.alias_generators import to_snake

from pulumi_openapi_oauth._config import CONFIG_KEYS, NAMESPACE, resolve_settings
from pulumi_openapi_oauth._names import Spoken
from pulumi_openapi_oauth.client import AsyncOAuthClient
from pulumi_openapi_oauth.errors import OAuthError
from pulumi_openapi_oauth.native import invokes
from pulumi_openapi_oauth.native.schema import SCHEMA_PATH, TOKEN_TYPE
from pulumi_openapi_oauth.native.token import TokenResource
from pulumi_openapi_oauth.native.values import from_wire, to_wire
from pulumi_openapi_oauth.token.core import TokenCore

__all__ = ["OpenapiOAuthProvider", "prepare"]


def _config(args: Mapping[str, PropertyValue]) -> dict[str, str]:
    """``configure``'s args as ``resolve_settings`` reads them (``openapi-oauth:apiKey``...)."""
    found: dict[str, str] = {}
    for key in CONFIG_KEYS:
        value = args.get(key)
        if value is not None and isinstance(value.value, str) and value.value:
            found[f"{NAMESPACE}:{key}"] = value.value
    return found


class OpenapiOAuthProvider(p.Provider):
    """Schema, config, the Token resource and the 13 functions of ``openapi-oauth``."""

    def __init__(self, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._transport = transport
        self._schema_text = SCHEMA_PATH.read_text()
        self._schema: dict[str, Any] = json.loads(self._schema_text)
        self._config: dict[str, str] = {}
        self._client: AsyncOAuthClient | None = None
        self._core = TokenCore(self._connect)
        self._token = TokenResource(self._core, self._schema)

    def _connect(self) -> AsyncOAuthClient:
        """The client for the configured account (called by the core on first use)."""
        self._client = AsyncOAuthClient(**resolve_settings(self._config).client_args(), transport=self._transport)
        return self._client

    def _resource(self, urn: str) -> TokenResource:
        kind = urn.split("::")[2] if urn.count("::") >= 3 else ""
        if kind != TOKEN_TYPE:
            raise NotImplementedError(f"unknown resource type {kind!r}")
        return self._token

    # -- package ----------------------------------------------------------------------------

    async def get_schema(self, request: p.GetSchemaRequest) -> p.GetSchemaResponse:
        return p.GetSchemaResponse(schema=self._schema_text)

    async def check_config(self, request: p.CheckRequest) -> p.CheckResponse:
        """Only the provider's own keys, the API key secret."""
        secret = {k for k, spec in self._schema["provider"]["inputProperties"].items() if spec.get("secret")}
        inputs = {
            k: v.with_secret(True) if k in secret else v
            for k, v in request.new_inputs.items()
            if k in CONFIG_KEYS or k == "version"
        }
        return p.CheckResponse(inputs=inputs)

    async def configure(self, request: p.ConfigureRequest) -> p.ConfigureResponse:
        self._config = _config(request.args)
        old, self._client = self._client, None
        self._core.reset()
        if old is not None:
            await old.aclose()
        # No preview create/update (their outputs stay unknown), no resource references, no
        # output values (PropertyValue cannot read them without dependencies, SDK 3.272).
        return p.ConfigureResponse(accept_secrets=True, supports_preview=False)

    # -- functions --------------------------------------------------------------------------

    async def invoke(self, request: p.InvokeRequest) -> p.InvokeResponse:
        spec = self._schema["functions"].get(request.tok)
        if spec is None:
            raise NotImplementedError(f"unknown function {request.tok!r}")
        types = self._schema["types"]
        args = from_wire(request.args, spec.get("inputs", {}).get("properties", {}), types)
        try:
            values = await invokes.invoke(request.tok, {to_snake(k): v for k, v in args.items()}, self._config)
        except OAuthError as exc:
            spoken = Spoken([request.tok.rsplit(":", 1)[-1], *spec.get("inputs", {}).get("properties", {})])
            return p.InvokeResponse(failures=[p.CheckFailure("", spoken(str(exc)))])
        return p.InvokeResponse(return_value=to_wire(values, spec["outputs"]["properties"], types))

    # -- the Token --------------------------------------------------------------------------

    async def check(self, request: p.CheckRequest) -> p.CheckResponse:
        return await self._resource(request.urn).check(request)

    async def diff(self, request: p.DiffRequest) -> p.DiffResponse:
        return await self._resource(request.urn).diff(request)

    async def create(self, request: p.CreateRequest) -> p.CreateResponse:
        return await self._resource(request.urn).create(request)

    async def read(self, request: p.ReadRequest) -> p.ReadResponse:
        return await self._resource(request.urn).read(request)

    async def update(self, request: p.UpdateRequest) -> p.UpdateResponse:
        return await self._resource(request.urn).update(request)

    async def delete(self, request: p.DeleteRequest) -> None:
        await self._resource(request.urn).delete(request)


class _ServerTraceback:
    """Stands in for ``traceback`` in ``pulumi.provider.experimental.server``, whose wrapper sends
    every exception as ``f"{e}:\\n{traceback}"``: an OAuthError (already one sentence naming the
    Token, the operation, the cause and the fix) goes without the Python frames."""

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)

    @staticmethod
    def extract_tb(tb: TracebackType | None, limit: int | None = None) -> traceback.StackSummary:
        if isinstance(sys.exc_info()[1], OAuthError):
            return traceback.StackSummary()
        return traceback.extract_tb(tb, limit)


def prepare() -> Callable[[], None]:
    """The server of ``pulumi-resource-openapi-oauth`` (:mod:`.plugin`), built and ready to run:
    the CLI starts the plugin with the engine's address and reads the port it prints."""
    from pulumi.provider.experimental import server
    from pulumi.provider.experimental.server import main

    server.traceback = _ServerTraceback()  # type: ignore[attr-defined,assignment]
    provider = OpenapiOAuthProvider()
    version = importlib.metadata.version("pulumi-openapi-oauth")
    return lambda: main(sys.argv[1:], version, provider)
