"""Fixtures of the policy rule tests over the builders of policy_args.py, which make policy
arguments the way the pulumi-policy server does, without a server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pulumi_policy import Policy, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs

from tests.unit.policy import policy_args

ArgsFactory = Callable[..., ResourceValidationArgs]
StackFactory = Callable[..., StackValidationArgs]
Violations = Callable[[Policy, "ResourceValidationArgs | StackValidationArgs"], list[str]]


@pytest.fixture
def token() -> Callable[..., dict[str, Any]]:
    """``token(**overrides)``: Token inputs that pass every rule at its defaults (non-prod)."""
    return policy_args.token_props


@pytest.fixture
def make_args() -> ArgsFactory:
    """``make_args(props, name=, config=, stack=, stack_tags=, resource_type=, remediation=)``."""
    return policy_args.resource_args


@pytest.fixture
def make_stack() -> StackFactory:
    """``make_stack({name: outputs, ...}, config=, stack_tags=, types={name: type})``."""
    return policy_args.stack_args


@pytest.fixture
def violations() -> Violations:
    """``violations(policy, args)``: the messages the policy reports."""
    return policy_args.violations


@pytest.fixture
def reported() -> Callable[..., list[tuple[str, str | None]]]:
    """``reported(policy, args)``: the (message, urn) pairs the policy reports."""
    return policy_args.reported


@pytest.fixture
def remediated() -> Callable[[ResourceValidationPolicy, ResourceValidationArgs], Any]:
    """``remediated(policy, args)``: the props a remediation returns, serialized as the pack
    sends them to the engine (``serialize_properties``), or ``None`` for no change."""
    return policy_args.remediated
