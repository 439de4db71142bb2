"""Reading Token properties and policy config the way pulumi-policy hands them over.

What pulumi-policy 1.21 passes to a rule (see ``pulumi_policy/policy.py`` and ``proxy.py``):

- ``args.props`` is not a ``dict``: for validation it is an *unknown-checking proxy* (a
  ``Mapping`` whose nested lists and dicts are ``Sequence`` / ``Mapping`` proxies). Reading a
  value that is unknown during preview raises ``pulumi_policy.proxy.UnknownValueError``; the
  pack would turn that into an advisory "can't run policy during preview" note. For
  remediation it is a secrets-preserving proxy instead, where an unknown value is the raw
  sentinel string (``UNKNOWN_NUMBER_VALUE`` and friends).
- Numbers come through ``google.protobuf.Struct``: ``ttl=600`` arrives as ``600.0``, and so
  do the numbers of the policy config.

:func:`plain` turns either form into plain ``dict`` / ``list`` values with :data:`UNKNOWN`
in place of every unknown value, so a rule can skip exactly the values it cannot judge yet.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from pulumi_policy import PolicyResource, ReportViolation, ResourceValidationArgs, Secret, StackValidationArgs
from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
)

from .._constants import NATIVE_TOKEN_TYPE, TOKEN_TYPES
from .._names import TOKEN_NAMES, dynamic_names
from .._scopes import Scope, ScopeSyntaxError, parse_scope

__all__ = [
    "UNKNOWN",
    "TokenProps",
    "config_number",
    "config_strings",
    "fmt_number",
    "fmt_seconds",
    "in_program_names",
    "known_scopes",
    "matches_any",
    "number",
    "parsed_scopes",
    "plain",
    "stack_of",
    "stack_tokens",
    "token_props",
]

_SENTINELS: Final = frozenset(
    {
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_STRING_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_OBJECT_VALUE,
    }
)


class _Unknown:
    """The type of :data:`UNKNOWN`."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


#: Stands for a value that is not known until the update runs (preview only).
UNKNOWN: Final = _Unknown()


def plain(value: Any) -> Any:
    """A plain copy of a property value, with :data:`UNKNOWN` for each unknown value in it."""
    if isinstance(value, Secret):
        return plain(value.value)
    if isinstance(value, str):
        return UNKNOWN if value in _SENTINELS else value
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key in value:
            out[key] = _read(value, key)
        return out
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        return [_read(value, i) for i in range(len(value))]
    return value


def _read(container: Any, key: Any) -> Any:
    try:
        item = container[key]
    except UnknownValueError:
        return UNKNOWN
    return plain(item)


def number(value: Any) -> int | float | None:
    """A JSON number as ``int`` when integral (``600.0`` -> ``600``); ``None`` for non-numbers."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def fmt_number(value: int | float) -> str:
    """``600`` for integral values, ``12.5`` otherwise."""
    shown = number(value)
    return str(shown if shown is not None else value)


def fmt_seconds(seconds: int | float) -> str:
    """``7776000 s (90 days)``: the value and, when it is whole days or hours, a gloss."""
    shown = fmt_number(seconds)
    if seconds > 0 and seconds % 86400 == 0:
        days = int(seconds // 86400)
        return f"{shown} s ({days} day{'s' if days != 1 else ''})"
    if seconds > 0 and seconds % 3600 == 0:
        hours = int(seconds // 3600)
        return f"{shown} s ({hours} hour{'s' if hours != 1 else ''})"
    return f"{shown} s"


@dataclass(frozen=True)
class TokenProps:
    """A Token's properties as plain values; any of them may be :data:`UNKNOWN` or ``None``."""

    name: str
    urn: str
    values: dict[str, Any]

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def limit(self, key: str) -> Any:
        """``limits[key]``; ``None`` when limits or the key are unset, UNKNOWN when unknown."""
        limits = self.values.get("limits")
        if limits is UNKNOWN:
            return UNKNOWN
        if not isinstance(limits, dict):
            return None
        return limits.get(key)


def token_props(args: ResourceValidationArgs | PolicyResource) -> TokenProps | None:
    """The Token's properties (inputs, or outputs for a stack policy), of the dynamic or the native
    Token, with the dynamic Token's snake_case names; ``None`` for other resources."""
    if args.resource_type not in TOKEN_TYPES:
        return None
    values = plain(args.props)
    values = values if isinstance(values, dict) else {}
    if args.resource_type == NATIVE_TOKEN_TYPE:
        values = dynamic_names(values)
    return TokenProps(name=args.name, urn=args.urn, values=values)


A = TypeVar("A", ResourceValidationArgs, StackValidationArgs)


def in_program_names(validate: Callable[[A, ReportViolation], None]) -> Callable[[A, ReportViolation], None]:
    """A rule whose messages name properties as the Tokens' program writes them.

    The rules speak the dynamic Token's snake_case (``limits.wallet_amount``), which a YAML or
    TypeScript program of the native Token does not have: for a native Token, and for a stack
    whose Tokens are all native, the messages get the schema's names (``limits.walletAmount``).
    """

    def wrapper(args: A, report_violation: ReportViolation) -> None:
        if isinstance(args, ResourceValidationArgs):
            kinds = {args.resource_type}
        else:
            kinds = {r.resource_type for r in args.resources} & set(TOKEN_TYPES)
        if kinds != {NATIVE_TOKEN_TYPE}:
            validate(args, report_violation)
            return
        validate(args, lambda message, urn: report_violation(TOKEN_NAMES(message), urn))

    return wrapper


def stack_tokens(resources: Sequence[PolicyResource]) -> list[TokenProps]:
    """The Tokens among a stack policy's resources, in stack order."""
    tokens = (token_props(r) for r in resources)
    return [t for t in tokens if t is not None]


def known_scopes(token: TokenProps) -> list[str] | None:
    """The scope strings that are known; ``None`` when ``scopes`` as a whole is unknown.

    Unknown elements are left out (their siblings are still judged). Non-strings are left
    out too: scope syntax is the Token provider's ``check``, which rejects them anyway.
    """
    scopes = token.get("scopes")
    if scopes is UNKNOWN:
        return None
    if not isinstance(scopes, list):
        return []
    return [s for s in scopes if isinstance(s, str)]


def parsed_scopes(token: TokenProps) -> list[Scope]:
    """The known scopes that parse; a malformed one is the provider's ``check`` to reject."""
    out: list[Scope] = []
    for text in known_scopes(token) or []:
        try:
            out.append(parse_scope(text))
        except ScopeSyntaxError:
            continue
    return out


def config_number(config: Mapping[str, Any], key: str, default: int | float | None) -> int | float | None:
    """A numeric config property; unset or ``null`` gives ``default``."""
    value = config.get(key)
    if value is None:
        return default
    parsed = number(value)
    if parsed is None:
        raise TypeError(f"policy config {key!r} must be a number, got {value!r}")
    return parsed


def config_strings(config: Mapping[str, Any], key: str, default: list[str] | None) -> list[str] | None:
    """A list-of-strings config property; unset or ``null`` gives ``default``."""
    value = config.get(key)
    if value is None:
        return None if default is None else list(default)
    if isinstance(value, str) or not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"policy config {key!r} must be a list of strings, got {value!r}")
    return list(value)


def matches_any(text: str, patterns: Sequence[str]) -> str | None:
    """The first glob in ``patterns`` that ``text`` matches (case-sensitive), else ``None``."""
    for pattern in patterns:
        if fnmatch.fnmatchcase(text, pattern):
            return pattern
    return None


def stack_of(urn: str) -> str | None:
    """The stack name in a URN (``urn:pulumi:<stack>::<project>::<type>::<name>``)."""
    if not urn.startswith("urn:pulumi:"):
        return None
    stack, sep, _ = urn[len("urn:pulumi:") :].partition("::")
    return stack if sep and stack else None
