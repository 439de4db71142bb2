"""``openapi-oauth-allowed-domains``: every scope's domain is on an allow-list.

Config ``domains`` (list of host names or globs such as ``*.openapi.com``). Unset means no
restriction; an empty list allows no domain at all. Mandatory.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from ._props import config_strings, in_program_names, matches_any, parsed_scopes, token_props

__all__ = ["ALLOWED_DOMAINS"]


def _validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    token = token_props(args)
    if token is None:
        return
    domains = config_strings(args.get_config(), "domains", None)
    if domains is None:
        return
    allowed = ", ".join(domains) if domains else "(none)"
    for scope in parsed_scopes(token):
        if matches_any(scope.domain, domains) is None:
            report_violation(
                f"token '{token.name}': scope '{scope}' uses domain '{scope.domain}', which is not"
                f" allowed; use one of the allowed domains: {allowed}",
                None,
            )


ALLOWED_DOMAINS = ResourceValidationPolicy(
    name="openapi-oauth-allowed-domains",
    description="Token scopes may only use the API domains the organisation allows.",
    validate=in_program_names(_validate),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "domains": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": "Allowed scope domains (exact names or globs such as"
                " '*.openapi.com'). Unset: any domain.",
            },
        },
    ),
)
