"""``openapi-oauth-require-renewal``: a token plans its renewal or rotation.

Passes when ``renew_before`` or ``rotation_triggers`` is set. No config. Advisory.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from ._props import UNKNOWN, in_program_names, token_props

__all__ = ["REQUIRE_RENEWAL"]


def _validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    token = token_props(args)
    if token is None:
        return
    values = (token.get("renew_before"), token.get("rotation_triggers"))
    if any(v is UNKNOWN for v in values) or any(v not in (None, {}) for v in values):
        return
    report_violation(
        f"token '{token.name}': neither renew_before nor rotation_triggers is set, so the"
        " token will expire without being renewed; set renew_before (seconds before expiry)"
        " or rotation_triggers",
        None,
    )


REQUIRE_RENEWAL = ResourceValidationPolicy(
    name="openapi-oauth-require-renewal",
    description="Tokens should be renewed before they expire or rotated on a trigger.",
    validate=in_program_names(_validate),
    enforcement_level=EnforcementLevel.ADVISORY,
    config_schema=PolicyConfigSchema(properties={}),
)
