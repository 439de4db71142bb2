"""The scope catalogue: which concrete scopes an account may put in a token (GET /scopes)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ..._models import ScopeDetail, ScopeLimits, UserScope
from .. import errors
from .base import StoreBase, dump_json
from .scopes import ScopePattern, parse_scope, scope_id

__all__ = ["CatalogueMixin"]


class CatalogueMixin(StoreBase):
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
                        dump_json(entry.rate_limit if entry.rate_limit is not None else False),
                        dump_json(limits.model_dump(by_alias=True, exclude_none=True)),
                        dump_json(entry.requirements or {}),
                        dump_json(entry.prices or {}),
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
        r = conn.execute("SELECT * FROM scopes WHERE account = ? AND id = ?", (account, sid)).fetchone()
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
        self,
        account: str,
        scopes: list[str],
        *,
        fmt: type[errors.ServiceError],
        invalid: type[errors.ServiceError],
    ) -> list[str]:
        """Validate scope strings against the account's catalogue; de-duplicates, keeps order.

        A malformed scope raises ``fmt``; one that matches no enabled catalogue scope raises
        ``invalid`` (token create and update use different error codes for the same rules).
        """
        patterns: list[ScopePattern] = []
        for text in scopes:
            parsed = parse_scope(text)
            if parsed is None or str(parsed) != text:
                raise fmt()
            patterns.append(parsed)
        enabled = [
            str(r["scope"])
            for r in self._rows("SELECT scope FROM scopes WHERE account = ? AND enabled = 1", (account,))
        ]
        for pattern in patterns:
            if not any(pattern.matches(scope) for scope in enabled):
                raise invalid()
        return list(dict.fromkeys(str(p) for p in patterns))
