"""Callbacks: the service's webhook deliveries (GET /callbacks[/{id}])."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any

from ..._models import Callback, CallbackListElement
from .. import errors
from ..clock import format_time, parse_time
from .base import StoreBase, dump_json
from .scopes import ScopePattern, filter_by_scopes, parse_scope

__all__ = ["CallbacksMixin"]


class CallbacksMixin(StoreBase):
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
                        cid,
                        account,
                        str(parsed),
                        parsed.domain,
                        str(entry.get("url", "https://example.com/callback")),
                        str(entry.get("method", "POST")),
                        str(entry.get("field", "callbackUrl")),
                        None if code is None else int(code),
                        started,
                        format_time(parse_time(str(entry.get("createdAt", started)))),
                        None if completed is None else format_time(parse_time(str(completed))),
                        dump_json(entry.get("data", {})),
                        dump_json(entry.get("custom", {})),
                        dump_json(entry.get("headers", {"Content-Type": "application/json"})),
                        int(entry.get("elapsedTime", 0)),
                        int(entry.get("attempt", 1)),
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
                http_response_code=(None if r["http_response_code"] is None else str(r["http_response_code"])),
                started_at=r["started_at"],
                completed_at=r["completed_at"],
            )
            for r in filter_by_scopes(rows, scopes)[skip : skip + limit]
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
