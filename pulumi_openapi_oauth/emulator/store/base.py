"""The store's SQLite connection, its schema and the helpers every family mixin shares.

:class:`StoreBase` owns the connection and the lock; each family (accounts, tokens, ...)
is a mixin that subclasses it, so every mixin type-checks on its own against the same
connection and helpers, and :class:`~pulumi_openapi_oauth.emulator.store.Store` composes them.

Concurrency: FastAPI runs sync endpoints in a thread pool, so the store holds one
connection (``check_same_thread=False``) behind one re-entrant lock: every operation,
read or write, is serialised. A file database runs in WAL mode and survives restarts.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .. import errors
from ..clock import Clock

__all__ = ["MAX_LIMIT", "SCHEMA", "StoreBase", "derived_id", "dump_json", "wire_number"]

#: Pagination cap of every list endpoint (the spec's ``maximum: 100``).
MAX_LIMIT = 100

SCHEMA = """
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


def derived_id(*parts: str) -> str:
    """A stable 24-hex id from ``parts`` (the seed uses it so re-seeding is idempotent)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def dump_json(value: Any) -> str:
    """Compact, key-sorted JSON for the TEXT columns that hold lists and objects."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def wire_number(value: float) -> float | int:
    """A float that is an integer renders as one (``80`` rather than ``80.0``)."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


class StoreBase:
    """The connection, the lock, the clock and the ``meta`` table; no service operation."""

    def __init__(self, db: str, *, clock: Clock | None = None) -> None:
        self.db = db
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(db, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 5000")
        if db != ":memory:" and not db.startswith("file::memory:"):
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.executescript(SCHEMA)
        offset = self._meta("clock_offset")
        self.clock = clock or Clock(offset=float(offset) if offset else 0.0)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

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
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _require_account(self, email: str) -> None:
        """Admin writes name an account; an unknown one is a 400, before anything is written."""
        if self._row("SELECT 1 FROM accounts WHERE email = ?", (email,)) is None:
            raise errors.BadRequest(f"unknown account {email!r}")

    def now(self) -> str:
        return self.clock.iso()

    def advance_clock(self, seconds: float) -> str:
        """Move the emulator clock forward; the offset is persisted in ``meta``."""
        self.clock.advance(seconds)
        with self._tx() as conn:
            self._set_meta(conn, "clock_offset", repr(self.clock.offset))
        return self.now()

    def seeded(self, name: str, account: str) -> bool:
        """Has seed ``name`` been applied to ``account`` (a marker in ``meta``)?"""
        return self._meta(f"seed:{name}:{account}") is not None

    def mark_seeded(self, name: str, account: str) -> None:
        with self._tx() as conn:
            self._set_meta(conn, f"seed:{name}:{account}", self.now())
