"""PropertyValue maps <-> plain snake_case values, following the schema (native/values.py)."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime.rpc import UNKNOWN

from pulumi_openapi_oauth.native.schema import TOKEN_TYPE, build_schema
from pulumi_openapi_oauth.native.values import from_wire, to_wire

SCHEMA = build_schema()
TYPES: dict[str, Any] = SCHEMA["types"]
TOKEN = SCHEMA["resources"][TOKEN_TYPE]
INPUTS, OUTPUTS = TOKEN["inputProperties"], TOKEN["properties"]


def pv(value: Any, secret: bool = False) -> PropertyValue:
    return PropertyValue(value, is_secret=secret)


def test_inputs_from_the_engine() -> None:
    """As the CLI sent them to the probe plugin: floats, secrets wrapped, unknowns as a string."""
    props = {
        "scopes": pv([pv("GET:company.openapi.com/IT-start"), pv(UNKNOWN)]),
        "ttl": pv(3600.0),
        "limits": pv({"totalRequests": pv(10.0), "walletAmount": pv(2.5), "ip": pv([pv("203.0.113.7")])}),
        "renewBefore": pv(UNKNOWN),
        "rotationTriggers": pv({"myKey": pv(1.0), "other_key": pv("x")}),
        "adoptToken": pv("tok-value", secret=True),
    }
    plain = from_wire(props, INPUTS, TYPES)
    assert type(plain["ttl"]) is int and type(plain["limits"]["total_requests"]) is int
    assert type(plain["rotation_triggers"]["myKey"]) is float  # a map of numbers, not integers
    assert plain == {
        "scopes": ["GET:company.openapi.com/IT-start", UNKNOWN],
        "ttl": 3600,
        "limits": {"total_requests": 10, "wallet_amount": 2.5, "ip": ["203.0.113.7"]},
        "renew_before": UNKNOWN,
        "rotation_triggers": {"myKey": 1.0, "other_key": "x"},
        "adopt_token": "tok-value",
    }


def test_a_fractional_integer_stays_a_float_for_check_to_refuse() -> None:
    assert from_wire({"ttl": pv(1.5)}, INPUTS, TYPES) == {"ttl": 1.5}
    assert type(from_wire({"ttl": pv(2.0)}, INPUTS, TYPES)["ttl"]) is int


def test_outputs_to_the_engine() -> None:
    outs = {
        "token": "tok-value",
        "refresh_token": "refresh-value",
        "token_id": "oatfp-0123",
        "ttl": 600,
        "stats": {"total_requests": 3, "wallet_amount": 0.5, "ip": []},
        "rotation_triggers": {"my_key": 2},
        "__auto_name": True,
    }
    wire = to_wire(outs, OUTPUTS, TYPES)
    assert {k for k, v in wire.items() if v.is_secret} == {"token", "refreshToken"}
    assert wire["ttl"] == pv(600.0)
    assert wire["stats"] == pv({"totalRequests": pv(3.0), "walletAmount": pv(0.5), "ip": pv([])})
    assert wire["rotationTriggers"] == pv({"my_key": pv(2.0)})
    assert wire["__auto_name"] == pv(True)
    assert from_wire(wire, OUTPUTS, TYPES) == {**outs, "rotation_triggers": {"my_key": 2.0}}


def test_a_computed_value_reads_as_the_unknown_sentinel() -> None:
    assert from_wire({"name": PropertyValue.computed()}, INPUTS, TYPES) == {"name": UNKNOWN}


def test_an_unsendable_value_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot send a object"):
        to_wire({"name": object()}, OUTPUTS, TYPES)
