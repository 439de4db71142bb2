from pulumi_policy import (
    EnforcementLevel,
    PolicyPack,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

RECORD_TYPE = "pulumi-python:dynamic/smoke:Record"


def no_forbidden_value(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type == RECORD_TYPE and args.props.get("value") == "forbidden":
        report_violation("smoke:Record value must not be 'forbidden'", None)


PolicyPack(
    name="smoke-policy",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[
        ResourceValidationPolicy(
            name="smoke-no-forbidden-value",
            description="A smoke:Record must not have the value 'forbidden'.",
            validate=no_forbidden_value,
        )
    ],
)
