"""Subscriptions: prepaid request bundles per scope (GET /subscriptions[/{id}])."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from ..._models import Subscription, SubscriptionListElement
from .. import errors
from ..clock import format_time, parse_time
from .base import StoreBase, wire_number
from .scopes import ScopePattern, filter_by_scopes, parse_scope

__all__ = ["SubscriptionsMixin"]


class SubscriptionsMixin(StoreBase):
    def add_subscriptions(self, account: str, entries: Iterable[dict[str, Any]]) -> list[Subscription]:
        """Add subscriptions (admin API and seed); keys as on the wire (camelCase)."""
        self._require_account(account)
        now = self.now()
        ids: list[str] = []
        with self._tx() as conn:
            for entry in entries:
                parsed = parse_scope(entry.get("scope"))
                if parsed is None or parsed.is_wildcard:
                    raise errors.BadRequest(f"invalid subscription scope {entry.get('scope')!r}")
                sid = str(entry.get("id") or secrets.token_hex(12))
                total = int(entry.get("totalRequests", 1000))
                starts = format_time(parse_time(str(entry.get("startsAt", now))))
                expires_default = format_time(parse_time(starts) + timedelta(days=30))
                conn.execute(
                    "INSERT OR REPLACE INTO subscriptions (id, account, scope, domain, starts_at, "
                    "expires_at, total_requests, available_requests, price_per_request, type, "
                    "autorenew, created_at, updated_at, price) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        sid,
                        account,
                        str(parsed),
                        parsed.domain,
                        starts,
                        format_time(parse_time(str(entry.get("expiresAt", expires_default)))),
                        total,
                        int(entry.get("availableRequests", total)),
                        float(entry.get("pricePerRequest", 0.01)),
                        str(entry.get("type", "monthly")),
                        1 if entry.get("autorenew", False) else 0,
                        format_time(parse_time(str(entry.get("createdAt", starts)))),
                        format_time(parse_time(str(entry.get("updatedAt", now)))),
                        float(entry.get("price", 10)),
                    ),
                )
                ids.append(sid)
        return [self.get_subscription(account, sid) for sid in ids]

    def list_subscriptions(
        self, account: str, *, scopes: list[ScopePattern] | None, skip: int, limit: int
    ) -> list[SubscriptionListElement]:
        rows = self._rows("SELECT * FROM subscriptions WHERE account = ? ORDER BY seq", (account,))
        now = self.now()
        return [
            SubscriptionListElement(
                id=r["id"],
                scope=r["scope"],
                active=r["starts_at"] <= now < r["expires_at"],
                available_requests=str(r["available_requests"]),
                starts_at=r["starts_at"],
                expires_at=r["expires_at"],
            )
            for r in filter_by_scopes(rows, scopes)[skip : skip + limit]
        ]

    def get_subscription(self, account: str, sid: str) -> Subscription:
        r = self._row("SELECT * FROM subscriptions WHERE account = ? AND id = ?", (account, sid))
        if r is None:
            raise errors.SubscriptionNotFound()
        now = self.now()
        return Subscription(
            id=r["id"],
            scope=r["scope"],
            domain=r["domain"],
            active=r["starts_at"] <= now < r["expires_at"],
            starts_at=r["starts_at"],
            expires_at=r["expires_at"],
            total_requests=str(r["total_requests"]),
            available_requests=str(r["available_requests"]),
            price_per_request=wire_number(float(r["price_per_request"])),
            type=r["type"],
            autorenew=bool(r["autorenew"]),
            created_at=r["created_at"],
            updated_at=r["updated_at"],
            price=wire_number(float(r["price"])),
        )
