"""Argument checks of the lookups: run locally, before any request.

Each check returns the normalised value or raises :class:`LookupError` naming the lookup and
the argument, e.g. ``get_stats: date '2026-13' is not YYYY, YYYY-MM or YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from typing import Any

from pulumi_openapi_oauth._scopes import _DOMAIN, METHODS, ScopeSyntaxError, _show, parse_scope
from pulumi_openapi_oauth.errors import LookupError

__all__ = [
    "check_bool",
    "check_date",
    "check_domain",
    "check_id",
    "check_limit",
    "check_method",
    "check_scope",
    "check_scopes",
]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: Ids go into URL paths: unreserved URL characters only.
_ID = re.compile(r"^[A-Za-z0-9._~-]{1,128}$")


def _bad(lookup: str, argument: str, message: str) -> LookupError:
    return LookupError(lookup, message, argument=argument)


def check_date(lookup: str, date: Any) -> str | None:
    """``None``, a ``datetime.date`` or a string YYYY, YYYY-MM or YYYY-MM-DD of a real day."""
    if date is None:
        return None
    if isinstance(date, _dt.datetime):
        date = date.date()
    if isinstance(date, _dt.date):
        return date.isoformat()
    if not isinstance(date, str):
        raise _bad(lookup, "date", f"date must be a string YYYY, YYYY-MM or YYYY-MM-DD, got {type(date).__name__}")
    match = _DATE.match(date)
    if match is not None:
        year, month, day = match.groups()
        try:
            _dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            match = None
    if match is None:
        raise _bad(lookup, "date", f"date {_show(date)} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return date


def check_id(lookup: str, value: Any, *, argument: str = "id") -> str:
    if not isinstance(value, str):
        raise _bad(lookup, argument, f"{argument} must be a string, got {type(value).__name__}")
    if not _ID.match(value):
        raise _bad(
            lookup,
            argument,
            f"{argument} {_show(value)} is not a valid id (1-128 letters, digits or '._~-')",
        )
    return value


def check_domain(lookup: str, value: Any, *, argument: str = "domain") -> str:
    if not isinstance(value, str):
        raise _bad(lookup, argument, f"{argument} must be a string, got {type(value).__name__}")
    if not _DOMAIN.match(value):
        raise _bad(
            lookup,
            argument,
            f"{argument} {_show(value)} is not a domain; use a lower-case host name such as 'company.openapi.com'",
        )
    return value


def check_method(lookup: str, value: Any) -> str:
    if not isinstance(value, str) or value not in METHODS:
        hint = ""
        if isinstance(value, str) and value.upper() in METHODS:
            hint = f" (did you mean '{value.upper()}'?)"
        shown = _show(value) if isinstance(value, str) else repr(value)
        raise _bad(lookup, "method", f"method {shown} is not one of {', '.join(METHODS)}{hint}")
    return value


def check_bool(lookup: str, argument: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _bad(lookup, argument, f"{argument} must be True or False, got {value!r}")
    return value


def check_limit(lookup: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _bad(lookup, "limit", f"limit must be a positive integer, got {value!r}")
    return value


def check_scope(lookup: str, value: Any, *, argument: str = "scope") -> str:
    try:
        return str(parse_scope(value))
    except ScopeSyntaxError as exc:
        raise _bad(lookup, argument, f"{argument}: {exc}") from None


def check_scopes(lookup: str, value: Any) -> tuple[str, ...] | None:
    """``None`` or a list of scope strings; returned sorted and without duplicates, so the
    same set asked in another order shares the cached answer."""
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise _bad(lookup, "scopes", f"scopes must be a list of scope strings, got {type(value).__name__}")
    if not value:
        return None
    return tuple(sorted({check_scope(lookup, s, argument=f"scopes[{i}]") for i, s in enumerate(value)}))
