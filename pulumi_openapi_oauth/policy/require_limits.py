"""``openapi-oauth-require-limits``: the listed ``limits`` fields are set, within bounds.

Config ``fields`` (default ``["wallet_amount", "total_requests"]``; any of the ``limits``
keys) and ``maxWalletAmount`` (unset: no maximum). An empty ``ip`` list counts as unset.
Mandatory.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from .._constants import LIMIT_KEYS
from ._props import UNKNOWN, config_number, config_strings, fmt_number, in_program_names, number, token_props

__all__ = ["DEFAULT_FIELDS", "REQUIRE_LIMITS"]

DEFAULT_FIELDS = ("wallet_amount", "total_requests")


def _validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    token = token_props(args)
    if token is None or token.get("limits") is UNKNOWN:
        return
    config = args.get_config()
    fields = config_strings(config, "fields", list(DEFAULT_FIELDS)) or []
    required = ", ".join(fields)
    for field in fields:
        value = token.limit(field)
        if value is None or value == []:
            report_violation(
                f"token '{token.name}': limits.{field} is not set; set limits.{field} (required limits: {required})",
                None,
            )
    maximum = config_number(config, "maxWalletAmount", None)
    amount = number(token.limit("wallet_amount"))
    if maximum is not None and amount is not None and amount > maximum:
        report_violation(
            f"token '{token.name}': limits.wallet_amount {fmt_number(amount)} exceeds the"
            f" maximum of {fmt_number(maximum)}; set limits.wallet_amount <="
            f" {fmt_number(maximum)}",
            None,
        )


REQUIRE_LIMITS = ResourceValidationPolicy(
    name="openapi-oauth-require-limits",
    description="Tokens must cap their usage with the required limits.",
    validate=in_program_names(_validate),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "fields": {
                "type": "array",
                "items": {"type": "string", "enum": list(LIMIT_KEYS)},
                "uniqueItems": True,
                "default": list(DEFAULT_FIELDS),
                "description": "The limits every token must set.",
            },
            "maxWalletAmount": {
                "type": "number",
                "minimum": 0,
                "description": "Largest allowed limits.wallet_amount. Unset: no maximum.",
            },
        },
    ),
)
