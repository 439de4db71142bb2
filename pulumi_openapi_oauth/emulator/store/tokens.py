"""Tokens: create, read, list, update, refresh (rotate) and delete; never a value in a log.

Token scopes are checked against the catalogue, so this mixin builds on
:class:`~.catalogue.CatalogueMixin`.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..._models import TokenDetail, TokenLimits, TokenStats
from .. import errors
from ..clock import format_time
from .base import dump_json, wire_number
from .catalogue import CatalogueMixin

__all__ = [
    "DEFAULT_TTL",
    "MAX_TTL",
    "TOKEN_PATTERN",
    "TokenChanges",
    "TokensMixin",
    "effective_ttl",
    "new_token_value",
]

#: Default token lifetime (30 days), used when ttl is missing, zero or negative.
DEFAULT_TTL = 30 * 24 * 3600
#: Longest accepted token lifetime (one year); a longer ttl is a 422.
MAX_TTL = 365 * 24 * 3600
#: What a token value (and a refresh token) looks like: 24 lower-case hex, as the spec's example
#: ``656d1e2f8b3c2a001f7e4a12`` (``secrets.token_hex(12)``).
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{24}$")


def new_token_value() -> str:
    """A fresh token or refresh-token value in the spec's format (96 random bits)."""
    return secrets.token_hex(12)


@dataclass(frozen=True)
class TokenChanges:
    """Validated body of POST /tokens or PATCH /tokens/{token}; ``None`` means "not given"."""

    scopes: list[str] | None = None
    name: str | None = None
    ttl: int | None = None
    limits: dict[str, Any] | None = None


def effective_ttl(ttl: int | None) -> int:
    """The spec's rule: missing, zero or negative means the default TTL."""
    return DEFAULT_TTL if ttl is None or ttl <= 0 else ttl


class TokensMixin(CatalogueMixin):
    def create_token(self, account: str, changes: TokenChanges) -> TokenDetail:
        """POST /tokens."""
        if not changes.scopes:
            raise errors.MissingScopes()
        scopes = self._check_catalogue(
            account, changes.scopes, fmt=errors.InvalidScopesFormat, invalid=errors.InvalidScopes
        )
        ttl = effective_ttl(changes.ttl)
        if ttl > MAX_TTL:
            raise errors.InvalidScopesFormat("invalid ttl: at most 31536000 seconds (one year)")
        now = self.clock.now()
        value, refresh = new_token_value(), new_token_value()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO tokens (token, refresh_token, account, name, scopes, limits, ttl, "
                "created_at, updated_at, expire_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    value,
                    refresh,
                    account,
                    changes.name,
                    dump_json(scopes),
                    dump_json(changes.limits or {}),
                    ttl,
                    format_time(now),
                    format_time(now),
                    format_time(now + timedelta(seconds=ttl)),
                ),
            )
        return self.get_token(account, value)

    def _live_token(self, account: str, value: str) -> sqlite3.Row | None:
        return self._row(
            "SELECT * FROM tokens WHERE token = ? AND account = ? AND expire_at > ?",
            (value, account, self.now()),
        )

    def get_token(self, account: str, value: str) -> TokenDetail:
        """GET /tokens/{token} (the caller has checked the format)."""
        row = self._live_token(account, value)
        if row is None:
            raise errors.TokenNotFound()
        return self._token_detail(row)

    def list_tokens(self, account: str, *, skip: int, limit: int) -> list[TokenDetail]:
        """GET /tokens: live tokens, oldest first."""
        rows = self._rows(
            "SELECT * FROM tokens WHERE account = ? AND expire_at > ? ORDER BY seq LIMIT ? OFFSET ?",
            (account, self.now(), limit, skip),
        )
        return [self._token_detail(r) for r in rows]

    def update_token(self, account: str, value: str, changes: TokenChanges) -> TokenDetail:
        """PATCH /tokens/{token} with Basic credentials: replace the given fields."""
        with self._lock:
            row = self._live_token(account, value)
            if row is None:
                raise errors.TokenNotFoundOnUpdate()
            self._apply_changes(account, row, changes, new_value=None)
            return self.get_token(account, value)

    def refresh_token(self, value: str, refresh: str, changes: TokenChanges) -> TokenDetail:
        """PATCH /tokens/{token} with ``Bearer <refreshToken>``: rotate token and refresh token.

        The new token keeps the scopes (unless the body gives others), the name and limits;
        its lifetime is the body's ttl or the old token's. The old token is deleted, so the
        old value and the old refresh token stop working.
        """
        with self._lock:
            row = self._row(
                "SELECT * FROM tokens WHERE refresh_token = ? AND expire_at > ?",
                (refresh, self.now()),
            )
            if row is None or not hmac.compare_digest(str(row["token"]), value):
                raise errors.RefreshUnauthorized()
            account = str(row["account"])
            new_value = new_token_value()
            self._apply_changes(account, row, changes, new_value=new_value)
            return self.get_token(account, new_value)

    def _apply_changes(self, account: str, row: sqlite3.Row, changes: TokenChanges, *, new_value: str | None) -> None:
        scopes: list[str] = json.loads(row["scopes"])
        if changes.scopes is not None:
            if not changes.scopes:
                raise errors.InvalidScopesFormatOnUpdate("invalid scopes format: empty scopes array")
            scopes = self._check_catalogue(
                account,
                changes.scopes,
                fmt=errors.InvalidScopesFormatOnUpdate,
                invalid=errors.InvalidScopesOnUpdate,
            )
        ttl = int(row["ttl"])
        now = self.clock.now()
        expire_at = str(row["expire_at"])
        if changes.ttl is not None:
            ttl = effective_ttl(changes.ttl)
            if ttl > MAX_TTL:
                raise errors.InvalidScopesFormatOnUpdate("invalid ttl: at most 31536000 seconds (one year)")
        if changes.ttl is not None or new_value is not None:
            expire_at = format_time(now + timedelta(seconds=ttl))
        name = changes.name if changes.name is not None else row["name"]
        limits = changes.limits if changes.limits is not None else json.loads(row["limits"])
        with self._tx() as conn:
            if new_value is None:
                conn.execute(
                    "UPDATE tokens SET scopes = ?, name = ?, limits = ?, ttl = ?, expire_at = ?, "
                    "updated_at = ? WHERE seq = ?",
                    (dump_json(scopes), name, dump_json(limits), ttl, expire_at, format_time(now), row["seq"]),
                )
            else:
                conn.execute("DELETE FROM tokens WHERE seq = ?", (row["seq"],))
                conn.execute(
                    "INSERT INTO tokens (token, refresh_token, account, name, scopes, limits, "
                    "ttl, created_at, updated_at, expire_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        new_value,
                        new_token_value(),
                        account,
                        name,
                        dump_json(scopes),
                        dump_json(limits),
                        ttl,
                        format_time(now),
                        format_time(now),
                        expire_at,
                    ),
                )

    def delete_token(self, account: str, value: str) -> None:
        """DELETE /tokens/{token}."""
        with self._tx() as conn:
            deleted = conn.execute(
                "DELETE FROM tokens WHERE token = ? AND account = ? AND expire_at > ?",
                (value, account, self.now()),
            ).rowcount
        if not deleted:
            raise errors.TokenNotFoundOnDelete()

    def admin_list_tokens(self, account: str | None = None) -> list[dict[str, Any]]:
        """Live tokens' metadata for the admin API: never the values."""
        sql = "SELECT account, name, scopes, expire_at FROM tokens WHERE expire_at > ?"
        params: list[Any] = [self.now()]
        if account is not None:
            sql += " AND account = ?"
            params.append(account)
        return [
            {
                "account": r["account"],
                "name": r["name"],
                "scopes": json.loads(r["scopes"]),
                "expireAt": r["expire_at"],
            }
            for r in self._rows(sql + " ORDER BY seq", params)
        ]

    def _token_detail(self, row: sqlite3.Row) -> TokenDetail:
        return TokenDetail(
            token=row["token"],
            name=row["name"] if row["name"] is not None else "",
            created_at=row["created_at"],
            expire_at=row["expire_at"],
            updated_at=row["updated_at"],
            scopes=json.loads(row["scopes"]),
            refresh_token=row["refresh_token"],
            limits=TokenLimits.model_validate(json.loads(row["limits"])),
            stats=self._token_stats(str(row["account"]), str(row["token"])),
        )

    def _token_stats(self, account: str, value: str) -> TokenStats:
        """The token's own usage totals, read from the ``usage`` rows that name it."""
        # One statement grouped by IP rather than one for the sums and one for the IPs: every
        # GET /tokens/{token} pays this.
        rows = self._rows(
            "SELECT ip, SUM(total) t, SUM(wallet_requests) w, SUM(subscription_requests) s, "
            "SUM(error_requests) e, SUM(wallet_amount) a FROM usage "
            "WHERE account = ? AND token = ? GROUP BY ip ORDER BY ip",
            (account, value),
        )
        return TokenStats(
            total_requests=sum(int(r["t"]) for r in rows),
            wallet_requests=sum(int(r["w"]) for r in rows),
            subscription_requests=sum(int(r["s"]) for r in rows),
            error_requests=sum(int(r["e"]) for r in rows),
            wallet_amount=wire_number(sum(float(r["a"]) for r in rows)),
            ip=[str(r["ip"]) for r in rows],
        )
