"""``openapi-oauth-forbidden-scopes``: no scope matches a forbidden glob.

Config ``patterns`` (default ``["DELETE:*"]``): fnmatch globs over the scope string
``METHOD:domain/path``, case-sensitive. A scope with the ``*`` method grants every method, so
it is also checked as each concrete method (``*:x.openapi.com/a`` is caught by
``DELETE:*``). A ``*`` in a scope's *path* is matched literally: pair this rule with
``openapi-oauth-no-wildcard-scopes``. Mandatory.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from .._scopes import METHODS, Scope
from ._props import config_strings, in_program_names, matches_any, parsed_scopes, token_props

__all__ = ["DEFAULT_PATTERNS", "FORBIDDEN_SCOPES"]

DEFAULT_PATTERNS = ("DELETE:*",)


def _forbidden_by(scope: Scope, patterns: list[str]) -> tuple[str, str] | None:
    """The (granted scope, pattern) pair that makes ``scope`` forbidden, if any."""
    candidates = [str(scope)]
    if scope.method == "*":
        candidates += [str(Scope(m, scope.domain, scope.path)) for m in METHODS if m != "*"]
    for text in candidates:
        pattern = matches_any(text, patterns)
        if pattern is not None:
            return text, pattern
    return None


def _validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    token = token_props(args)
    if token is None:
        return
    patterns = config_strings(args.get_config(), "patterns", list(DEFAULT_PATTERNS)) or []
    for scope in parsed_scopes(token):
        hit = _forbidden_by(scope, patterns)
        if hit is None:
            continue
        granted, pattern = hit
        what = f"'{scope}'" if granted == str(scope) else f"'{scope}' grants '{granted}', which"
        report_violation(
            f"token '{token.name}': scope {what} matches the forbidden pattern '{pattern}';"
            f" remove it (forbidden patterns: {', '.join(patterns)})",
            None,
        )


FORBIDDEN_SCOPES = ResourceValidationPolicy(
    name="openapi-oauth-forbidden-scopes",
    description="Tokens may not carry scopes the organisation forbids (by default any DELETE).",
    validate=in_program_names(_validate),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "patterns": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "default": list(DEFAULT_PATTERNS),
                "description": "Forbidden scope globs (fnmatch over 'METHOD:domain/path').",
            },
        },
    ),
)
