"""Simulated API usage (admin API and seed): what the stats, the error log and the wallet read.

The service counts real API calls; the emulator has none, so tests and the demo seed record
them here, and the usage decides who pays: error, wallet, subscription or free.
"""

from __future__ import annotations

import secrets
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from .. import errors
from ..clock import format_time, parse_time
from .base import StoreBase, wire_number
from .scopes import parse_scope
from .wallet import add_transaction

__all__ = ["RecordedUsage", "UsageMixin"]


class RecordedUsage(BaseModel):
    """What one :meth:`UsageMixin.record_usage` call counted; camelCase on the admin API."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    at: str
    total_requests: int
    wallet_requests: int
    subscription_requests: int
    error_requests: int
    #: ``int`` when whole, so the admin answer reads ``0`` rather than ``0.0``.
    wallet_amount: int | float


class UsageMixin(StoreBase):
    def record_usage(
        self,
        account: str,
        *,
        scope: str,
        count: int = 1,
        token: str | None = None,
        wallet_amount: float = 0.0,
        ip: str = "127.0.0.1",
        error: dict[str, Any] | None = None,
        at: str | None = None,
    ) -> RecordedUsage:
        """Record ``count`` simulated requests on ``scope``.

        An ``error`` makes them error requests (and adds error-log entries, at most 100).
        Otherwise a positive ``wallet_amount`` makes them wallet requests (credit goes down,
        a transaction is written); else an active subscription of that scope pays for them
        (its available requests go down); else they are free requests (total only).
        """
        self._require_account(account)
        parsed = parse_scope(scope)
        if parsed is None or parsed.is_wildcard:
            raise errors.BadRequest(f"invalid scope {scope!r}")
        if count < 1:
            raise errors.BadRequest("count must be positive")
        when = format_time(parse_time(at)) if at else self.now()
        wallet_n = sub_n = err_n = 0
        amount = 0.0
        with self._tx() as conn:
            if error is not None:
                err_n = count
                for _ in range(min(count, 100)):
                    conn.execute(
                        "INSERT INTO error_logs (id, account, scope, domain, error_at, http, code, "
                        "message, ip) VALUES (?,?,?,?,?,?,?,?,?)",
                        (
                            secrets.token_hex(12),
                            account,
                            str(parsed),
                            parsed.domain,
                            when,
                            int(error.get("http", 400)),
                            error.get("code"),
                            str(error.get("message", "Error")),
                            ip,
                        ),
                    )
            elif wallet_amount > 0:
                wallet_n, amount = count, float(wallet_amount)
                add_transaction(conn, account, -amount, f"API usage - {parsed.domain}", when)
            else:
                sub = conn.execute(
                    "SELECT seq, available_requests FROM subscriptions WHERE account = ? "
                    "AND scope = ? AND starts_at <= ? AND expires_at > ? "
                    "AND available_requests > 0 ORDER BY expires_at LIMIT 1",
                    (account, str(parsed), when, when),
                ).fetchone()
                if sub is not None:
                    sub_n = count
                    conn.execute(
                        "UPDATE subscriptions SET available_requests = ?, updated_at = ? WHERE seq = ?",
                        (max(0, int(sub["available_requests"]) - count), when, sub["seq"]),
                    )
            conn.execute(
                "INSERT INTO usage (account, token, scope, domain, at, total, wallet_requests, "
                "subscription_requests, error_requests, wallet_amount, ip) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (account, token, str(parsed), parsed.domain, when, count, wallet_n, sub_n, err_n, amount, ip),
            )
        return RecordedUsage(
            at=when,
            total_requests=count,
            wallet_requests=wallet_n,
            subscription_requests=sub_n,
            error_requests=err_n,
            wallet_amount=wire_number(amount),
        )
