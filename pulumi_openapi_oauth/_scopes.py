"""Scope strings, ``METHOD:domain/path``, parsed once for validation, diffing and policy.

No network and no Pulumi here: the Token provider's ``check`` and the policy rules both use
this module, so a scope is judged the same way at preview time and in a policy pack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["METHODS", "Scope", "ScopeSyntaxError", "parse_scope"]

#: Methods the service accepts; ``*`` means any method of the domain and path.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "*")

_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")


class ScopeSyntaxError(ValueError):
    """A scope string is not ``METHOD:domain/path``; the message says what to fix."""


@dataclass(frozen=True, order=True)
class Scope:
    method: str
    domain: str
    path: str

    def __str__(self) -> str:
        return f"{self.method}:{self.domain}/{self.path}"

    @property
    def is_wildcard(self) -> bool:
        """True for a ``*`` method or a ``*`` / trailing ``/*`` path."""
        return self.method == "*" or self.path == "*" or self.path.endswith("/*")

    def matches(self, scope: Scope) -> bool:
        """True if this scope, read as a pattern, grants ``scope``: same domain, the same method
        or ``*``, and the same path, ``*`` or a ``prefix/*`` that ``scope``'s path starts with.

        The provider's catalogue check uses it; the emulator has its own matcher on purpose.
        """
        if self.domain != scope.domain or self.method not in ("*", scope.method):
            return False
        if self.path == "*":
            return True
        if self.path.endswith("/*"):
            return scope.path.startswith(self.path[:-1])
        return self.path == scope.path


def parse_scope(text: str) -> Scope:
    """Parse and validate one scope; raises :class:`ScopeSyntaxError` naming the problem."""
    if not isinstance(text, str):
        raise ScopeSyntaxError(
            f"a scope must be a string like 'GET:domain.openapi.com/path', got {type(text).__name__}"
        )
    shown = _show(text)
    if text != text.strip() or not text:
        raise ScopeSyntaxError(
            f"scope {shown} is empty or has surrounding whitespace; write it as 'METHOD:domain/path'"
        )
    method, sep, rest = text.partition(":")
    if not sep:
        raise ScopeSyntaxError(
            f"scope {shown} has no 'METHOD:' prefix; write it as 'METHOD:domain/path', e.g. 'GET:company.openapi.com/IT-start'"
        )
    if method not in METHODS:
        hint = f" (did you mean '{method.upper()}'?)" if method.upper() in METHODS else ""
        raise ScopeSyntaxError(
            f"scope {shown} has unknown method {_show(method)}{hint}; use one of {', '.join(METHODS)}"
        )
    domain, slash, path = rest.partition("/")
    if not _DOMAIN.match(domain):
        raise ScopeSyntaxError(
            f"scope {shown} has an invalid domain {_show(domain)}; use a lower-case host name such as 'company.openapi.com'"
        )
    if not slash or not path:
        raise ScopeSyntaxError(f"scope {shown} has no path; write it as 'METHOD:{domain}/path'")
    segments = path.split("/")
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == "*" and last:
            continue
        if not _SEGMENT.match(seg) or seg in (".", ".."):
            raise ScopeSyntaxError(
                f"scope {shown} has an invalid path segment {_show(seg)}; paths use letters, digits and '._~-', "
                "and '*' only as the last segment"
            )
    return Scope(method, domain, path)


def _show(text: str, limit: int = 80) -> str:
    """A safe, bounded rendering of user input for error messages (no control characters)."""
    shown = text if len(text) <= limit else text[:limit] + "..."
    return repr(shown)
