"""The error log (GET /errors): failed requests, written by recorded usage with an error."""

from __future__ import annotations

from ..._models import ErrorLog
from .base import StoreBase
from .scopes import ScopePattern, filter_by_scopes

__all__ = ["ErrorLogMixin"]


class ErrorLogMixin(StoreBase):
    def list_errors(self, account: str, *, scopes: list[ScopePattern] | None, skip: int, limit: int) -> list[ErrorLog]:
        """GET /errors: newest first."""
        rows = self._rows(
            "SELECT * FROM error_logs WHERE account = ? ORDER BY error_at DESC, seq DESC",
            (account,),
        )
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
            for r in filter_by_scopes(rows, scopes)[skip : skip + limit]
        ]
