"""Usage statistics lookups: GET /stats, /stats/ips, /stats/apis and /stats/apis/{domain}.

Every lookup takes an optional ``date``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a string
or a ``datetime.date``) for one year, month or day; ``None`` for all time. Request counts
are ``int``, amounts ``float``; a count the service leaves out is 0.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pulumi

from pulumi_openapi_oauth._models import ApiStats, ApiStatsDetail, ScopeStats, Stats
from pulumi_openapi_oauth.lookups._args import check_date, check_domain
from pulumi_openapi_oauth.lookups._invoke import fetch, output_form, reported
from pulumi_openapi_oauth.lookups._result import FrozenDict, Result, strings, to_float, to_int

__all__ = [
    "GetStatsApiResult",
    "GetStatsApiScopeResult",
    "GetStatsApisApiResult",
    "GetStatsApisResult",
    "GetStatsIpsResult",
    "GetStatsResult",
    "get_stats",
    "get_stats_api",
    "get_stats_api_output",
    "get_stats_apis",
    "get_stats_apis_output",
    "get_stats_ips",
    "get_stats_ips_output",
    "get_stats_output",
]

DateArg = str | _dt.date | None


@pulumi.output_type
class GetStatsResult(Result):
    """The result of :func:`get_stats`: the account's totals.

    Attributes:
        total_requests: All requests.
        wallet_requests: Requests paid from the wallet.
        subscription_requests: Requests paid by subscriptions.
        error_requests: Requests that failed.
        wallet_amount: Amount spent from the wallet.
        total_ips: Distinct client IP addresses.
        total_apis: Distinct API domains used.
        date: The ``date`` asked for, if any.
    """

    total_requests: int = pulumi.property("totalRequests", default=0)
    wallet_requests: int = pulumi.property("walletRequests", default=0)
    subscription_requests: int = pulumi.property("subscriptionRequests", default=0)
    error_requests: int = pulumi.property("errorRequests", default=0)
    wallet_amount: float = pulumi.property("walletAmount", default=0.0)
    total_ips: int = pulumi.property("totalIps", default=0)
    total_apis: int = pulumi.property("totalApis", default=0)
    date: str | None = pulumi.property("date", default=None)


@pulumi.output_type
class GetStatsIpsResult(Result):
    """The result of :func:`get_stats_ips`.

    Attributes:
        ips: The distinct client IP addresses.
        date: The ``date`` asked for, if any.
    """

    ips: tuple[str, ...] = pulumi.property("ips")
    date: str | None = pulumi.property("date", default=None)


@pulumi.output_type
class GetStatsApisApiResult(Result):
    """One API domain's totals in :func:`get_stats_apis`.

    Attributes:
        total_requests: All requests to the domain.
        wallet_requests: Requests paid from the wallet.
        subscription_requests: Requests paid by subscriptions.
        error_requests: Requests that failed.
        wallet_amount: Amount spent from the wallet.
        total_ips: Distinct client IP addresses.
        total_scopes: Distinct scopes used.
    """

    total_requests: int = pulumi.property("totalRequests", default=0)
    wallet_requests: int = pulumi.property("walletRequests", default=0)
    subscription_requests: int = pulumi.property("subscriptionRequests", default=0)
    error_requests: int = pulumi.property("errorRequests", default=0)
    wallet_amount: float = pulumi.property("walletAmount", default=0.0)
    total_ips: int = pulumi.property("totalIps", default=0)
    total_scopes: int = pulumi.property("totalScopes", default=0)


@pulumi.output_type
class GetStatsApisResult(Result):
    """The result of :func:`get_stats_apis`.

    Attributes:
        apis: API domain -> its totals.
        date: The ``date`` asked for, if any.
    """

    apis: FrozenDict[str, GetStatsApisApiResult] = pulumi.property("apis")
    date: str | None = pulumi.property("date", default=None)


@pulumi.output_type
class GetStatsApiScopeResult(Result):
    """One scope's totals in :func:`get_stats_api`.

    Attributes:
        total_requests: All requests with the scope.
        wallet_requests: Requests paid from the wallet.
        subscription_requests: Requests paid by subscriptions.
        error_requests: Requests that failed.
        wallet_amount: Amount spent from the wallet.
        ip: The client IP addresses.
    """

    total_requests: int = pulumi.property("totalRequests", default=0)
    wallet_requests: int = pulumi.property("walletRequests", default=0)
    subscription_requests: int = pulumi.property("subscriptionRequests", default=0)
    error_requests: int = pulumi.property("errorRequests", default=0)
    wallet_amount: float = pulumi.property("walletAmount", default=0.0)
    ip: tuple[str, ...] = pulumi.property("ip", default=())


@pulumi.output_type
class GetStatsApiResult(Result):
    """The result of :func:`get_stats_api`: one API domain's totals and its scopes.

    Attributes:
        domain: The API domain asked for.
        total_requests: All requests to the domain.
        wallet_requests: Requests paid from the wallet.
        subscription_requests: Requests paid by subscriptions.
        error_requests: Requests that failed.
        wallet_amount: Amount spent from the wallet.
        ip: The client IP addresses.
        total_ips: Distinct client IP addresses.
        total_scopes: Distinct scopes used.
        scopes: Scope string -> its totals.
        date: The ``date`` asked for, if any.
    """

    domain: str = pulumi.property("domain")
    total_requests: int = pulumi.property("totalRequests", default=0)
    wallet_requests: int = pulumi.property("walletRequests", default=0)
    subscription_requests: int = pulumi.property("subscriptionRequests", default=0)
    error_requests: int = pulumi.property("errorRequests", default=0)
    wallet_amount: float = pulumi.property("walletAmount", default=0.0)
    ip: tuple[str, ...] = pulumi.property("ip", default=())
    total_ips: int = pulumi.property("totalIps", default=0)
    total_scopes: int = pulumi.property("totalScopes", default=0)
    scopes: FrozenDict[str, GetStatsApiScopeResult] = pulumi.property("scopes", default=FrozenDict())
    date: str | None = pulumi.property("date", default=None)


def _totals(s: Stats | ApiStats | ScopeStats) -> dict[str, Any]:
    return {
        "total_requests": to_int(s.total_requests) or 0,
        "wallet_requests": to_int(s.wallet_requests) or 0,
        "subscription_requests": to_int(s.subscription_requests) or 0,
        "error_requests": to_int(s.error_requests) or 0,
        "wallet_amount": to_float(s.wallet_amount) or 0.0,
    }


@reported
def get_stats(date: DateArg = None) -> GetStatsResult:
    """The account's usage totals (GET /stats), for all time or one ``date``.

    Raises:
        LookupError: ``date`` is not YYYY, YYYY-MM or YYYY-MM-DD (before any request).
    """
    day = check_date("get_stats", date)
    s: Stats = fetch("get_stats", (day,), lambda c: c.get_stats(day))
    return GetStatsResult(
        **_totals(s), total_ips=s.total_ips or 0, total_apis=s.total_apis or 0, date=day
    )


def get_stats_output(date: pulumi.Input[DateArg] = None) -> pulumi.Output[GetStatsResult]:
    """:func:`get_stats` taking an input or Output and returning an Output."""
    return output_form(get_stats, date=date)


@reported
def get_stats_ips(date: DateArg = None) -> GetStatsIpsResult:
    """The distinct client IP addresses (GET /stats/ips), for all time or one ``date``.

    Raises:
        LookupError: ``date`` is malformed (before any request).
    """
    day = check_date("get_stats_ips", date)
    ips: list[str] = fetch("get_stats_ips", (day,), lambda c: c.get_stats_ips(day))
    return GetStatsIpsResult(ips=strings(ips), date=day)


def get_stats_ips_output(date: pulumi.Input[DateArg] = None) -> pulumi.Output[GetStatsIpsResult]:
    """:func:`get_stats_ips` taking an input or Output and returning an Output."""
    return output_form(get_stats_ips, date=date)


@reported
def get_stats_apis(date: DateArg = None) -> GetStatsApisResult:
    """Usage totals per API domain (GET /stats/apis), for all time or one ``date``.

    Raises:
        LookupError: ``date`` is malformed (before any request).
    """
    day = check_date("get_stats_apis", date)
    apis: dict[str, ApiStats] = fetch("get_stats_apis", (day,), lambda c: c.get_stats_apis(day))
    return GetStatsApisResult(
        apis=FrozenDict(
            {
                domain: GetStatsApisApiResult(
                    **_totals(a), total_ips=a.total_ips or 0, total_scopes=a.total_scopes or 0
                )
                for domain, a in apis.items()
            }
        ),
        date=day,
    )


def get_stats_apis_output(date: pulumi.Input[DateArg] = None) -> pulumi.Output[GetStatsApisResult]:
    """:func:`get_stats_apis` taking an input or Output and returning an Output."""
    return output_form(get_stats_apis, date=date)


@reported
def get_stats_api(domain: str, date: DateArg = None) -> GetStatsApiResult:
    """One API domain's usage, with a breakdown per scope (GET /stats/apis/{domain}).

    A domain the account never used has zero totals.

    Raises:
        LookupError: ``domain`` is not a host name or ``date`` is malformed (before any request).
    """
    lookup = "get_stats_api"
    host = check_domain(lookup, domain)
    day = check_date(lookup, date)
    d: ApiStatsDetail = fetch("get_stats_api", (host, day), lambda c: c.get_stats_api(host, day))
    return GetStatsApiResult(
        domain=host,
        **_totals(d),
        ip=strings(d.ip),
        total_ips=d.total_ips or 0,
        total_scopes=d.total_scopes or 0,
        scopes=FrozenDict(
            {
                scope: GetStatsApiScopeResult(**_totals(s), ip=strings(s.ip))
                for scope, s in d.scopes.items()
            }
        ),
        date=day,
    )


def get_stats_api_output(
    domain: pulumi.Input[str], date: pulumi.Input[DateArg] = None
) -> pulumi.Output[GetStatsApiResult]:
    """:func:`get_stats_api` taking inputs or Outputs and returning an Output."""
    return output_form(get_stats_api, domain=domain, date=date)
