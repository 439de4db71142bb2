"""Every rule judges the native provider's Token (``openapi-oauth:index:Token``, camelCase
properties) exactly as it judges the dynamic Token with the same values."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic.alias_generators import to_camel, to_snake

from pulumi_openapi_oauth._constants import NATIVE_TOKEN_TYPE
from pulumi_openapi_oauth.native.schema import TOKEN_TYPE as SCHEMA_TOKEN_TYPE
from pulumi_openapi_oauth.policy import ALL_POLICIES, _props


def camel(props: dict[str, Any]) -> dict[str, Any]:
    """The native Token's property names for the dynamic Token's ``props``."""
    out = {to_camel(k): v for k, v in props.items()}
    if isinstance(out.get("limits"), dict):
        out["limits"] = {to_camel(k): v for k, v in out["limits"].items()}
    return out


def test_the_schema_names_the_type_the_rules_match() -> None:
    assert SCHEMA_TOKEN_TYPE == NATIVE_TOKEN_TYPE == "openapi-oauth:index:Token"


BAD = {
    "scopes": ["*:company.openapi.com/*", "GET:evil.example.com/x", "GET:evil.example.com/x"],
    "ttl": 400 * 86400,
    "limits": {"wallet_amount": 10**6},
    "rotation_triggers": {"some_key": "1"},
}


@pytest.mark.parametrize("overrides", [{}, BAD], ids=["compliant", "violating"])
def test_resource_rules_same_verdict(make_args, token, violations, overrides) -> None:
    props = token(**overrides)
    config = {"domains": ["company.openapi.com", "imprese.openapi.it"], "patterns": ["GET:evil.example.com/*"]}
    seen = 0
    for policy in ALL_POLICIES:
        if policy.__class__.__name__ != "ResourceValidationPolicy":
            continue
        dynamic = violations(policy, make_args(props, config=config))
        native = violations(policy, make_args(camel(props), config=config, resource_type=NATIVE_TOKEN_TYPE))
        assert native == dynamic, policy.name
        seen += len(native)
    assert (seen > 0) == bool(overrides)


def test_stack_rules_same_verdict(make_stack, token, violations) -> None:
    tokens = {"a": token(limits={"wallet_amount": 80}), "b": token(limits={"wallet_amount": 70})}
    config = {"maxTotalWalletAmount": 100}
    seen = 0
    for policy in ALL_POLICIES:
        if policy.__class__.__name__ != "StackValidationPolicy":
            continue
        dynamic = violations(policy, make_stack(tokens, config=config))
        native = violations(
            policy,
            make_stack(
                {k: camel(v) for k, v in tokens.items()},
                config=config,
                types=dict.fromkeys(tokens, NATIVE_TOKEN_TYPE),
            ),
        )
        assert native == dynamic, policy.name
        seen += len(native)
    assert seen > 0


def test_trigger_keys_stay_as_written() -> None:
    values = _props._snake_case({"rotationTriggers": {"myKey": "1"}, "limits": {"walletAmount": 5}})
    assert values == {"rotation_triggers": {"myKey": "1"}, "limits": {"wallet_amount": 5}}


def test_every_schema_name_maps_to_the_dynamic_name() -> None:
    """The policy layer's own camelCase -> snake_case (it imports no pydantic) agrees with the schema."""
    from pulumi_openapi_oauth.native.schema import build_schema

    schema = build_schema()
    names = set(schema["resources"][NATIVE_TOKEN_TYPE]["properties"]) | set(
        schema["types"]["openapi-oauth:index:TokenLimits"]["properties"]
    )
    for name in names:
        assert _props._snake(name) == to_snake(name), name
