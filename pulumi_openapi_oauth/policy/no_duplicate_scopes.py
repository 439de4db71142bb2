"""``openapi-oauth-no-duplicate-scopes``: a token lists each scope once.

Reports repeated entries in ``scopes``. Remediation (runs when the rule's
``enforcementLevel`` is ``remediate``): drops the repeats, keeping the first occurrence and
the order, which grants exactly the same access. No config. Advisory.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any, cast

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceRemediation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from ._props import in_program_names, token_props

__all__ = ["NO_DUPLICATE_SCOPES"]


def _repeats(scopes: list[Any]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for scope in scopes:
        if not isinstance(scope, str):
            continue
        if scope in seen and scope not in repeated:
            repeated.append(scope)
        seen.add(scope)
    return repeated


def _validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    token = token_props(args)
    if token is None:
        return
    scopes = token.get("scopes")
    if not isinstance(scopes, list):
        return
    for scope in _repeats(scopes):
        count = scopes.count(scope)
        report_violation(
            f"token '{token.name}': scope '{scope}' is listed {count} times; list it once",
            None,
        )


def _remediate(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    token = token_props(args)
    if token is None:
        return None
    scopes = token.get("scopes")
    # An unknown element may turn out equal to another one: leave such a list alone.
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        return None
    if not _repeats(scopes):
        return None
    props = cast(MutableMapping[str, Any], args.props)
    props["scopes"] = list(dict.fromkeys(scopes))
    return props


NO_DUPLICATE_SCOPES = ResourceValidationPolicy(
    name="openapi-oauth-no-duplicate-scopes",
    description="A token should list each scope only once.",
    validate=in_program_names(_validate),
    # pulumi-policy accepts a plain mapping from a remediation (policy.py, Remediate), though
    # ResourceRemediation is typed as returning an awaitable.
    remediate=cast(ResourceRemediation, _remediate),
    enforcement_level=EnforcementLevel.ADVISORY,
    config_schema=PolicyConfigSchema(properties={}),
)
