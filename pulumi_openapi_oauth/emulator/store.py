"""SQLite state of the emulator: the moto-style backend.

Methods are named after the API operations (``create_token``, ``list_errors``, ...), take
plain Python values, return wire models from :mod:`pulumi_openapi_oauth._models` and raise
:mod:`.errors` classes. There is no HTTP here.

Concurrency: FastAPI runs sync endpoints in a thread pool, so the store holds one
connection (``check_same_thread=False``) behind one re-entrant lock: every operation,
read or write, is serialised. A file database runs in WAL mode and survives restarts.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .._models import (
    ApiStats,
    ApiStatsDetail,
    Callback,
    CallbackListElement,
    ErrorLog,
    ScopeDetail,
    ScopeLimits,
    ScopeStats,
    Stats,
    Subscription,
    SubscriptionListElement,
    TokenDetail,
    TokenLimits,
    TokenStats,
    UserScope,
    Wallet,
    WalletTransaction,
)
from . import errors
from .clock import Clock, format_time, parse_time

__all__ = [
    "DEFAULT_TTL",
    "MAX_TTL",
    "TOKEN_PATTERN",
    "ScopePattern",
    "Store",
    "TokenChanges",
    "check_date",
    "derived_id",
    "parse_scope",
    "scope_id",
]

#: Default token lifetime (30 days), used when ttl is missing, zero or negative.
DEFAULT_TTL = 30 * 24 * 3600
#: Longest accepted token lifetime (one year); a longer ttl is a 422.
MAX_TTL = 365 * 24 * 3600
#: What a token value (and a refresh token) looks like: ``secrets.token_hex(20)``.
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{40}$")
#: Pagination cap of every list endpoint (the spec's ``maximum: 100``).
MAX_LIMIT = 100

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "*")
_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    email TEXT PRIMARY KEY, api_key TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS scopes (
    account TEXT NOT NULL, id TEXT NOT NULL, scope TEXT NOT NULL, method TEXT NOT NULL,
    domain TEXT NOT NULL, endpoint TEXT NOT NULL, enabled INTEGER NOT NULL,
    rate_limit TEXT NOT NULL, free_limits TEXT NOT NULL, requirements TEXT NOT NULL,
    prices TEXT NOT NULL, PRIMARY KEY (account, id));
CREATE TABLE IF NOT EXISTS tokens (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, token TEXT NOT NULL UNIQUE,
    refresh_token TEXT NOT NULL UNIQUE, account TEXT NOT NULL, name TEXT,
    scopes TEXT NOT NULL, limits TEXT NOT NULL, ttl INTEGER NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, expire_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tokens_account ON tokens (account, expire_at);
CREATE TABLE IF NOT EXISTS usage (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, token TEXT,
    scope TEXT NOT NULL, domain TEXT NOT NULL, at TEXT NOT NULL, total INTEGER NOT NULL,
    wallet_requests INTEGER NOT NULL, subscription_requests INTEGER NOT NULL,
    error_requests INTEGER NOT NULL, wallet_amount REAL NOT NULL, ip TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS usage_account ON usage (account, at);
CREATE TABLE IF NOT EXISTS error_logs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, account TEXT NOT NULL,
    scope TEXT NOT NULL, domain TEXT NOT NULL, error_at TEXT NOT NULL, http INTEGER NOT NULL,
    code INTEGER, message TEXT NOT NULL, ip TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS wallets (
    account TEXT PRIMARY KEY, credit REAL NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transactions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, account TEXT NOT NULL,
    amount REAL NOT NULL, created_at TEXT NOT NULL, description TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS subscriptions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, account TEXT NOT NULL,
    scope TEXT NOT NULL, domain TEXT NOT NULL, starts_at TEXT NOT NULL,
    expires_at TEXT NOT NULL, total_requests INTEGER NOT NULL,
    available_requests INTEGER NOT NULL, price_per_request REAL NOT NULL, type TEXT NOT NULL,
    autorenew INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    price REAL NOT NULL, UNIQUE (account, id));
CREATE TABLE IF NOT EXISTS callbacks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, account TEXT NOT NULL,
    scope TEXT NOT NULL, domain TEXT, url TEXT NOT NULL, method TEXT NOT NULL,
    field TEXT NOT NULL, http_response_code INTEGER, started_at TEXT NOT NULL,
    created_at TEXT NOT NULL, completed_at TEXT, data TEXT NOT NULL, custom TEXT NOT NULL,
    headers TEXT NOT NULL, elapsed_time INTEGER NOT NULL, attempt INTEGER NOT NULL,
    retry INTEGER NOT NULL, UNIQUE (account, id));
"""


# --------------------------------------------------------------------------- scopes


@dataclass(frozen=True)
class ScopePattern:
    """A parsed ``METHOD:domain/path``; ``*`` method and ``*`` / ``.../*`` paths are wildcards."""

    method: str
    domain: str
    path: str

    def __str__(self) -> str:
        return f"{self.method}:{self.domain}/{self.path}"

    @property
    def is_wildcard(self) -> bool:
        return self.method == "*" or self.path == "*" or self.path.endswith("/*")

    def matches(self, scope: str) -> bool:
        """Does the concrete catalogue scope ``scope`` fall under this pattern?"""
        method, _, rest = scope.partition(":")
        domain, _, path = rest.partition("/")
        if domain != self.domain or self.method not in ("*", method):
            return False
        if self.path == "*":
            return True
        if self.path.endswith("/*"):
            return path.startswith(self.path[:-1])
        return path == self.path


def parse_scope(text: object) -> ScopePattern | None:
    """Parse one scope string; ``None`` when it is not ``METHOD:domain/path``."""
    if not isinstance(text, str) or not text or len(text) > 512:
        return None
    method, sep, rest = text.partition(":")
    if not sep or method not in _METHODS:
        return None
    domain, slash, path = rest.partition("/")
    if not slash or not path or not _DOMAIN.match(domain):
        return None
    segments = path.split("/")
    for index, segment in enumerate(segments):
        if segment == "*" and index == len(segments) - 1:
            continue
        if not _SEGMENT.match(segment) or segment in (".", ".."):
            return None
    return ScopePattern(method, domain, path)


def scope_id(scope: str) -> str:
    """The stable 24-hex id of a catalogue scope, derived from the scope string only."""
    return hashlib.sha256(scope.encode()).hexdigest()[:24]


def derived_id(*parts: str) -> str:
    """A stable 24-hex id from ``parts`` (the seed uses it so re-seeding is idempotent)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


# --------------------------------------------------------------------------- tokens


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


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def _fnum(value: float) -> float | int:
    """A float that is an integer renders as one (``80`` rather than ``80.0``)."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


class Store:
    """The emulator's whole state, in one SQLite database."""

    def __init__(self, db: str, *, clock: Clock | None = None) -> None:
        self.db = db
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(db, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 5000")
        if db != ":memory:" and not db.startswith("file::memory:"):
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.executescript(_SCHEMA)
        offset = self._meta("clock_offset")
        self.clock = clock or Clock(offset=float(offset) if offset else 0.0)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # ----------------------------------------------------------------- plumbing

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One serialised write transaction."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

    def _row(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._conn.execute(sql, params).fetchone()
            return row

    def _meta(self, key: str) -> str | None:
        row = self._row("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    def _set_meta(self, conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def now(self) -> str:
        return self.clock.iso()

    # ----------------------------------------------------------------- accounts

    def add_account(self, email: str, api_key: str) -> None:
        """Create the account (with an empty wallet), or update its API key."""
        now = self.now()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO accounts (email, api_key, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (email) DO UPDATE SET api_key = excluded.api_key",
                (email, api_key, now),
            )
            conn.execute(
                "INSERT OR IGNORE INTO wallets (account, credit, created_at, updated_at) "
                "VALUES (?, 0, ?, ?)",
                (email, now, now),
            )

    def authenticate(self, email: str, api_key: str) -> str:
        """The account for Basic credentials; raises :class:`errors.Unauthorized`."""
        row = self._row("SELECT api_key FROM accounts WHERE email = ?", (email,))
        if row is None or not hmac.compare_digest(str(row["api_key"]).encode(), api_key.encode()):
            raise errors.Unauthorized()
        return email

    def accounts(self) -> list[str]:
        return [str(r["email"]) for r in self._rows("SELECT email FROM accounts ORDER BY email")]

    def _require_account(self, email: str) -> None:
        if self._row("SELECT 1 FROM accounts WHERE email = ?", (email,)) is None:
            raise errors.BadRequest(f"unknown account {email!r}")

    # ----------------------------------------------------------------- clock

    def advance_clock(self, seconds: float) -> str:
        """Move the emulator clock forward; the offset is persisted."""
        self.clock.advance(seconds)
        with self._tx() as conn:
            self._set_meta(conn, "clock_offset", repr(self.clock.offset))
        return self.now()

    # ----------------------------------------------------------------- catalogue

    def add_scopes(self, account: str, entries: Iterable[ScopeDetail]) -> list[ScopeDetail]:
        """Add or replace catalogue entries of ``account`` (admin API and seed)."""
        self._require_account(account)
        added: list[ScopeDetail] = []
        with self._tx() as conn:
            for entry in entries:
                parsed = parse_scope(entry.scope)
                if parsed is None or parsed.is_wildcard:
                    raise errors.BadRequest(f"invalid catalogue scope {entry.scope!r}")
                text = str(parsed)
                limits = entry.free_limits or ScopeLimits(
                    day_limit=False, month_limit=False, year_limit=False, total_limit=False
                )
                conn.execute(
                    "INSERT INTO scopes (account, id, scope, method, domain, endpoint, enabled, "
                    "rate_limit, free_limits, requirements, prices) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
                    "ON CONFLICT (account, id) DO UPDATE SET enabled = excluded.enabled, "
                    "rate_limit = excluded.rate_limit, free_limits = excluded.free_limits, "
                    "requirements = excluded.requirements, prices = excluded.prices",
                    (
                        account,
                        scope_id(text),
                        text,
                        parsed.method,
                        parsed.domain,
                        parsed.path,
                        1 if entry.enabled is None or entry.enabled else 0,
                        _dumps(entry.rate_limit if entry.rate_limit is not None else False),
                        _dumps(limits.model_dump(by_alias=True, exclude_none=True)),
                        _dumps(entry.requirements or {}),
                        _dumps(entry.prices or {}),
                    ),
                )
                added.append(self._scope_detail(account, scope_id(text), conn=conn))
        return added

    def list_scopes(self, account: str) -> list[UserScope]:
        rows = self._rows(
            "SELECT id, scope, method, endpoint, domain, enabled FROM scopes WHERE account = ? "
            "ORDER BY domain, endpoint, method",
            (account,),
        )
        return [
            UserScope(
                id=r["id"],
                scope=r["scope"],
                method=r["method"],
                endpoint=r["endpoint"],
                domain=r["domain"],
                enabled=bool(r["enabled"]),
            )
            for r in rows
        ]

    def get_scope(self, account: str, scope_id_: str) -> ScopeDetail:
        with self._lock:
            return self._scope_detail(account, scope_id_, conn=self._conn)

    def _scope_detail(self, account: str, sid: str, *, conn: sqlite3.Connection) -> ScopeDetail:
        r = conn.execute(
            "SELECT * FROM scopes WHERE account = ? AND id = ?", (account, sid)
        ).fetchone()
        if r is None:
            raise errors.ScopeNotFound()
        return ScopeDetail(
            id=r["id"],
            scope=r["scope"],
            method=r["method"],
            endpoint=r["endpoint"],
            domain=r["domain"],
            enabled=bool(r["enabled"]),
            rate_limit=json.loads(r["rate_limit"]),
            free_limits=ScopeLimits.model_validate(json.loads(r["free_limits"])),
            requirements=json.loads(r["requirements"]),
            prices=json.loads(r["prices"]),
        )

    def _check_catalogue(
        self, account: str, scopes: list[str], *, fmt: type[errors.ServiceError],
        invalid: type[errors.ServiceError],
    ) -> list[str]:
        """Validate scope strings against the account's catalogue; de-duplicates, keeps order."""
        patterns: list[ScopePattern] = []
        for text in scopes:
            parsed = parse_scope(text)
            if parsed is None or str(parsed) != text:
                raise fmt()
            patterns.append(parsed)
        enabled = [
            str(r["scope"])
            for r in self._rows(
                "SELECT scope FROM scopes WHERE account = ? AND enabled = 1", (account,)
            )
        ]
        for pattern in patterns:
            if not any(pattern.matches(scope) for scope in enabled):
                raise invalid()
        return list(dict.fromkeys(str(p) for p in patterns))

    # ----------------------------------------------------------------- tokens

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
        value, refresh = secrets.token_hex(20), secrets.token_hex(20)
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO tokens (token, refresh_token, account, name, scopes, limits, ttl, "
                "created_at, updated_at, expire_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    value,
                    refresh,
                    account,
                    changes.name,
                    _dumps(scopes),
                    _dumps(changes.limits or {}),
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
            new_value = secrets.token_hex(20)
            self._apply_changes(account, row, changes, new_value=new_value)
            return self.get_token(account, new_value)

    def _apply_changes(
        self, account: str, row: sqlite3.Row, changes: TokenChanges, *, new_value: str | None
    ) -> None:
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
                raise errors.InvalidScopesFormatOnUpdate(
                    "invalid ttl: at most 31536000 seconds (one year)"
                )
        if changes.ttl is not None or new_value is not None:
            expire_at = format_time(now + timedelta(seconds=ttl))
        name = changes.name if changes.name is not None else row["name"]
        limits = changes.limits if changes.limits is not None else json.loads(row["limits"])
        with self._tx() as conn:
            if new_value is None:
                conn.execute(
                    "UPDATE tokens SET scopes = ?, name = ?, limits = ?, ttl = ?, expire_at = ?, "
                    "updated_at = ? WHERE seq = ?",
                    (_dumps(scopes), name, _dumps(limits), ttl, expire_at, format_time(now),
                     row["seq"]),
                )
            else:
                conn.execute("DELETE FROM tokens WHERE seq = ?", (row["seq"],))
                conn.execute(
                    "INSERT INTO tokens (token, refresh_token, account, name, scopes, limits, "
                    "ttl, created_at, updated_at, expire_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (new_value, secrets.token_hex(20), account, name, _dumps(scopes),
                     _dumps(limits), ttl, format_time(now), format_time(now), expire_at),
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
        # One statement per IP group rather than one for the sums and one for the IPs: every
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
            wallet_amount=_fnum(sum(float(r["a"]) for r in rows)),
            ip=[str(r["ip"]) for r in rows],
        )

    # ----------------------------------------------------------------- usage (admin)

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
    ) -> dict[str, Any]:
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
                        (secrets.token_hex(12), account, str(parsed), parsed.domain, when,
                         int(error.get("http", 400)), error.get("code"),
                         str(error.get("message", "Error")), ip),
                    )
            elif wallet_amount > 0:
                wallet_n, amount = count, float(wallet_amount)
                self._wallet_add(conn, account, -amount, f"API usage - {parsed.domain}", when)
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
                        "UPDATE subscriptions SET available_requests = ?, updated_at = ? "
                        "WHERE seq = ?",
                        (max(0, int(sub["available_requests"]) - count), when, sub["seq"]),
                    )
            conn.execute(
                "INSERT INTO usage (account, token, scope, domain, at, total, wallet_requests, "
                "subscription_requests, error_requests, wallet_amount, ip) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (account, token, str(parsed), parsed.domain, when, count, wallet_n, sub_n,
                 err_n, amount, ip),
            )
        return {
            "at": when,
            "totalRequests": count,
            "walletRequests": wallet_n,
            "subscriptionRequests": sub_n,
            "errorRequests": err_n,
            "walletAmount": _fnum(amount),
        }

    # ----------------------------------------------------------------- errors

    def list_errors(
        self, account: str, *, scopes: list[ScopePattern] | None, skip: int, limit: int
    ) -> list[ErrorLog]:
        """GET /errors: newest first."""
        rows = self._rows(
            "SELECT * FROM error_logs WHERE account = ? ORDER BY error_at DESC, seq DESC",
            (account,),
        )
        rows = _filter(rows, scopes)[skip : skip + limit]
        return [
            ErrorLog(
                id=r["id"],
                scope=r["scope"],
                domain=r["domain"],
                error_at=r["error_at"],
                http_response_code=r["http"],
                error_code=r["code"],
                message=r["message"],
                ip=r["ip"],
            )
            for r in rows
        ]

    # ----------------------------------------------------------------- wallet

    def _wallet_add(
        self, conn: sqlite3.Connection, account: str, amount: float, description: str, when: str
    ) -> None:
        conn.execute(
            "UPDATE wallets SET credit = credit + ?, updated_at = ? WHERE account = ?",
            (amount, when, account),
        )
        conn.execute(
            "INSERT INTO transactions (id, account, amount, created_at, description) "
            "VALUES (?,?,?,?,?)",
            ("txn_" + secrets.token_hex(12), account, amount, when, description),
        )

    def get_wallet(self, account: str) -> Wallet:
        row = self._row("SELECT * FROM wallets WHERE account = ?", (account,))
        if row is None:
            now = self.now()
            return Wallet(credit=0, created_at=now, updated_at=now)
        return Wallet(
            credit=_fnum(float(row["credit"])),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def set_wallet(
        self, account: str, *, credit: float, description: str | None = "Wallet recharge",
        created_at: str | None = None, at: str | None = None,
    ) -> Wallet:
        """Set the credit; the difference is written as a transaction unless description is None."""
        self._require_account(account)
        if not math.isfinite(credit):
            raise errors.BadRequest("credit must be a finite number")
        now = at or self.now()
        with self._tx() as conn:
            row = conn.execute("SELECT credit FROM wallets WHERE account = ?", (account,)).fetchone()
            delta = credit - float(row["credit"])
            if description is not None and abs(delta) > 1e-9:
                self._wallet_add(conn, account, delta, description, now)
            conn.execute(
                "UPDATE wallets SET credit = ?, updated_at = ? WHERE account = ?",
                (credit, now, account),
            )
            if created_at is not None:
                conn.execute(
                    "UPDATE wallets SET created_at = ? WHERE account = ?", (created_at, account)
                )
        return self.get_wallet(account)

    def list_wallet_transactions(
        self, account: str, *, skip: int, limit: int
    ) -> list[WalletTransaction]:
        rows = self._rows(
            "SELECT * FROM transactions WHERE account = ? ORDER BY created_at DESC, seq DESC "
            "LIMIT ? OFFSET ?",
            (account, limit, skip),
        )
        return [
            WalletTransaction(
                id=r["id"],
                amount=_fnum(float(r["amount"])),
                created_at=r["created_at"],
                description=r["description"],
            )
            for r in rows
        ]

    # ----------------------------------------------------------------- subscriptions

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
                        sid, account, str(parsed), parsed.domain, starts,
                        format_time(parse_time(str(entry.get("expiresAt", expires_default)))),
                        total, int(entry.get("availableRequests", total)),
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
        rows = self._rows(
            "SELECT * FROM subscriptions WHERE account = ? ORDER BY seq", (account,)
        )
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
            for r in _filter(rows, scopes)[skip : skip + limit]
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
            price_per_request=_fnum(float(r["price_per_request"])),
            type=r["type"],
            autorenew=bool(r["autorenew"]),
            created_at=r["created_at"],
            updated_at=r["updated_at"],
            price=_fnum(float(r["price"])),
        )

    # ----------------------------------------------------------------- callbacks

    def add_callbacks(self, account: str, entries: Iterable[dict[str, Any]]) -> list[Callback]:
        """Add callbacks (admin API and seed); keys as on the wire (camelCase)."""
        self._require_account(account)
        now = self.now()
        ids: list[str] = []
        with self._tx() as conn:
            for entry in entries:
                parsed = parse_scope(entry.get("scope"))
                if parsed is None or parsed.is_wildcard:
                    raise errors.BadRequest(f"invalid callback scope {entry.get('scope')!r}")
                cid = str(entry.get("id") or secrets.token_hex(12))
                started = format_time(parse_time(str(entry.get("startedAt", now))))
                completed = entry.get("completedAt")
                code = entry.get("httpResponseCode")
                conn.execute(
                    "INSERT OR REPLACE INTO callbacks (id, account, scope, domain, url, method, "
                    "field, http_response_code, started_at, created_at, completed_at, data, "
                    "custom, headers, elapsed_time, attempt, retry) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        cid, account, str(parsed), parsed.domain,
                        str(entry.get("url", "https://example.com/callback")),
                        str(entry.get("method", "POST")), str(entry.get("field", "callbackUrl")),
                        None if code is None else int(code), started,
                        format_time(parse_time(str(entry.get("createdAt", started)))),
                        None if completed is None else format_time(parse_time(str(completed))),
                        _dumps(entry.get("data", {})), _dumps(entry.get("custom", {})),
                        _dumps(entry.get("headers", {"Content-Type": "application/json"})),
                        int(entry.get("elapsedTime", 0)), int(entry.get("attempt", 1)),
                        int(entry.get("retry", 0)),
                    ),
                )
                ids.append(cid)
        return [self.get_callback(account, cid) for cid in ids]

    def list_callbacks(
        self, account: str, *, scopes: list[ScopePattern] | None, skip: int, limit: int
    ) -> list[CallbackListElement]:
        """GET /callbacks: newest first."""
        rows = self._rows(
            "SELECT * FROM callbacks WHERE account = ? ORDER BY started_at DESC, seq DESC",
            (account,),
        )
        return [
            CallbackListElement(
                id=r["id"],
                scope=r["scope"],
                url=r["url"],
                http_response_code=(
                    None if r["http_response_code"] is None else str(r["http_response_code"])
                ),
                started_at=r["started_at"],
                completed_at=r["completed_at"],
            )
            for r in _filter(rows, scopes)[skip : skip + limit]
        ]

    def get_callback(self, account: str, cid: str) -> Callback:
        r = self._row("SELECT * FROM callbacks WHERE account = ? AND id = ?", (account, cid))
        if r is None:
            raise errors.CallbackNotFound()
        return Callback(
            id=r["id"],
            scope=r["scope"],
            domain=r["domain"],
            active=r["completed_at"] is None,
            started_at=r["started_at"],
            created_at=r["created_at"],
            completed_at=r["completed_at"],
            http_response_code=r["http_response_code"],
            data=json.loads(r["data"]),
            custom=json.loads(r["custom"]),
            headers=json.loads(r["headers"]),
            elapsed_time=r["elapsed_time"],
            attempt=r["attempt"],
            retry=r["retry"],
            field=r["field"],
            method=r["method"],
            url=r["url"],
        )

    # ----------------------------------------------------------------- stats

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
        totals = _totals(rows)
        return Stats(
            **totals,
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

    # ----------------------------------------------------------------- seed bookkeeping

    def seeded(self, name: str, account: str) -> bool:
        return self._meta(f"seed:{name}:{account}") is not None

    def mark_seeded(self, name: str, account: str) -> None:
        with self._tx() as conn:
            self._set_meta(conn, f"seed:{name}:{account}", self.now())


def check_date(date: str | None) -> str | None:
    """Validate the ``date`` filter (YYYY, YYYY-MM or YYYY-MM-DD); raises error 240."""
    if date is None or date == "":
        return None
    match = _DATE.match(date)
    if match is None:
        raise errors.InvalidDateFormat()
    year, month, day = match.groups()
    try:
        datetime(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise errors.InvalidDateFormat() from exc
    return date


def _filter(rows: list[sqlite3.Row], scopes: list[ScopePattern] | None) -> list[sqlite3.Row]:
    if not scopes:
        return rows
    return [r for r in rows if any(p.matches(str(r["scope"])) for p in scopes)]


def _totals(rows: list[sqlite3.Row]) -> dict[str, Any]:
    return {
        "total_requests": sum(int(r["total"]) for r in rows),
        "wallet_requests": sum(int(r["wallet_requests"]) for r in rows),
        "subscription_requests": sum(int(r["subscription_requests"]) for r in rows),
        "error_requests": sum(int(r["error_requests"]) for r in rows),
        "wallet_amount": _fnum(sum(float(r["wallet_amount"]) for r in rows)),
    }

