"""``openapi-oauth-no-duplicate-scope-sets`` (stack policy): tokens differ in their scopes.

Two tokens whose scopes are the same set (order and repeats ignored) are usually one token
declared twice. Each later duplicate is reported against its own resource, naming the first.
A token whose scopes are unknown at preview is left out. No config. Advisory.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)

from ._props import UNKNOWN, TokenProps, in_program_names, stack_tokens

__all__ = ["NO_DUPLICATE_SCOPE_SETS"]


def _validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    first: dict[frozenset[str], TokenProps] = {}
    for token in stack_tokens(args.resources):
        scopes = token.get("scopes")
        if not isinstance(scopes, list) or not scopes or any(s is UNKNOWN for s in scopes):
            continue
        if not all(isinstance(s, str) for s in scopes):
            continue
        key = frozenset(scopes)
        other = first.setdefault(key, token)
        if other is token:
            continue
        shown = ", ".join(sorted(key))
        report_violation(
            f"token '{token.name}': has the same scope set as token '{other.name}' ({shown});"
            " merge them into one token, or give each only the scopes it needs",
            token.urn,
        )


NO_DUPLICATE_SCOPE_SETS = StackValidationPolicy(
    name="openapi-oauth-no-duplicate-scope-sets",
    description="No two tokens of a stack should carry the same set of scopes.",
    validate=in_program_names(_validate),
    enforcement_level=EnforcementLevel.ADVISORY,
    config_schema=PolicyConfigSchema(properties={}),
)
