"""Subscription lookups: GET /subscriptions (every page) and GET /subscriptions/{id}.

The service sends the request counts as decimal strings; the results carry them as ``int``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from pulumi_openapi_oauth._models import Subscription, SubscriptionListElement
from pulumi_openapi_oauth.errors import NotFoundError
from pulumi_openapi_oauth.lookups._args import check_bool, check_id, check_scopes
from pulumi_openapi_oauth.lookups._invoke import LookupError, fetch, output_form, reported
from pulumi_openapi_oauth.lookups._result import Result, to_float, to_int

__all__ = [
    "GetSubscriptionResult",
    "GetSubscriptionsResult",
    "GetSubscriptionsSubscriptionResult",
    "get_subscription",
    "get_subscription_output",
    "get_subscriptions",
    "get_subscriptions_output",
]


@pulumi.output_type
class GetSubscriptionsSubscriptionResult(Result):
    """One subscription of the list.

    Attributes:
        id: The subscription's id (use it with :func:`get_subscription`).
        scope: The scope it pays for, ``METHOD:domain/endpoint``.
        active: Whether it is active now.
        available_requests: Requests still available.
        starts_at: Start (ISO 8601).
        expires_at: End (ISO 8601).
    """

    id: str = pulumi.property("id")
    scope: str = pulumi.property("scope")
    active: bool = pulumi.property("active", default=False)
    available_requests: int | None = pulumi.property("availableRequests", default=None)
    starts_at: str | None = pulumi.property("startsAt", default=None)
    expires_at: str | None = pulumi.property("expiresAt", default=None)


@pulumi.output_type
class GetSubscriptionsResult(Result):
    """The result of :func:`get_subscriptions`.

    Attributes:
        subscriptions: The matching subscriptions, in the service's order.
        scopes: The ``scopes`` filter (sorted, without duplicates), if one was given.
        active: The ``active`` filter, if one was given.
    """

    subscriptions: tuple[GetSubscriptionsSubscriptionResult, ...] = pulumi.property("subscriptions")
    scopes: tuple[str, ...] | None = pulumi.property("scopes", default=None)
    active: bool | None = pulumi.property("active", default=None)


@pulumi.output_type
class GetSubscriptionResult(Result):
    """The result of :func:`get_subscription`: the spec's Subscription.

    Attributes:
        id: The subscription's id.
        scope: The scope it pays for.
        domain: The scope's API domain.
        active: Whether it is active now.
        starts_at: Start (ISO 8601).
        expires_at: End (ISO 8601).
        total_requests: Requests included in the subscription.
        available_requests: Requests still available.
        price_per_request: Price of one request.
        type: The period, e.g. ``monthly``.
        autorenew: Whether it renews itself.
        created_at: When it was bought (ISO 8601).
        updated_at: When it last changed (ISO 8601).
        price: The subscription's price.
    """

    id: str = pulumi.property("id")
    scope: str = pulumi.property("scope")
    domain: str | None = pulumi.property("domain", default=None)
    active: bool = pulumi.property("active", default=False)
    starts_at: str | None = pulumi.property("startsAt", default=None)
    expires_at: str | None = pulumi.property("expiresAt", default=None)
    total_requests: int | None = pulumi.property("totalRequests", default=None)
    available_requests: int | None = pulumi.property("availableRequests", default=None)
    price_per_request: float | None = pulumi.property("pricePerRequest", default=None)
    type: str | None = pulumi.property("type", default=None)
    autorenew: bool | None = pulumi.property("autorenew", default=None)
    created_at: str | None = pulumi.property("createdAt", default=None)
    updated_at: str | None = pulumi.property("updatedAt", default=None)
    price: float | None = pulumi.property("price", default=None)


@reported
def get_subscriptions(
    scopes: Sequence[str] | None = None, active: bool | None = None
) -> GetSubscriptionsResult:
    """The account's subscriptions (GET /subscriptions, every page of 100).

    ``scopes`` is passed to the service's scope filter (a list of scope strings; ``*``
    wildcards as in a Token's scopes); ``active`` is applied locally.

    Raises:
        LookupError: a scope is malformed or ``active`` is not a bool (before any request).
    """
    lookup = "get_subscriptions"
    wanted = check_scopes(lookup, scopes)
    if active is not None:
        check_bool(lookup, "active", active)
    items: list[SubscriptionListElement] = fetch(
        "list_subscriptions", (wanted,), lambda c: c.list_subscriptions(wanted)
    )
    return GetSubscriptionsResult(
        subscriptions=tuple(
            GetSubscriptionsSubscriptionResult(
                id=s.id or "",
                scope=s.scope or "",
                active=bool(s.active),
                available_requests=to_int(s.available_requests),
                starts_at=s.starts_at,
                expires_at=s.expires_at,
            )
            for s in items
            if active is None or bool(s.active) == active
        ),
        scopes=wanted,
        active=active,
    )


def get_subscriptions_output(
    scopes: pulumi.Input[Sequence[pulumi.Input[str]] | None] = None,
    active: pulumi.Input[bool | None] = None,
) -> pulumi.Output[GetSubscriptionsResult]:
    """:func:`get_subscriptions` taking inputs or Outputs and returning an Output."""
    return output_form(get_subscriptions, scopes=scopes, active=active)


@reported
def get_subscription(id: str) -> GetSubscriptionResult:
    """One subscription (GET /subscriptions/{id}).

    Raises:
        LookupError: ``id`` is malformed, or no subscription has it.
    """
    lookup = "get_subscription"
    sid = check_id(lookup, id)
    try:
        s: Subscription = fetch("get_subscription", (sid,), lambda c: c.get_subscription(sid))
    except NotFoundError as exc:
        raise LookupError(lookup, f"no subscription with id {sid!r}", argument="id", not_found=True) from exc
    return GetSubscriptionResult(
        id=s.id or sid,
        scope=s.scope or "",
        domain=s.domain,
        active=bool(s.active),
        starts_at=s.starts_at,
        expires_at=s.expires_at,
        total_requests=to_int(s.total_requests),
        available_requests=to_int(s.available_requests),
        price_per_request=to_float(s.price_per_request),
        type=s.type,
        autorenew=s.autorenew,
        created_at=s.created_at,
        updated_at=s.updated_at,
        price=to_float(s.price),
    )


def get_subscription_output(id: pulumi.Input[str]) -> pulumi.Output[GetSubscriptionResult]:
    """:func:`get_subscription` taking an input or Output and returning an Output."""
    return output_form(get_subscription, id=id)
