"""Scope lookups: the account's catalogue (GET /scopes) and one scope's detail (GET /scopes/{id}).

GET /scopes is not paginated: one request returns the whole catalogue, and the filters of
:func:`get_scopes` are applied to it locally, so every filter combination shares one request.
"""

from __future__ import annotations

from typing import Any

import pulumi

from pulumi_openapi_oauth._models import ScopeDetail, UserScope
from pulumi_openapi_oauth.errors import NotFoundError
from pulumi_openapi_oauth.lookups._args import check_bool, check_domain, check_id, check_method, check_scope
from pulumi_openapi_oauth.lookups._invoke import LookupError, fetch, output_form, reported
from pulumi_openapi_oauth.lookups._result import FrozenDict, Result

__all__ = [
    "GetScopeFreeLimitsResult",
    "GetScopeResult",
    "GetScopesResult",
    "GetScopesScopeResult",
    "get_scope",
    "get_scope_output",
    "get_scopes",
    "get_scopes_output",
]


@pulumi.output_type
class GetScopesScopeResult(Result):
    """One scope of the account's catalogue.

    Attributes:
        id: The scope's id (use it with :func:`get_scope`).
        scope: The scope string, ``METHOD:domain/endpoint``, as a Token's ``scopes`` take it.
        method: The HTTP method (``GET``, ``POST``, ... or ``*``).
        endpoint: The endpoint path within the domain.
        domain: The API domain, e.g. ``company.openapi.com``.
        enabled: Whether the scope is enabled for this account.
    """

    id: str = pulumi.property("id")
    scope: str = pulumi.property("scope")
    method: str | None = pulumi.property("method", default=None)
    endpoint: str | None = pulumi.property("endpoint", default=None)
    domain: str | None = pulumi.property("domain", default=None)
    enabled: bool = pulumi.property("enabled", default=False)


@pulumi.output_type
class GetScopesResult(Result):
    """The result of :func:`get_scopes`.

    Attributes:
        scopes: The matching scopes, in catalogue order.
        domain: The ``domain`` filter, if one was given.
        method: The ``method`` filter, if one was given.
        enabled: The ``enabled`` filter, if one was given.
    """

    scopes: tuple[GetScopesScopeResult, ...] = pulumi.property("scopes")
    domain: str | None = pulumi.property("domain", default=None)
    method: str | None = pulumi.property("method", default=None)
    enabled: bool | None = pulumi.property("enabled", default=None)


@pulumi.output_type
class GetScopeFreeLimitsResult(Result):
    """Free-of-charge request allowances of a scope; each is a count or ``False`` (no limit).

    Attributes:
        day_limit: Free requests per day.
        month_limit: Free requests per month.
        year_limit: Free requests per year.
        total_limit: Free requests in total.
    """

    day_limit: int | bool | None = pulumi.property("dayLimit", default=None)
    month_limit: int | bool | None = pulumi.property("monthLimit", default=None)
    year_limit: int | bool | None = pulumi.property("yearLimit", default=None)
    total_limit: int | bool | None = pulumi.property("totalLimit", default=None)


@pulumi.output_type
class GetScopeResult(Result):
    """The result of :func:`get_scope`: the spec's ScopeDetail.

    Attributes:
        id: The scope's id.
        scope: The scope string, ``METHOD:domain/endpoint``.
        method: The HTTP method.
        endpoint: The endpoint path within the domain.
        domain: The API domain.
        enabled: Whether the scope is enabled for this account.
        rate_limit: The rate limit (a string such as ``"10/s"``), or ``False`` for none.
        free_limits: Free request allowances, if the service sent them.
        requirements: Requirement name -> whether the account fulfils it.
        prices: Price key -> price per request.
    """

    id: str = pulumi.property("id")
    scope: str = pulumi.property("scope")
    method: str | None = pulumi.property("method", default=None)
    endpoint: str | None = pulumi.property("endpoint", default=None)
    domain: str | None = pulumi.property("domain", default=None)
    enabled: bool = pulumi.property("enabled", default=False)
    rate_limit: str | bool | None = pulumi.property("rateLimit", default=None)
    free_limits: GetScopeFreeLimitsResult | None = pulumi.property("freeLimits", default=None)
    requirements: FrozenDict[str, bool] = pulumi.property("requirements", default=FrozenDict())
    prices: FrozenDict[str, float] = pulumi.property("prices", default=FrozenDict())


def _catalogue() -> list[UserScope]:
    return fetch("list_scopes", (), lambda c: c.list_scopes())


@reported
def get_scopes(
    domain: str | None = None, method: str | None = None, enabled: bool | None = None
) -> GetScopesResult:
    """The account's scopes (GET /scopes), filtered by ``domain``, ``method`` and ``enabled``.

    The filters are applied to the whole catalogue; ``None`` means "any". ``method`` is
    matched exactly (``GET``, ``POST``, ``PUT``, ``PATCH``, ``DELETE`` or ``*``).

    Raises:
        LookupError: a filter is malformed (checked before any request).
    """
    lookup = "get_scopes"
    if domain is not None:
        check_domain(lookup, domain)
    if method is not None:
        check_method(lookup, method)
    if enabled is not None:
        check_bool(lookup, "enabled", enabled)
    found = [
        _scope_summary(s)
        for s in _catalogue()
        if (domain is None or s.domain == domain)
        and (method is None or s.method == method)
        and (enabled is None or bool(s.enabled) == enabled)
    ]
    return GetScopesResult(scopes=tuple(found), domain=domain, method=method, enabled=enabled)


def get_scopes_output(
    domain: pulumi.Input[str | None] = None,
    method: pulumi.Input[str | None] = None,
    enabled: pulumi.Input[bool | None] = None,
) -> pulumi.Output[GetScopesResult]:
    """:func:`get_scopes` taking inputs or Outputs and returning an Output."""
    return output_form(get_scopes, domain=domain, method=method, enabled=enabled)


@reported
def get_scope(id: str | None = None, scope: str | None = None) -> GetScopeResult:
    """One scope's detail (GET /scopes/{id}): by ``id``, or by ``scope`` string.

    A ``scope`` string is resolved to its id through the catalogue (GET /scopes, shared with
    :func:`get_scopes`). Give exactly one of the two.

    Raises:
        LookupError: neither or both are given, either is malformed, or no such scope exists.
    """
    lookup = "get_scope"
    if (id is None) == (scope is None):
        raise LookupError(lookup, "give exactly one of id or scope", argument="id")
    if scope is not None:
        wanted = check_scope(lookup, scope)
        match = next((s for s in _catalogue() if s.scope == wanted), None)
        if match is None or not match.id:
            raise LookupError(
                lookup, f"no scope {wanted!r} in the account's catalogue", argument="scope", not_found=True
            )
        scope_id = match.id
    else:
        scope_id = check_id(lookup, id)
    try:
        detail: ScopeDetail = fetch("get_scope", (scope_id,), lambda c: c.get_scope(scope_id))
    except NotFoundError as exc:
        raise LookupError(lookup, f"no scope with id {scope_id!r}", argument="id", not_found=True) from exc
    return _scope_detail(detail)


def get_scope_output(
    id: pulumi.Input[str | None] = None,
    scope: pulumi.Input[str | None] = None,
) -> pulumi.Output[GetScopeResult]:
    """:func:`get_scope` taking inputs or Outputs and returning an Output."""
    return output_form(get_scope, id=id, scope=scope)


def _scope_summary(s: UserScope) -> GetScopesScopeResult:
    return GetScopesScopeResult(
        id=s.id or "",
        scope=s.scope or "",
        method=s.method,
        endpoint=s.endpoint,
        domain=s.domain,
        enabled=bool(s.enabled),
    )


def _limit(value: Any) -> int | bool | None:
    return value if value is None or isinstance(value, bool) else int(value)


def _scope_detail(d: ScopeDetail) -> GetScopeResult:
    limits = d.free_limits
    return GetScopeResult(
        id=d.id or "",
        scope=d.scope or "",
        method=d.method,
        endpoint=d.endpoint,
        domain=d.domain,
        enabled=bool(d.enabled),
        rate_limit=d.rate_limit,
        free_limits=None
        if limits is None
        else GetScopeFreeLimitsResult(
            day_limit=_limit(limits.day_limit),
            month_limit=_limit(limits.month_limit),
            year_limit=_limit(limits.year_limit),
            total_limit=_limit(limits.total_limit),
        ),
        requirements=FrozenDict({str(k): bool(v) for k, v in (d.requirements or {}).items()}),
        prices=FrozenDict({str(k): float(v) for k, v in (d.prices or {}).items()}),
    )
