"""Callback lookups: GET /callbacks (every page) and GET /callbacks/{id}."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi

from pulumi_openapi_oauth._models import Callback, CallbackListElement
from pulumi_openapi_oauth.errors import NotFoundError
from pulumi_openapi_oauth.lookups._args import check_id, check_scopes
from pulumi_openapi_oauth.lookups._invoke import LookupError, fetch, output_form, reported
from pulumi_openapi_oauth.lookups._result import FrozenDict, Result, freeze, to_int

__all__ = [
    "GetCallbackResult",
    "GetCallbacksCallbackResult",
    "GetCallbacksResult",
    "get_callback",
    "get_callback_output",
    "get_callbacks",
    "get_callbacks_output",
]


@pulumi.output_type
class GetCallbacksCallbackResult(Result):
    """One callback of the list.

    Attributes:
        id: The callback's id (use it with :func:`get_callback`).
        scope: The scope whose call triggered it.
        url: The URL called back.
        http_response_code: The HTTP status the URL answered (a string on the wire), if any.
        started_at: When it started (ISO 8601).
        completed_at: When it completed (ISO 8601), if it did.
    """

    id: str = pulumi.property("id")
    scope: str = pulumi.property("scope")
    url: str | None = pulumi.property("url", default=None)
    http_response_code: int | None = pulumi.property("httpResponseCode", default=None)
    started_at: str | None = pulumi.property("startedAt", default=None)
    completed_at: str | None = pulumi.property("completedAt", default=None)


@pulumi.output_type
class GetCallbacksResult(Result):
    """The result of :func:`get_callbacks`.

    Attributes:
        callbacks: The callbacks, newest first, as the service orders them.
        scopes: The ``scopes`` filter (sorted, without duplicates), if one was given.
    """

    callbacks: tuple[GetCallbacksCallbackResult, ...] = pulumi.property("callbacks")
    scopes: tuple[str, ...] | None = pulumi.property("scopes", default=None)


@pulumi.output_type
class GetCallbackResult(Result):
    """The result of :func:`get_callback`: the spec's Callback.

    Attributes:
        id: The callback's id.
        scope: The scope whose call triggered it.
        domain: The scope's API domain.
        active: Whether it is still running (not completed).
        started_at: When it started (ISO 8601).
        created_at: When it was created (ISO 8601).
        completed_at: When it completed (ISO 8601), if it did.
        http_response_code: The HTTP status the URL answered, if any.
        data: The payload sent.
        custom: Custom data attached by the caller (any JSON value).
        headers: The HTTP headers sent.
        elapsed_time: Milliseconds the call took.
        attempt: Which attempt this was.
        retry: Retries left or made, as the service counts them.
        field: The request field that named the URL.
        method: The HTTP method of the call back.
        url: The URL called back.
    """

    id: str = pulumi.property("id")
    scope: str = pulumi.property("scope")
    domain: str | None = pulumi.property("domain", default=None)
    active: bool = pulumi.property("active", default=False)
    started_at: str | None = pulumi.property("startedAt", default=None)
    created_at: str | None = pulumi.property("createdAt", default=None)
    completed_at: str | None = pulumi.property("completedAt", default=None)
    http_response_code: int | None = pulumi.property("httpResponseCode", default=None)
    data: FrozenDict[str, Any] = pulumi.property("data", default=FrozenDict())
    custom: Any = pulumi.property("custom", default=None)
    headers: FrozenDict[str, Any] = pulumi.property("headers", default=FrozenDict())
    elapsed_time: int | None = pulumi.property("elapsedTime", default=None)
    attempt: int | None = pulumi.property("attempt", default=None)
    retry: int | None = pulumi.property("retry", default=None)
    field: str | None = pulumi.property("field", default=None)
    method: str | None = pulumi.property("method", default=None)
    url: str | None = pulumi.property("url", default=None)


@reported
def get_callbacks(scopes: Sequence[str] | None = None) -> GetCallbacksResult:
    """The account's callbacks (GET /callbacks, every page of 100), optionally by scope.

    Raises:
        LookupError: a scope is malformed (before any request).
    """
    wanted = check_scopes("get_callbacks", scopes)
    items: list[CallbackListElement] = fetch(
        "list_callbacks", (wanted,), lambda c: c.list_callbacks(wanted)
    )
    return GetCallbacksResult(
        callbacks=tuple(
            GetCallbacksCallbackResult(
                id=cb.id or "",
                scope=cb.scope or "",
                url=cb.url,
                http_response_code=to_int(cb.http_response_code),
                started_at=cb.started_at,
                completed_at=cb.completed_at,
            )
            for cb in items
        ),
        scopes=wanted,
    )


def get_callbacks_output(
    scopes: pulumi.Input[Sequence[pulumi.Input[str]] | None] = None,
) -> pulumi.Output[GetCallbacksResult]:
    """:func:`get_callbacks` taking an input or Output and returning an Output."""
    return output_form(get_callbacks, scopes=scopes)


@reported
def get_callback(id: str) -> GetCallbackResult:
    """One callback (GET /callbacks/{id}).

    Raises:
        LookupError: ``id`` is malformed, or no callback has it.
    """
    lookup = "get_callback"
    cid = check_id(lookup, id)
    try:
        cb: Callback = fetch("get_callback", (cid,), lambda c: c.get_callback(cid))
    except NotFoundError as exc:
        raise LookupError(lookup, f"no callback with id {cid!r}", argument="id", not_found=True) from exc
    return GetCallbackResult(
        id=cb.id or cid,
        scope=cb.scope or "",
        domain=cb.domain,
        active=bool(cb.active),
        started_at=cb.started_at,
        created_at=cb.created_at,
        completed_at=cb.completed_at,
        http_response_code=cb.http_response_code,
        data=freeze(cb.data or {}),
        custom=freeze(cb.custom),
        headers=freeze(cb.headers or {}),
        elapsed_time=cb.elapsed_time,
        attempt=cb.attempt,
        retry=cb.retry,
        field=cb.field,
        method=cb.method,
        url=cb.url,
    )


def get_callback_output(id: pulumi.Input[str]) -> pulumi.Output[GetCallbackResult]:
    """:func:`get_callback` taking an input or Output and returning an Output."""
    return output_form(get_callback, id=id)
