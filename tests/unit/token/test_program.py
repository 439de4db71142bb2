"""A Pulumi program with ``set_mocks``: the Token's type, secret outputs, limits forms, and
what the serialized provider and the outputs may contain."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.settings import reset_options

from pulumi_openapi_oauth import TOKEN_TYPE, Token, TokenLimitsArgs, fingerprint

VALUE = "f" * 24
REFRESH = "e" * 24


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.inputs: dict[str, dict[str, Any]] = {}
        self.types: dict[str, str] = {}
        self.secret_outputs: dict[str, list[str]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        self.inputs[args.name] = dict(args.inputs)
        self.types[args.name] = args.typ
        if args.resource_id:  # Token.get
            return args.resource_id, {
                "token": VALUE,
                "refresh_token": REFRESH,
                "token_id": args.resource_id,
                "name": "found",
            }
        outs = {
            **{k: v for k, v in args.inputs.items() if not k.startswith("__") and k != "adopt_token"},
            "token": VALUE,
            "refresh_token": REFRESH,
            "token_id": fingerprint(VALUE),
        }
        return fingerprint(VALUE), outs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@pytest.fixture
def mocks(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mocks]:
    # pulumi's mocks use asyncio.get_event_loop(); an earlier asyncio.run() may have unset it.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    m = Mocks()

    # The mock monitor does not apply additional_secret_outputs (the engine does): record them.
    def recording(real: Any) -> Any:
        def record(self: MockMonitor, req: Any) -> Any:
            m.secret_outputs[req.name] = list(req.additionalSecretOutputs)
            return real(self, req)

        return record

    monkeypatch.setattr(MockMonitor, "RegisterResource", recording(MockMonitor.RegisterResource))
    monkeypatch.setattr(MockMonitor, "ReadResource", recording(MockMonitor.ReadResource))
    pulumi.runtime.set_mocks(m, preview=False)
    try:
        yield m
    finally:
        reset_options()  # no mock monitor left behind: later tests run outside a program
        asyncio.set_event_loop(None)
        loop.close()


@pulumi.runtime.test
def test_outputs_and_secrets(mocks: Mocks) -> Any:
    tok = Token(
        "ci-deployer",
        scopes=["GET:company.openapi.com/IT-start"],
        limits=TokenLimitsArgs(total_requests=10_000, wallet_amount=50, ip=["203.0.113.7"]),
    )

    def check(args: list[Any]) -> None:
        token_id, token = args
        assert sorted(mocks.secret_outputs["ci-deployer"]) == ["refresh_token", "token"]
        assert token == VALUE
        assert token_id == fingerprint(VALUE)
        assert mocks.types["ci-deployer"] == TOKEN_TYPE
        inputs = mocks.inputs["ci-deployer"]
        assert inputs["limits"] == {"total_requests": 10_000, "wallet_amount": 50, "ip": ["203.0.113.7"]}
        # The URN seeds the auto name; a plain string (no Outputs of its own) without a parent.
        assert inputs["__name_seed"] == f"urn:pulumi:stack::project::{TOKEN_TYPE}::ci-deployer"
        assert "__name_prefix" not in inputs and "adopt_token" not in inputs
        provider = inputs["__provider"]
        assert isinstance(provider, str)  # a plain reference to the class, not a secret
        raw = base64.b64decode(provider)
        assert len(raw) < 300 and b"pulumi_openapi_oauth._token_provider" in raw
        for text in (VALUE, REFRESH):
            assert text.encode() not in raw

    return pulumi.Output.all(tok.token_id, tok.token).apply(check)


@pulumi.runtime.test
def test_limits_as_dict_and_adoption_is_secret(mocks: Mocks) -> Any:
    tok = Token(
        "adopted",
        scopes=["GET:company.openapi.com/IT-start"],
        limits={"total_requests": 5, "ip": None},
        adopt_token="some-existing-token",
    )

    def check(_: Any) -> None:
        inputs = mocks.inputs["adopted"]
        assert inputs["limits"] == {"total_requests": 5}
        adopt = inputs["adopt_token"]  # made secret by the Token class
        assert adopt[rpc._special_sig_key] == rpc._special_secret_sig and adopt["value"] == "some-existing-token"

    return tok.id.apply(check)


@pulumi.runtime.test
def test_get_by_fingerprint(mocks: Mocks) -> Any:
    found = Token.get("found", fingerprint(VALUE))

    def check(args: list[Any]) -> None:
        token_id, token = args
        assert token_id == fingerprint(VALUE) and token == VALUE
        assert sorted(mocks.secret_outputs["found"]) == ["refresh_token", "token"]

    return pulumi.Output.all(found.id, found.token).apply(check)


@pulumi.runtime.test
def test_a_token_under_a_component_is_seeded_with_its_own_urn(mocks: Mocks) -> Any:
    # Depending on the component (its URN) would wait for the component's children, this Token
    # among them: the SDK stopped such programs with "circular dependency".
    group = pulumi.ComponentResource("acme:index:Group", "team")
    tok = Token("child", scopes=["GET:company.openapi.com/IT-start"], opts=pulumi.ResourceOptions(parent=group))

    def check(urn: str) -> None:
        # The mock monitor spells a component's URN with the Stack's type in front, the engine
        # without (tests/e2e check the seed is the URN): compare from the component on.
        seed = mocks.inputs["child"]["__name_seed"]
        assert urn.endswith(f"::acme:index:Group${TOKEN_TYPE}::child") and seed.endswith(urn.split("::", 2)[2])

    return tok.urn.apply(check)
