"""``openapi-oauth:index:Token``: the engine's requests in, the core's answers out.

A thin adapter over :class:`~pulumi_openapi_oauth.token.core.TokenCore`: every decision
(validation, catalogue, naming, expiry, diff rules, CRUD, adoption, import by fingerprint)
is the core's, awaited on the provider's event loop. This module only converts values
(:mod:`.values`, by the schema: camelCase ``PropertyValue`` maps <-> plain snake_case
dicts, secrets marked by the schema) and puts the answers in the protocol's shapes, with a
detailed diff per changed property so ``pulumi preview --diff`` shows each one.

Errors: an :class:`~pulumi_openapi_oauth.errors.OAuthError` gets the same prefix and fix the
dynamic provider's messages carry (:mod:`pulumi_openapi_oauth._provider_errors`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import PropertyValue
from pydantic.alias_generators import to_camel

from pulumi_openapi_oauth._constants import NAME_SEED_KEY
from pulumi_openapi_oauth._names import TOKEN_NAMES
from pulumi_openapi_oauth._provider_errors import annotate
from pulumi_openapi_oauth.errors import OAuthError
from pulumi_openapi_oauth.native.schema import TOKEN_TYPE
from pulumi_openapi_oauth.native.values import from_wire, to_wire
from pulumi_openapi_oauth.token.core import TokenCore

__all__ = ["TokenResource"]

T = TypeVar("T")


def _path(prop: str) -> str:
    """``limits.total_requests`` -> ``limits.totalRequests`` (a failure's property path)."""
    return ".".join(to_camel(part) if not part.startswith("__") else part for part in prop.split("."))


class TokenResource:
    """The Token's six engine calls over one core (one per provider process)."""

    def __init__(self, core: TokenCore, schema: Mapping[str, Any]) -> None:
        self._core = core
        spec = schema["resources"][TOKEN_TYPE]
        self._types: Mapping[str, Any] = schema["types"]
        self._inputs: Mapping[str, Any] = spec["inputProperties"]
        self._outputs: Mapping[str, Any] = spec["properties"]

    def _ins(self, props: Mapping[str, PropertyValue]) -> dict[str, Any]:
        return from_wire(props, self._inputs, self._types)

    def _outs(self, props: Mapping[str, PropertyValue]) -> dict[str, Any]:
        return from_wire(props, self._outputs, self._types)

    async def _reported(self, operation: str, subject: tuple[Any, ...], call: Awaitable[T]) -> T:
        try:
            return await call
        except OAuthError as exc:
            annotate(exc, operation, subject)
            raise

    async def check(self, request: p.CheckRequest) -> p.CheckResponse:
        news = self._ins(request.new_inputs)
        # What the dynamic Token class adds to its inputs: the URN, which seeds the auto name.
        news.setdefault(NAME_SEED_KEY, request.urn)
        checked = await self._reported("check", (news,), self._core.check(self._ins(request.old_inputs), news))
        return p.CheckResponse(
            inputs=to_wire(checked.inputs, self._inputs, self._types),
            failures=[p.CheckFailure(_path(f.property), TOKEN_NAMES(f.reason)) for f in checked.failures],
        )

    async def diff(self, request: p.DiffRequest) -> p.DiffResponse:
        found = self._core.diff(self._outs(request.old_state), self._ins(request.new_inputs))
        kinds = {k: p.PropertyDiffKind.UPDATE for k in found.changed}
        kinds.update({k: p.PropertyDiffKind.UPDATE_REPLACE for k in found.replaces})
        return p.DiffResponse(
            changes=found.changes,
            replaces=[to_camel(k) for k in found.replaces],
            diffs=[to_camel(k) for k in kinds],
            detailed_diff={to_camel(k): p.PropertyDiff(kind, input_diff=True) for k, kind in kinds.items()},
            delete_before_replace=False,
        )

    async def create(self, request: p.CreateRequest) -> p.CreateResponse:
        props = self._ins(request.properties)
        created = await self._reported("create", (props,), self._core.create(props))
        return p.CreateResponse(resource_id=created.id, properties=to_wire(created.outs, self._outputs, self._types))

    async def read(self, request: p.ReadRequest) -> p.ReadResponse:
        props = self._outs(request.properties)
        found = await self._reported("read", (request.resource_id, props), self._core.read(request.resource_id, props))
        if not found.id:
            return p.ReadResponse(resource_id="")
        return p.ReadResponse(
            resource_id=found.id,
            properties=to_wire(found.outs, self._outputs, self._types),
            inputs=request.inputs if found.inputs is None else to_wire(found.inputs, self._inputs, self._types),
        )

    async def update(self, request: p.UpdateRequest) -> p.UpdateResponse:
        olds = self._outs(request.olds)
        outs = await self._reported(
            "update", (request.resource_id, olds), self._core.update(olds, self._ins(request.news))
        )
        return p.UpdateResponse(properties=to_wire(outs, self._outputs, self._types))

    async def delete(self, request: p.DeleteRequest) -> None:
        props = self._outs(request.properties)
        await self._reported("delete", (request.resource_id, props), self._core.delete(request.resource_id, props))
