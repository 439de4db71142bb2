"""Statistics (GET /stats, /stats/ips, /stats/apis[/{domain}]): sums over recorded usage."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from typing import Any

from ..._models import ApiStats, ApiStatsDetail, ScopeStats, Stats
from .. import errors
from .base import StoreBase, wire_number

__all__ = ["StatsMixin", "check_date"]

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def check_date(date: str | None) -> str | None:
    """Validate the ``date`` filter (YYYY, YYYY-MM or YYYY-MM-DD); raises error 240.

    Absent is no filter; an empty ``date=`` is no date either, so it is a 240 too."""
    if date is None:
        return None
    match = _DATE.fullmatch(date)
    if match is None:
        raise errors.InvalidDateFormat()
    year, month, day = match.groups()
    try:
        datetime(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise errors.InvalidDateFormat() from exc
    return date


def _totals(rows: list[sqlite3.Row]) -> dict[str, Any]:
    return {
        "total_requests": sum(int(r["total"]) for r in rows),
        "wallet_requests": sum(int(r["wallet_requests"]) for r in rows),
        "subscription_requests": sum(int(r["subscription_requests"]) for r in rows),
        "error_requests": sum(int(r["error_requests"]) for r in rows),
        "wallet_amount": wire_number(sum(float(r["wallet_amount"]) for r in rows)),
    }


class StatsMixin(StoreBase):
    def _usage(self, account: str, date: str | None, domain: str | None = None) -> list[sqlite3.Row]:
        sql = "SELECT * FROM usage WHERE account = ?"
        params: list[Any] = [account]
        if date:
            sql += " AND substr(at, 1, ?) = ?"
            params += [len(date), date]
        if domain is not None:
            sql += " AND domain = ?"
            params.append(domain)
        return self._rows(sql + " ORDER BY seq", params)

    def get_stats(self, account: str, *, date: str | None) -> Stats:
        rows = self._usage(account, check_date(date))
        return Stats(
            **_totals(rows),
            total_ips=len({r["ip"] for r in rows}),
            total_apis=len({r["domain"] for r in rows}),
        )

    def get_stats_ips(self, account: str, *, date: str | None) -> list[str]:
        return sorted({str(r["ip"]) for r in self._usage(account, check_date(date))})

    def get_stats_apis(self, account: str, *, date: str | None) -> dict[str, ApiStats]:
        by_domain: dict[str, list[sqlite3.Row]] = {}
        for r in self._usage(account, check_date(date)):
            by_domain.setdefault(str(r["domain"]), []).append(r)
        return {
            domain: ApiStats(
                **_totals(rows),
                total_ips=len({r["ip"] for r in rows}),
                total_scopes=len({r["scope"] for r in rows}),
            )
            for domain, rows in sorted(by_domain.items())
        }

    def get_stats_api(self, account: str, domain: str, *, date: str | None) -> ApiStatsDetail:
        rows = self._usage(account, check_date(date), domain)
        by_scope: dict[str, list[sqlite3.Row]] = {}
        for r in rows:
            by_scope.setdefault(str(r["scope"]), []).append(r)
        ips = sorted({str(r["ip"]) for r in rows})
        return ApiStatsDetail(
            **_totals(rows),
            ip=ips,
            total_ips=len(ips),
            total_scopes=len(by_scope),
            scopes={
                scope: ScopeStats(**_totals(srows), ip=sorted({str(r["ip"]) for r in srows}))
                for scope, srows in sorted(by_scope.items())
            },
        )
