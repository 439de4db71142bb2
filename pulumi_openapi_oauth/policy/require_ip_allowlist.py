"""``openapi-oauth-require-ip-allowlist``: tokens of matching stacks set ``limits.ip``.

Config ``stacks`` (default ``["prod*"]``): globs. An entry without ``=`` is matched against
the stack name (taken from the resource URN); an entry ``TAG=GLOB`` is matched against the
stack's tags (``args.stack_tags``: ``pulumi stack tag set`` tags, the ``pulumi:tags`` config and
``pulumi:project``, the last two added by :mod:`._stack_tags`), e.g. ``env=prod*``. The rule
applies when any entry matches. Mandatory.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from ._props import UNKNOWN, config_strings, in_program_names, stack_of, token_props

__all__ = ["DEFAULT_STACKS", "REQUIRE_IP_ALLOWLIST"]

DEFAULT_STACKS = ("prod*",)


def _matching_entry(stack: str | None, tags: Mapping[str, str], entries: list[str]) -> str | None:
    """The first entry of ``stacks`` that selects this stack, with what it matched."""
    for entry in entries:
        tag, eq, glob = entry.partition("=")
        if eq:
            for key, value in tags.items():
                if fnmatch.fnmatchcase(key, tag) and fnmatch.fnmatchcase(value, glob):
                    return f"tag {key}={value} matches '{entry}'"
        elif stack is not None and fnmatch.fnmatchcase(stack, entry):
            return f"stack '{stack}' matches '{entry}'"
    return None


def _validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    token = token_props(args)
    if token is None:
        return
    entries = config_strings(args.get_config(), "stacks", list(DEFAULT_STACKS)) or []
    why = _matching_entry(stack_of(args.urn), args.stack_tags, entries)
    if why is None:
        return
    ip = token.limit("ip")
    if ip is UNKNOWN or (isinstance(ip, list) and ip):
        return
    report_violation(
        f"token '{token.name}': limits.ip is {'empty' if ip == [] else 'not set'}, but {why},"
        " which requires an IP allow-list; set limits.ip to the callers' addresses or CIDR"
        " ranges",
        None,
    )


REQUIRE_IP_ALLOWLIST = ResourceValidationPolicy(
    name="openapi-oauth-require-ip-allowlist",
    description="Tokens of production stacks must be restricted to an IP allow-list.",
    validate=in_program_names(_validate),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "stacks": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "default": list(DEFAULT_STACKS),
                "description": "Stack-name globs, or 'TAG=GLOB' stack-tag matches, of the"
                " stacks whose tokens need limits.ip.",
            },
        },
    ),
)
