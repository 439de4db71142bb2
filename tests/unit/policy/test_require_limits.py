from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE, UNKNOWN_OBJECT_VALUE

from pulumi_openapi_oauth.policy import REQUIRE_LIMITS
from tests.unit.policy.policy_args import schema_of


def test_default_fields_set(make_args, token, violations):
    assert violations(REQUIRE_LIMITS, make_args(token())) == []
    assert schema_of(REQUIRE_LIMITS).properties["fields"]["default"] == [
        "wallet_amount",
        "total_requests",
    ]


def test_missing_limits(make_args, token, violations):
    assert violations(REQUIRE_LIMITS, make_args(token(limits=None))) == [
        "token 'ci-deployer': limits.wallet_amount is not set; set limits.wallet_amount"
        " (required limits: wallet_amount, total_requests)",
        "token 'ci-deployer': limits.total_requests is not set; set limits.total_requests"
        " (required limits: wallet_amount, total_requests)",
    ]


def test_configured_fields(make_args, token, violations):
    args = make_args(token(limits={"wallet_amount": 5, "ip": []}), config={"fields": ["ip", "wallet_amount"]})
    assert violations(REQUIRE_LIMITS, args) == [
        "token 'ci-deployer': limits.ip is not set; set limits.ip (required limits: ip, wallet_amount)"
    ]


def test_max_wallet_amount(make_args, token, violations):
    args = make_args(
        token(limits={"wallet_amount": 250.5, "total_requests": 10}),
        config={"maxWalletAmount": 100},
    )
    assert violations(REQUIRE_LIMITS, args) == [
        "token 'ci-deployer': limits.wallet_amount 250.5 exceeds the maximum of 100; set limits.wallet_amount <= 100"
    ]
    at_max = make_args(token(), config={"maxWalletAmount": 50})
    assert violations(REQUIRE_LIMITS, at_max) == []


def test_no_maximum_by_default(make_args, token, violations):
    args = make_args(token(limits={"wallet_amount": 10**6, "total_requests": 1}))
    assert violations(REQUIRE_LIMITS, args) == []
    assert "default" not in schema_of(REQUIRE_LIMITS).properties["maxWalletAmount"]


def test_unknown_values_are_skipped(make_args, token, violations):
    assert violations(REQUIRE_LIMITS, make_args(token(limits=UNKNOWN_OBJECT_VALUE))) == []
    args = make_args(
        token(limits={"wallet_amount": UNKNOWN_NUMBER_VALUE, "total_requests": UNKNOWN_NUMBER_VALUE}),
        config={"maxWalletAmount": 1},
    )
    assert violations(REQUIRE_LIMITS, args) == []
