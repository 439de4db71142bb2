from pulumi_policy.proxy import UNKNOWN_ARRAY_VALUE, UNKNOWN_STRING_VALUE

from pulumi_openapi_oauth.policy import REQUIRE_IP_ALLOWLIST
from tests.unit.policy.policy_args import schema_of

NO_IP = {"wallet_amount": 5, "total_requests": 10}


def test_prod_stack_without_ip(make_args, token, violations):
    args = make_args(token(limits=NO_IP), stack="prod-eu")
    assert violations(REQUIRE_IP_ALLOWLIST, args) == [
        "token 'ci-deployer': limits.ip is not set, but stack 'prod-eu' matches 'prod*', which"
        " requires an IP allow-list; set limits.ip to the callers' addresses or CIDR ranges"
    ]
    assert schema_of(REQUIRE_IP_ALLOWLIST).properties["stacks"]["default"] == ["prod*"]


def test_empty_ip_list(make_args, token, violations):
    args = make_args(token(limits={**NO_IP, "ip": []}), stack="prod")
    assert violations(REQUIRE_IP_ALLOWLIST, args)[0].startswith(
        "token 'ci-deployer': limits.ip is empty, but stack 'prod' matches 'prod*'"
    )
    assert len(violations(REQUIRE_IP_ALLOWLIST, make_args(token(limits=None), stack="prod"))) == 1


def test_prod_stack_with_ip(make_args, token, violations):
    args = make_args(token(limits={**NO_IP, "ip": ["203.0.113.7"]}), stack="prod")
    assert violations(REQUIRE_IP_ALLOWLIST, args) == []


def test_other_stacks_are_not_checked(make_args, token, violations):
    assert violations(REQUIRE_IP_ALLOWLIST, make_args(token(limits=NO_IP), stack="dev")) == []
    assert violations(REQUIRE_IP_ALLOWLIST, make_args(token(limits=NO_IP), stack="preprod")) == []


def test_configured_stack_globs(make_args, token, violations):
    config = {"stacks": ["live", "*-prd"]}
    assert len(violations(REQUIRE_IP_ALLOWLIST, make_args(token(), stack="eu-prd", config=config))) == 1
    assert violations(REQUIRE_IP_ALLOWLIST, make_args(token(), stack="prod", config=config)) == []


def test_stack_tag_entries(make_args, token, violations):
    config = {"stacks": ["env=prod*"]}
    args = make_args(token(), stack="blue", config=config, stack_tags={"env": "production"})
    assert violations(REQUIRE_IP_ALLOWLIST, args) == [
        "token 'ci-deployer': limits.ip is not set, but tag env=production matches"
        " 'env=prod*', which requires an IP allow-list; set limits.ip to the callers'"
        " addresses or CIDR ranges"
    ]
    untagged = make_args(token(), stack="blue", config=config, stack_tags={"env": "staging"})
    assert violations(REQUIRE_IP_ALLOWLIST, untagged) == []


def test_unknown_ip_is_skipped(make_args, token, violations):
    whole = make_args(token(limits={**NO_IP, "ip": UNKNOWN_ARRAY_VALUE}), stack="prod")
    assert violations(REQUIRE_IP_ALLOWLIST, whole) == []
    element = make_args(token(limits={**NO_IP, "ip": [UNKNOWN_STRING_VALUE]}), stack="prod")
    assert violations(REQUIRE_IP_ALLOWLIST, element) == []
