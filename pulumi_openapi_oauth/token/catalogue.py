"""The account's scope catalogue, as ``check`` judges the ``scopes`` input against it.

Built from one GET /scopes per provider process; no I/O here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from pulumi_openapi_oauth._models import UserScope
from pulumi_openapi_oauth._scopes import Scope, ScopeSyntaxError, parse_scope
from pulumi_openapi_oauth.token.inputs import show

__all__ = ["Catalogue"]


@dataclass(frozen=True)
class Catalogue:
    """The account's scopes: every known scope string and whether it is enabled."""

    enabled: dict[str, bool]
    parsed: tuple[Scope, ...]  # the enabled ones

    @classmethod
    def build(cls, scopes: list[UserScope]) -> Catalogue:
        enabled: dict[str, bool] = {}
        parsed: list[Scope] = []
        for item in scopes:
            text = item.scope or (f"{item.method}:{item.domain}/{item.endpoint}" if item.method else None)
            if not text:
                continue
            on = item.enabled is not False
            enabled[text] = enabled.get(text, False) or on
            if on:
                try:
                    parsed.append(parse_scope(text))
                except ScopeSyntaxError:
                    continue
        return cls(enabled, tuple(parsed))

    def problem(self, text: str) -> str | None:
        """Why ``text`` cannot be granted, or None when it can."""
        scope = parse_scope(text)
        if scope.is_wildcard:
            if any(scope.matches(s) for s in self.parsed):
                return None
            return (
                f"wildcard scope {show(text)} matches no enabled scope of {scope.domain!r} in your account; "
                "narrow it or enable a matching scope"
            )
        state = self.enabled.get(text)
        if state is True:
            return None
        if state is False:
            return f"scope {show(text)} is disabled for your account; enable it in the Openapi console or remove it"
        close = difflib.get_close_matches(text, list(self.enabled), n=1, cutoff=0.75)
        hint = f"; did you mean {show(close[0], 200)}?" if close else "; list the available ones with get_scopes()"
        return f"scope {show(text)} is not in your account's catalogue{hint}"
