"""The package schema: the checked-in ``schema.json`` is what the code generates today, and it
says what the core does (secrets, config keys, every property documented)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pulumi_openapi_oauth._config import resolve_settings
from pulumi_openapi_oauth.native import schema as native_schema
from pulumi_openapi_oauth.native.schema import SCHEMA_PATH, TOKEN_TYPE, SchemaError, build_schema, render


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return build_schema()


def test_checked_in_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text() == render(), (
        "pulumi_openapi_oauth/schema.json is stale: run scripts/gen-sdk (or "
        "python -m pulumi_openapi_oauth.native.schema) and commit schema.json and sdk/"
    )


def _properties(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property spec of the schema, with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("properties", "inputProperties", "variables") and isinstance(value, dict):
                for name, prop in value.items():
                    yield f"{where}.{name}", prop
            yield from _properties(value, f"{where}.{key}")


def test_every_property_and_member_is_documented(schema: dict[str, Any]) -> None:
    props = list(_properties(schema, "schema"))
    assert len(props) > 100
    assert [where for where, prop in props if not prop.get("description", "").strip()] == []
    members = [*schema["resources"].values(), *schema["functions"].values(), *schema["types"].values()]
    assert all(m["description"].strip() for m in members)


def test_token_resource(schema: dict[str, Any]) -> None:
    token = schema["resources"][TOKEN_TYPE]
    inputs, outputs = token["inputProperties"], token["properties"]
    assert list(inputs) == ["scopes", "name", "ttl", "limits", "renewBefore", "rotationTriggers", "adoptToken"]
    assert token["requiredInputs"] == ["scopes"]
    for name in ("token", "refreshToken", "tokenId", "expireAt", "createdAt", "updatedAt", "stats"):
        assert name in outputs and name not in inputs
    assert "adoptToken" not in outputs
    assert {k for k, v in inputs.items() if v.get("secret")} == {"adoptToken"}
    assert {k for k, v in outputs.items() if v.get("secret")} == {"token", "refreshToken"}
    limits = schema["types"]["openapi-oauth:index:TokenLimits"]["properties"]
    assert list(limits) == ["totalRequests", "walletRequests", "subscriptionRequests", "walletAmount", "ip"]
    assert outputs["stats"]["$ref"] == "#/types/openapi-oauth:index:TokenStats"


def test_functions(schema: dict[str, Any]) -> None:
    names = [token.rpartition(":")[2] for token in schema["functions"]]
    assert names == [
        "getScopes",
        "getScope",
        "getWallet",
        "getWalletTransactions",
        "getSubscriptions",
        "getSubscription",
        "getStats",
        "getStatsIps",
        "getStatsApis",
        "getStatsApi",
        "getCallbacks",
        "getCallback",
        "getErrors",
    ]
    get_stats_api = schema["functions"]["openapi-oauth:index:getStatsApi"]
    assert get_stats_api["inputs"]["required"] == ["domain"]
    assert get_stats_api["outputs"]["properties"]["scopes"]["additionalProperties"] == {
        "$ref": "#/types/openapi-oauth:index:GetStatsApiScope"
    }
    assert "inputs" not in schema["functions"]["openapi-oauth:index:getWallet"]


def test_config_keys_are_the_ones_the_core_reads(schema: dict[str, Any]) -> None:
    """Each schema config key, set alone in the stack config, changes what resolve_settings returns."""
    variables = schema["config"]["variables"]
    assert variables == schema["provider"]["inputProperties"]
    assert {k for k, v in variables.items() if v.get("secret")} == {"apiKey"}
    config = {"openapi-oauth:email": "a@example.com", "openapi-oauth:apiKey": "k1"}
    settings = resolve_settings(config, environ={})
    assert (settings.email, settings.api_key) == ("a@example.com", "k1")
    assert resolve_settings({**config, "openapi-oauth:environment": "sandbox"}, environ={}).base_url == (
        "https://test.oauth.openapi.com"
    )
    assert resolve_settings({**config, "openapi-oauth:baseUrl": "http://h:1/"}, environ={}).base_url == "http://h:1"
    assert set(variables) == {"email", "apiKey", "baseUrl", "environment"}


def test_an_undocumented_lookup_argument_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = dict(native_schema.ARG_DOCS)
    del docs[("get_stats_api", "domain")]
    monkeypatch.setattr(native_schema, "ARG_DOCS", docs)
    with pytest.raises(SchemaError, match=r"get_stats_api\(domain\) has no entry in ARG_DOCS"):
        build_schema()


def test_a_stale_argument_doc_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(native_schema, "ARG_DOCS", {**native_schema.ARG_DOCS, ("get_wallet", "gone"): "x"})
    with pytest.raises(SchemaError, match="ARG_DOCS documents arguments no lookup has"):
        build_schema()
