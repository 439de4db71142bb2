"""Builds policy arguments the way the pulumi-policy 1.21 server does, without a server, and
runs rules on them.

Props go through a ``google.protobuf.Struct`` and back (so ``600`` arrives as ``600.0``),
then ``deserialize_properties`` and ``unknown_checking_proxy``, as in
``_PolicyAnalyzerServicer.Analyze`` / ``AnalyzeStack`` / ``Remediate``. Unknown values are
written as the ``pulumi_policy.proxy.UNKNOWN_*_VALUE`` sentinels, which is what the engine
sends during preview.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi_policy import (
    Policy,
    PolicyConfigSchema,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.deserialize import deserialize_properties, serialize_properties
from pulumi_policy.proxy import unknown_checking_proxy

from pulumi_openapi_oauth._constants import TOKEN_TYPE

__all__ = [
    "PROJECT",
    "remediated",
    "reported",
    "resource_args",
    "schema_of",
    "stack_args",
    "struct",
    "token_props",
    "urn",
    "violations",
]

PROJECT = "tokens"


def urn(name: str, *, stack: str = "dev", resource_type: str = TOKEN_TYPE) -> str:
    return f"urn:pulumi:{stack}::{PROJECT}::{resource_type}::{name}"


def token_props(**overrides: Any) -> dict[str, Any]:
    """Token inputs that pass every rule at its defaults (non-prod), with ``overrides``."""
    props: dict[str, Any] = {
        "scopes": ["GET:company.openapi.com/IT-start", "POST:imprese.openapi.it/advance"],
        "name": "ci",
        "ttl": 7 * 86400,
        "limits": {"wallet_amount": 50, "total_requests": 1000},
        "renew_before": 86400,
    }
    props.update(overrides)
    return props


def struct(values: Mapping[str, Any]) -> struct_pb2.Struct:
    """``values`` as the ``google.protobuf.Struct`` the engine sends (numbers become floats)."""
    message = struct_pb2.Struct()
    message.update(dict(values))
    return message


def _wire(props: Mapping[str, Any], *, remediation: bool = False) -> Any:
    return unknown_checking_proxy(deserialize_properties(json_format.MessageToDict(struct(props)), remediation))


def _opts() -> PolicyResourceOptions:
    return PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), ["token", "refresh_token"])


def resource_args(
    props: Mapping[str, Any],
    *,
    name: str = "ci-deployer",
    config: Mapping[str, Any] | None = None,
    stack: str = "dev",
    stack_tags: Mapping[str, str] | None = None,
    resource_type: str = TOKEN_TYPE,
    remediation: bool = False,
) -> ResourceValidationArgs:
    """The arguments of a resource rule for one resource with ``props``."""
    wire = dict(props)
    if remediation:
        wire["__provider"] = "dill-pickled-provider"
    if config is not None:
        # Policy config also comes through a Struct: numbers arrive as floats.
        config = json_format.MessageToDict(struct(config))
    return ResourceValidationArgs(
        resource_type,
        _wire(wire, remediation=remediation),
        urn(name, stack=stack, resource_type=resource_type),
        name,
        _opts(),
        None,
        config,
        stack_tags,
    )


def stack_args(
    resources: Mapping[str, Mapping[str, Any]],
    *,
    config: Mapping[str, Any] | None = None,
    stack_tags: Mapping[str, str] | None = None,
    types: Mapping[str, str] | None = None,
) -> StackValidationArgs:
    """The arguments of a stack rule for ``{name: outputs}`` (type ``types[name]``, else a Token)."""
    types = types or {}
    built = [
        PolicyResource(
            types.get(name, TOKEN_TYPE),
            _wire(props),
            urn(name, resource_type=types.get(name, TOKEN_TYPE)),
            name,
            _opts(),
            None,
            None,
            [],
            {},
        )
        for name, props in resources.items()
    ]
    if config is not None:
        config = json_format.MessageToDict(struct(config))
    return StackValidationArgs(built, config, stack_tags)


def reported(policy: Policy, args: ResourceValidationArgs | StackValidationArgs) -> list[tuple[str, str | None]]:
    """The (message, urn) pairs the rule reports."""
    out: list[tuple[str, str | None]] = []

    def report(message: str, urn: str | None = None) -> None:
        out.append((message, urn))

    if isinstance(policy, ResourceValidationPolicy):
        assert isinstance(args, ResourceValidationArgs)
        assert policy.validate(args, report) is None
    else:
        assert isinstance(policy, StackValidationPolicy)
        assert isinstance(args, StackValidationArgs)
        assert policy.validate(args, report) is None
    return out


def violations(policy: Policy, args: ResourceValidationArgs | StackValidationArgs) -> list[str]:
    """The messages the rule reports."""
    return [message for message, _ in reported(policy, args)]


def remediated(policy: ResourceValidationPolicy, args: ResourceValidationArgs) -> Any:
    """The props a remediation returns, serialized as the pack sends them to the engine
    (``serialize_properties``), or ``None`` for no change."""
    # pulumi-policy types the result as an awaitable; the server also takes the props themselves.
    result: object = policy.remediate(args)
    if not result:
        return None
    assert result is args.props, "remediations edit the props in place and return them"
    return serialize_properties(args.props)


def schema_of(policy: Policy) -> PolicyConfigSchema:
    """The rule's config schema (every rule of the package has one)."""
    assert policy.config_schema is not None, policy.name
    return policy.config_schema
