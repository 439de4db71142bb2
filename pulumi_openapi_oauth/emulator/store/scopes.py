"""The emulator's own scope grammar: ``METHOD:domain/path`` with ``*`` wildcards.

Independent of the provider's parser (``pulumi_openapi_oauth._scopes``) on purpose, and it
must stay so: the emulator plays the service, and the tests only catch a scope bug in the
provider if the emulator judges scopes by its own code. A parser shared by both sides would
let one bug pass every test. So this module imports nothing from the provider or the client,
and a rule change has to be made on both sides.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass

__all__ = ["ScopePattern", "filter_by_scopes", "parse_scope", "scope_id"]

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "*")
_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")


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


def filter_by_scopes(rows: list[sqlite3.Row], scopes: list[ScopePattern] | None) -> list[sqlite3.Row]:
    """The rows whose ``scope`` column falls under one of ``scopes`` (all rows without a filter)."""
    if not scopes:
        return rows
    return [r for r in rows if any(p.matches(str(r["scope"])) for p in scopes)]
