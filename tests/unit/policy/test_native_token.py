"""Every rule judges the native provider's Token (``openapi-oauth:index:Token``, camelCase
properties) exactly as it judges the dynamic Token with the same values, and says so in the
names the native Token's program writes (``limits.walletAmount``)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic.alias_generators import to_camel, to_snake

from pulumi_openapi_oauth._constants import LIMIT_KEYS, NATIVE_TOKEN_TYPE, TOKEN_INPUT_KEYS
from pulumi_openapi_oauth._names import camel as camel_name
from pulumi_openapi_oauth._names import dynamic_names, snake
from pulumi_openapi_oauth.native.schema import TOKEN_TYPE as SCHEMA_TOKEN_TYPE
from pulumi_openapi_oauth.policy import ALL_POLICIES


def camel(props: dict[str, Any]) -> dict[str, Any]:
    """The native Token's property names for the dynamic Token's ``props``."""
    out = {to_camel(k): v for k, v in props.items()}
    if isinstance(out.get("limits"), dict):
        out["limits"] = {to_camel(k): v for k, v in out["limits"].items()}
    return out


#: The Token's names that camelCase changes (renew_before, limits.wallet_amount...).
_MULTI_WORD = [n for n in (*TOKEN_INPUT_KEYS, *LIMIT_KEYS) if "_" in n]


def spoken(messages: list[str]) -> list[str]:
    """The dynamic Token's messages as the native Token's program reads them (pydantic's to_camel,
    not the code under test)."""
    pattern = re.compile(r"\b(" + "|".join(_MULTI_WORD) + r")\b")
    return [pattern.sub(lambda m: to_camel(m.group(0)), message) for message in messages]


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
    named: set[str] = set()
    for policy in ALL_POLICIES:
        if policy.__class__.__name__ != "ResourceValidationPolicy":
            continue
        dynamic = violations(policy, make_args(props, config=config))
        native = violations(policy, make_args(camel(props), config=config, resource_type=NATIVE_TOKEN_TYPE))
        assert native == spoken(dynamic), policy.name
        assert not any(re.search(r"\b(" + "|".join(_MULTI_WORD) + r")\b", m) for m in native), native
        seen += len(native)
        named.update(m for m in native if "walletAmount" in m)
    assert (seen > 0) == bool(overrides)
    assert bool(named) == bool(overrides), named


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
        assert native == spoken(dynamic), policy.name
        seen += len(native)
        if policy.name == "openapi-oauth-stack-wallet-budget":
            assert native and "limits.walletAmount add up to 150" in native[0], native
    assert seen > 0


def test_a_stack_with_both_kinds_of_token_keeps_the_python_names(make_stack, token, violations) -> None:
    from pulumi_openapi_oauth.policy.stack_wallet_budget import STACK_WALLET_BUDGET

    tokens = {"a": token(limits={"wallet_amount": 80}), "b": camel(token(limits={"wallet_amount": 70}))}
    args = make_stack(tokens, config={"maxTotalWalletAmount": 100}, types={"b": NATIVE_TOKEN_TYPE})
    (message,) = violations(STACK_WALLET_BUDGET, args)
    assert "limits.wallet_amount add up to 150" in message, message


def test_trigger_keys_stay_as_written() -> None:
    values = dynamic_names({"rotationTriggers": {"myKey": "1"}, "limits": {"walletAmount": 5}})
    assert values == {"rotation_triggers": {"myKey": "1"}, "limits": {"wallet_amount": 5}}


def test_every_schema_name_maps_to_the_dynamic_name() -> None:
    """The policy layer's own camelCase -> snake_case (it imports no pydantic) agrees with the schema."""
    from pulumi_openapi_oauth.native.schema import build_schema

    schema = build_schema()
    names = set(schema["resources"][NATIVE_TOKEN_TYPE]["properties"]) | set(
        schema["types"]["openapi-oauth:index:TokenLimits"]["properties"]
    )
    for name in names:
        assert snake(name) == to_snake(name) and camel_name(to_snake(name)) == name, name
