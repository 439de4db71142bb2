"""``openapi-oauth-max-ttl``: ``ttl`` is set and at most ``maxSeconds``.

Config ``maxSeconds`` (default 7776000, 90 days). Mandatory. Remediation (runs when the
rule's ``enforcementLevel`` is ``remediate``): a ``ttl`` above the maximum is clamped to it;
an unset ``ttl`` is set to the service default (30 days) or the maximum if that is lower,
which keeps the token's lifetime as it was while making it explicit.
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

from .._constants import DEFAULT_TTL
from ._props import UNKNOWN, config_number, fmt_number, fmt_seconds, in_program_names, number, token_props

__all__ = ["DEFAULT_MAX_SECONDS", "MAX_TTL"]

DEFAULT_MAX_SECONDS = 90 * 24 * 3600


def _max_seconds(args: ResourceValidationArgs) -> int | float:
    value = config_number(args.get_config(), "maxSeconds", None)
    return DEFAULT_MAX_SECONDS if value is None else value


def _validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    token = token_props(args)
    if token is None:
        return
    ttl = token.get("ttl")
    if ttl is UNKNOWN:
        return
    limit = _max_seconds(args)
    hint = f"set ttl <= {fmt_number(limit)}"
    if ttl is None:
        report_violation(
            f"token '{token.name}': ttl is not set, so the service default of"
            f" {fmt_seconds(DEFAULT_TTL)} applies; the maximum is {fmt_seconds(limit)}: {hint}",
            None,
        )
        return
    seconds = number(ttl)
    if seconds is None:
        return  # not a number: the Token provider's check rejects it
    if seconds > limit:
        report_violation(
            f"token '{token.name}': ttl {fmt_number(seconds)} s exceeds the maximum of {fmt_seconds(limit)}; {hint}",
            None,
        )


def _remediate(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    token = token_props(args)
    if token is None:
        return None
    ttl = token.get("ttl")
    limit = int(_max_seconds(args))
    if ttl is UNKNOWN:
        return None
    if ttl is None:
        new_ttl = min(DEFAULT_TTL, limit)
    else:
        seconds = number(ttl)
        if seconds is None or seconds <= limit:
            return None
        new_ttl = limit
    props = cast(MutableMapping[str, Any], args.props)
    props["ttl"] = new_ttl
    return props


MAX_TTL = ResourceValidationPolicy(
    name="openapi-oauth-max-ttl",
    description="Tokens must set a ttl no longer than the allowed maximum.",
    validate=in_program_names(_validate),
    # pulumi-policy accepts a plain mapping from a remediation (policy.py, Remediate), though
    # ResourceRemediation is typed as returning an awaitable.
    remediate=cast(ResourceRemediation, _remediate),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "maxSeconds": {
                "type": "integer",
                "minimum": 1,
                "default": DEFAULT_MAX_SECONDS,
                "description": "Longest allowed ttl, in seconds (default 90 days).",
            },
        },
    ),
)
