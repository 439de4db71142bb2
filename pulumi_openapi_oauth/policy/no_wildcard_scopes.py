"""``openapi-oauth-no-wildcard-scopes``: no ``*`` method and no ``*`` path in a scope.

Config ``allowMethodWildcard`` / ``allowPathWildcard`` (both ``false``) relax one half, and
``exempt`` lists scope globs that may keep their wildcard. Mandatory.
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

__all__ = ["NO_WILDCARD_SCOPES"]


def _validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    token = token_props(args)
    if token is None:
        return
    config = args.get_config()
    allow_method = config.get("allowMethodWildcard") is True
    allow_path = config.get("allowPathWildcard") is True
    exempt = config_strings(config, "exempt", []) or []
    for scope in parsed_scopes(token):
        if matches_any(str(scope), exempt) is not None:
            continue
        if scope.method == "*" and not allow_method:
            report_violation(
                f"token '{token.name}': scope '{scope}' uses the wildcard method '*'; list the"
                f" methods it needs instead, e.g. 'GET:{scope.domain}/{scope.path}'",
                None,
            )
        if (scope.path == "*" or scope.path.endswith("/*")) and not allow_path:
            report_violation(
                f"token '{token.name}': scope '{scope}' uses the wildcard path '{scope.path}';"
                " list the exact paths it needs instead",
                None,
            )


NO_WILDCARD_SCOPES = ResourceValidationPolicy(
    name="openapi-oauth-no-wildcard-scopes",
    description="Token scopes name exact methods and paths: no '*' wildcards.",
    validate=in_program_names(_validate),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "allowMethodWildcard": {
                "type": "boolean",
                "default": False,
                "description": "Allow the '*' method (e.g. '*:company.openapi.com/IT-start').",
            },
            "allowPathWildcard": {
                "type": "boolean",
                "default": False,
                "description": "Allow a '*' path or a trailing '/*' segment.",
            },
            "exempt": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "default": [],
                "description": "Scope globs (fnmatch) that may keep their wildcards.",
            },
        },
    ),
)
