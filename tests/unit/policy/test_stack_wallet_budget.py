from typing import Any

from pulumi_policy import EnforcementLevel
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE

from pulumi_openapi_oauth.policy import STACK_WALLET_BUDGET
from tests.unit.policy.policy_args import schema_of


def _limits(amount: float | str) -> dict[str, Any]:
    return {"limits": {"wallet_amount": amount, "total_requests": 10}}


def test_unset_budget_passes(make_stack, violations):
    args = make_stack({"a": _limits(10**9)})
    assert violations(STACK_WALLET_BUDGET, args) == []
    assert "default" not in schema_of(STACK_WALLET_BUDGET).properties["maxTotalWalletAmount"]


def test_within_budget(make_stack, violations):
    args = make_stack({"a": _limits(100), "b": _limits(200)}, config={"maxTotalWalletAmount": 300})
    assert violations(STACK_WALLET_BUDGET, args) == []


def test_over_budget(make_stack, reported):
    args = make_stack(
        {"a": _limits(100), "b": _limits(200.5), "c": {"limits": None}, "d": _limits(50)},
        config={"maxTotalWalletAmount": 300},
    )
    assert reported(STACK_WALLET_BUDGET, args) == [
        (
            "the tokens' limits.wallet_amount add up to 350.5 (token 'a' 100, token 'b' 200.5,"
            " token 'd' 50), which exceeds the stack budget of 300; lower them so the total is"
            " <= 300",
            None,
        )
    ]
    assert STACK_WALLET_BUDGET.enforcement_level is EnforcementLevel.MANDATORY


def test_only_tokens_count(make_stack, violations):
    args = make_stack(
        {"a": _limits(100), "other": _limits(1000)},
        config={"maxTotalWalletAmount": 300},
        types={"other": "pulumi-python:dynamic:Resource"},
    )
    assert violations(STACK_WALLET_BUDGET, args) == []


def test_unknown_amounts_are_left_out(make_stack, violations):
    config = {"maxTotalWalletAmount": 300}
    unknown = make_stack({"a": _limits(100), "b": _limits(UNKNOWN_NUMBER_VALUE)}, config=config)
    assert violations(STACK_WALLET_BUDGET, unknown) == []
    already_over = make_stack({"a": _limits(400), "b": _limits(UNKNOWN_NUMBER_VALUE)}, config=config)
    assert len(violations(STACK_WALLET_BUDGET, already_over)) == 1
