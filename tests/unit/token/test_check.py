"""Token ``check``: every bad input is a CheckFailure naming the property, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

from pulumi_openapi_oauth._constants import MAX_TTL
from pulumi_openapi_oauth._secrets import fingerprint
from pulumi_openapi_oauth.dynamic.provider import TokenProvider
from pulumi_openapi_oauth.emulator.routes import MAX_BODY
from pulumi_openapi_oauth.token.inputs import AUTO_NAME_KEY, MAX_REQUEST_BYTES, inputs_table, normalise
from tests.unit.token.token_fakes import GOOD, FakeService

S = GOOD["scopes"]

BAD: list[tuple[str, str, Any]] = [
    # scopes
    ("scopes", "missing", None),
    ("scopes", "string-not-list", "GET:company.openapi.com/IT-start"),
    ("scopes", "number", 42),
    ("scopes", "dict", {"GET": "company.openapi.com/IT-start"}),
    ("scopes", "empty-list", []),
    ("scopes", "empty-string", [""]),
    ("scopes", "whitespace", [" GET:company.openapi.com/IT-start"]),
    ("scopes", "no-method", ["company.openapi.com/IT-start"]),
    ("scopes", "lower-method", ["get:company.openapi.com/IT-start"]),
    ("scopes", "unknown-method", ["FETCH:company.openapi.com/IT-start"]),
    ("scopes", "no-path", ["GET:company.openapi.com"]),
    ("scopes", "bad-domain", ["GET:Company.OpenAPI.com/IT-start"]),
    ("scopes", "injection-semicolon", ["GET:company.openapi.com/IT-start; rm -rf /"]),
    ("scopes", "injection-sql", ["GET:company.openapi.com/x' OR '1'='1"]),
    ("scopes", "path-traversal", ["GET:company.openapi.com/../admin"]),
    ("scopes", "control-char", ["GET:company.openapi.com/IT-start\x00"]),
    ("scopes", "newline", ["GET:company.openapi.com/IT\nstart"]),
    ("scopes", "unicode-domain", ["GET:cömpany.openapi.com/IT-start"]),
    ("scopes", "huge", ["GET:company.openapi.com/" + "a" * 100_000]),
    ("scopes", "non-string-entry", [S[0], 7]),
    ("scopes", "nested-list", [[S[0]]]),
    ("scopes", "not-in-catalogue", ["GET:company.openapi.com/IT-startt"]),
    ("scopes", "disabled", ["GET:company.openapi.com/IT-full"]),
    ("scopes", "wildcard-nothing", ["GET:nothing.openapi.com/*"]),
    ("scopes", "star-in-middle", ["GET:company.openapi.com/*/x"]),
    # name
    ("name", "number", 12),
    ("name", "empty", ""),
    ("name", "blank", "   "),
    ("name", "too-long", "n" * 101),
    ("name", "huge", "n" * 1_000_000),
    ("name", "control", "ci\x07deployer"),
    ("name", "newline", "ci\ndeployer"),
    ("name", "bidi-override", "ci\u202edeployer"),
    ("name", "list", ["a"]),
    # ttl
    ("ttl", "zero", 0),
    ("ttl", "negative", -1),
    ("ttl", "huge", 10**12),
    ("ttl", "over-max", MAX_TTL + 1),
    ("ttl", "fraction", 1.5),
    ("ttl", "bool-true", True),
    ("ttl", "bool-false", False),
    ("ttl", "string", "3600"),
    ("ttl", "nan", float("nan")),
    ("ttl", "inf", float("inf")),
    ("ttl", "dict", {"seconds": 10}),
    # limits
    ("limits", "string", "10000"),
    ("limits", "list", [1, 2]),
    ("limits", "unknown-key", {"totalRequests": 10}),
    ("limits", "unknown-key-2", {"max": 10}),
    ("limits", "negative-count", {"total_requests": -1}),
    ("limits", "float-count", {"wallet_requests": 2.5}),
    ("limits", "bool-count", {"subscription_requests": True}),
    ("limits", "string-count", {"total_requests": "100"}),
    ("limits", "nested-garbage", {"total_requests": {"a": [1, {"b": None}]}}),
    ("limits", "negative-amount", {"wallet_amount": -0.01}),
    ("limits", "bool-amount", {"wallet_amount": False}),
    ("limits", "string-amount", {"wallet_amount": "50"}),
    ("limits", "inf-amount", {"wallet_amount": float("inf")}),
    ("limits", "ip-string", {"ip": "203.0.113.7"}),
    ("limits", "ip-port", {"ip": ["203.0.113.7:8080"]}),
    ("limits", "ip6-port", {"ip": ["[2001:db8::1]:443"]}),
    ("limits", "ip-cidr", {"ip": ["203.0.113.0/24"]}),
    ("limits", "ip-cidr-garbage", {"ip": ["203.0.113.0/99"]}),
    ("limits", "ip-hostname", {"ip": ["example.com"]}),
    ("limits", "ip-octet", {"ip": ["256.1.1.1"]}),
    ("limits", "ip-number", {"ip": [3232235777]}),
    ("limits", "ip-nested", {"ip": [["1.2.3.4"]]}),
    ("limits", "non-str-key", {1: 2}),
    # renew_before
    ("renew_before", "zero", 0),
    ("renew_before", "negative", -5),
    ("renew_before", "string", "1d"),
    ("renew_before", "bool", True),
    ("renew_before", "fraction", 0.5),
    # rotation_triggers
    ("rotation_triggers", "list", ["2026-Q4"]),
    ("rotation_triggers", "string", "2026-Q4"),
    ("rotation_triggers", "nested", {"q": {"a": 1}}),
    ("rotation_triggers", "bool-value", {"q": True}),
    ("rotation_triggers", "null-list", {"q": [None]}),
    ("rotation_triggers", "empty-key", {"": "x"}),
    # adopt_token
    ("adopt_token", "number", 1234),
    ("adopt_token", "empty", ""),
    ("adopt_token", "whitespace", "abc def"),
    # unknown property
    ("tll", "typo-property", 3600),
]


@pytest.mark.parametrize(("prop", "case", "value"), BAD, ids=[f"{p}-{c}" for p, c, _ in BAD])
def test_bad_input_is_a_named_failure(
    provider: TokenProvider, good: dict[str, Any], prop: str, case: str, value: Any
) -> None:
    news = dict(good)
    if value is None:
        news.pop(prop, None)
    else:
        news[prop] = value
    result = provider.check({}, news)
    assert result.failures, f"{prop}={value!r} was accepted"
    assert {f.property for f in result.failures} == {prop}
    for failure in result.failures:
        assert "Traceback" not in failure.reason
        # The engine prints "property <prop> value {...} has a problem: <reason>": no second name.
        assert failure.reason and not failure.reason.startswith(f"{prop}: ")
        assert len(failure.reason) < 600
        assert "\x00" not in failure.reason and "\n" not in failure.reason


def test_renew_before_must_be_less_than_ttl(provider: TokenProvider, good: dict[str, Any]) -> None:
    failures = provider.check({}, good | {"ttl": 3600, "renew_before": 3600}).failures
    assert [f.property for f in failures] == ["renew_before"]
    assert "less than ttl" in failures[0].reason
    failures = provider.check({}, good | {"renew_before": 40 * 24 * 3600}).failures
    assert [f.property for f in failures] == ["renew_before"]


def test_did_you_mean(provider: TokenProvider, good: dict[str, Any]) -> None:
    (failure,) = provider.check({}, good | {"scopes": ["GET:company.openapi.com/IT-strat"]}).failures
    assert "did you mean 'GET:company.openapi.com/IT-start'" in failure.reason


def test_disabled_scope_message(provider: TokenProvider, good: dict[str, Any]) -> None:
    (failure,) = provider.check({}, good | {"scopes": ["GET:company.openapi.com/IT-full"]}).failures
    assert "disabled" in failure.reason


def test_adopt_token_value_never_in_message(provider: TokenProvider, good: dict[str, Any]) -> None:
    secret = "deadbeef cafebabe"
    (failure,) = provider.check({}, good | {"adopt_token": secret}).failures
    assert secret not in failure.reason and "deadbeef" not in failure.reason


def test_good_inputs_are_normalised(provider: TokenProvider, good: dict[str, Any]) -> None:
    news = good | {
        "ttl": 3600.0,
        "renew_before": 600.0,
        "limits": {
            "total_requests": 10.0,
            "wallet_amount": 50.0,
            "ip": ["203.0.113.7", "2001:db8::1"],
            "wallet_requests": None,
        },
        "rotation_triggers": {"quarter": "2026-Q4", "n": 3.0},
        "__provider": "opaque",
    }
    result = provider.check({}, news)
    assert result.failures == []
    inputs = result.inputs
    assert inputs["ttl"] == 3600 and isinstance(inputs["ttl"], int)
    assert inputs["renew_before"] == 600 and isinstance(inputs["renew_before"], int)
    assert inputs["limits"] == {"total_requests": 10, "wallet_amount": 50, "ip": ["203.0.113.7", "2001:db8::1"]}
    assert inputs["rotation_triggers"] == {"quarter": "2026-Q4", "n": 3}
    assert inputs["__provider"] == "opaque"


@pytest.mark.parametrize(
    "scope", ["GET:company.openapi.com/*", "*:company.openapi.com/IT-start", "*:sms.openapi.com/*"]
)
def test_wildcards_matching_an_enabled_scope_pass(provider: TokenProvider, scope: str) -> None:
    assert provider.check({}, {"scopes": [scope]}).failures == []


def test_catalogue_is_fetched_once_per_process(
    provider: TokenProvider, service: FakeService, good: dict[str, Any]
) -> None:
    for _ in range(3):
        assert provider.check({}, good).failures == []
    assert service.requests == {"GET /scopes": 1}


@pytest.mark.parametrize(
    "news",
    [
        {"scopes": UNKNOWN},
        {"scopes": [UNKNOWN, "GET:company.openapi.com/IT-start"]},
        {"scopes": ["GET:company.openapi.com/IT-start"], "ttl": UNKNOWN, "name": UNKNOWN},
        {"scopes": ["GET:company.openapi.com/IT-start"], "limits": UNKNOWN},
        {
            "scopes": ["GET:company.openapi.com/IT-start"],
            "limits": {"ip": [UNKNOWN, "1.2.3.4"], "total_requests": UNKNOWN},
        },
        {"scopes": ["GET:company.openapi.com/IT-start"], "rotation_triggers": UNKNOWN, "renew_before": UNKNOWN},
        {"scopes": ["GET:company.openapi.com/IT-start"], "adopt_token": UNKNOWN},
    ],
)
@pytest.mark.parametrize("form", ["wire-string", "host-object"])
def test_unknown_values_pass_through(provider: TokenProvider, news: dict[str, Any], form: str) -> None:
    if form == "host-object":  # what the host's deserialize_properties(..., keep_unknowns=True) gives
        news = _swap(news)
    result = provider.check({}, news)
    assert result.failures == []
    for key, value in news.items():
        if key != "name":
            assert result.inputs[key] is value or result.inputs[key] == value


def _swap(value: Any) -> Any:
    if value == UNKNOWN:
        return Unknown()
    if isinstance(value, dict):
        return {k: _swap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_swap(v) for v in value]
    return value


def test_auto_name_is_generated_and_kept(provider: TokenProvider, good: dict[str, Any]) -> None:
    first = provider.check({}, good).inputs
    assert first["name"].startswith("ci-deployer-") and len(first["name"]) == len("ci-deployer-") + 8
    assert first[AUTO_NAME_KEY] == first["name"]
    again = provider.check(first, good | {"ttl": 3600}).inputs
    assert again["name"] == first["name"] and again[AUTO_NAME_KEY] == first["name"]
    # The same in every check of the same resource (what preview shows is what up creates) ...
    assert provider.check({}, good).inputs["name"] == first["name"]
    # ... and kept even when a refresh took a hand-set name into the name input.
    assert provider.check(first | {"name": "set by hand"}, good).inputs["name"] == first["name"]
    other = provider.check({}, good | {"__name_seed": "urn:pulumi:other::p::t::ci-deployer"}).inputs
    assert other["name"] != first["name"]


def test_auto_name_prefix_comes_from_the_urn(provider: TokenProvider, good: dict[str, Any]) -> None:
    # The prefix is the URN's part after its third "::" (a name may contain "::"). Programs before
    # this one also sent the resource name as __name_prefix; such a key changes nothing.
    seed = "urn:pulumi:dev::p::pulumi-python:dynamic/openapi-oauth:Token::ci::deployer"
    old_style = provider.check({}, good | {"__name_prefix": "ci::deployer", "__name_seed": seed}).inputs
    new_style = provider.check({}, good | {"__name_seed": seed})
    assert new_style.inputs["name"] == old_style["name"] and old_style["name"].startswith("ci::deployer-")


def test_duplicate_scopes_are_accepted(provider: TokenProvider, good: dict[str, Any]) -> None:
    result = provider.check({}, good | {"scopes": [S[0], S[0]]})
    assert result.failures == [] and result.inputs["scopes"] == [S[0], S[0]]


def test_user_name_is_marked_and_wins(provider: TokenProvider, good: dict[str, Any]) -> None:
    auto = provider.check({}, good).inputs
    named = provider.check(auto, good | {"name": "ci deployer"}).inputs
    assert named["name"] == "ci deployer" and named[AUTO_NAME_KEY] is False
    # dropping the user name again gives a new auto name, not the user's
    back = provider.check(named, good).inputs
    assert back["name"] != "ci deployer" and back[AUTO_NAME_KEY] == back["name"]


def test_rotation_gets_a_fresh_auto_name(provider: TokenProvider, good: dict[str, Any]) -> None:
    first = provider.check({}, good | {"rotation_triggers": {"q": "1"}}).inputs
    rotated = provider.check(first, good | {"rotation_triggers": {"q": "2"}}).inputs
    assert rotated["name"] != first["name"]


def test_missing_credentials_is_a_failure_with_the_fix(monkeypatch: pytest.MonkeyPatch, good: dict[str, Any]) -> None:
    for var in ("OPENAPI_OAUTH_EMAIL", "OPENAPI_OAUTH_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    prov = TokenProvider()
    (failure,) = prov.check({}, good).failures
    assert failure.property == "scopes" and "openapi-oauth:apiKey" in failure.reason


def test_inputs_table_lists_every_input() -> None:
    table = inputs_table()
    for name in (
        "scopes",
        "name",
        "ttl",
        "limits",
        "renew_before",
        "rotation_triggers",
        "adopt_token",
        "wallet_amount",
        "ip",
    ):
        assert f"`{name}`" in table


def test_docs_table_is_the_generated_one() -> None:
    page = Path(__file__).parents[3] / "docs" / "token.md"
    assert inputs_table() in page.read_text(encoding="utf-8")


# -- adopt_token, IP allow-list and request size: refused at preview (issue 11) ------------------


def test_adopt_token_matching_no_live_token_fails_at_check(
    provider: TokenProvider, service: FakeService, good: dict[str, Any]
) -> None:
    value = "656d1e2f8b3c2a001f7e4a12"
    (failure,) = provider.check({}, good | {"adopt_token": value}).failures
    assert failure.property == "adopt_token"
    assert failure.reason.startswith(f"no live token of this account has fingerprint {fingerprint(value)}")
    assert "remove adopt_token" in failure.reason
    assert value not in failure.reason
    writes = {k: v for k, v in service.requests.items() if not k.startswith("GET ")}
    assert writes == {}
    assert service.requests["GET /tokens/{token}"] == 1


def test_adopt_token_of_a_live_token_passes_and_is_not_rechecked_once_created(
    provider: TokenProvider, service: FakeService, good: dict[str, Any]
) -> None:
    made = provider.create(provider.check({}, good).inputs)
    assert made.outs is not None
    value = made.outs["token"]
    checked = provider.check({}, good | {"adopt_token": value})
    assert checked.failures == []
    before = service.requests["GET /tokens/{token}"]
    # An existing resource never reads adopt_token again, so check does not ask.
    assert provider.check(checked.inputs, good | {"adopt_token": "656d1e2f8b3c2a001f7e4a12"}).failures == []
    assert service.requests["GET /tokens/{token}"] == before


@pytest.mark.parametrize(
    ("ip", "reason"),
    [
        ("fe80::1%eth0", "has a zone id"),
        ("fe80::1%25eth0", "has a zone id"),
        ("0.0.0.0", "is the unspecified address"),
        ("::", "is the unspecified address"),
        ("::ffff:0.0.0.0", "is the unspecified address"),
    ],
)
def test_ip_zone_ids_and_unspecified_addresses_fail_with_a_reason(
    provider: TokenProvider, good: dict[str, Any], ip: str, reason: str
) -> None:
    (failure,) = provider.check({}, good | {"limits": {"ip": ["203.0.113.7", ip]}}).failures
    assert failure.property == "limits"
    assert failure.reason.startswith(f"limits.ip[1] {ip!r} {reason}")


def test_ipv4_mapped_ipv6_is_sent_as_ipv4_and_diffs_as_equal(provider: TokenProvider, good: dict[str, Any]) -> None:
    result = provider.check({}, good | {"limits": {"ip": ["::ffff:203.0.113.7", "2001:DB8::1"]}})
    assert result.failures == []
    assert result.inputs["limits"]["ip"] == ["203.0.113.7", "2001:db8::1"]
    assert normalise("limits", {"ip": ["::ffff:203.0.113.7"]}) == normalise("limits", {"ip": ["203.0.113.7"]})


def _ips(count: int) -> list[str]:
    return [f"2001:db8:{i // 65536:x}:{i % 65536:x}::1" for i in range(count)]


def test_an_ip_list_over_the_request_limit_fails_at_check_with_the_count_that_fits(
    provider: TokenProvider, service: FakeService, good: dict[str, Any]
) -> None:
    (failure,) = provider.check({}, good | {"limits": {"ip": _ips(6000)}}).failures
    assert failure.property == "limits"
    match = re.fullmatch(
        r"limits\.ip: 6000 addresses make a (\d+)-byte request; the service accepts at most 65536 bytes, "
        r"so list at most about (\d+) addresses",
        failure.reason,
    )
    assert match, failure.reason
    fit = int(match[2])
    assert provider.check({}, good | {"limits": {"ip": _ips(fit)}}).failures == []
    assert not any(k.startswith(("POST", "PATCH", "DELETE")) for k in service.requests)


def test_the_request_limit_is_the_emulators_413_threshold() -> None:
    assert MAX_REQUEST_BYTES == MAX_BODY
