"""``openapi-oauth-stack-wallet-budget`` (stack policy): the wallet budget of a stack.

The sum of ``limits.wallet_amount`` over all tokens of the stack is at most
``maxTotalWalletAmount``. With ``maxTotalWalletAmount`` unset the rule passes. Tokens with no
``wallet_amount`` are not counted (``openapi-oauth-require-limits`` makes it required). At
preview an unknown amount is left out: the rule reports only when the known amounts already
exceed the budget. Mandatory.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)

from ._props import config_number, fmt_number, in_program_names, number, stack_tokens

__all__ = ["STACK_WALLET_BUDGET"]


def _validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    budget = config_number(args.get_config(), "maxTotalWalletAmount", None)
    if budget is None:
        return
    amounts: list[tuple[str, int | float]] = []
    for token in stack_tokens(args.resources):
        amount = number(token.limit("wallet_amount"))
        if amount is not None:
            amounts.append((token.name, amount))
    total = number(sum(a for _, a in amounts))
    if total is None or total <= budget:
        return
    parts = ", ".join(f"token '{name}' {fmt_number(a)}" for name, a in amounts)
    report_violation(
        f"the tokens' limits.wallet_amount add up to {fmt_number(total)} ({parts}), which"
        f" exceeds the stack budget of {fmt_number(budget)}; lower them so the total is <="
        f" {fmt_number(budget)}",
        None,
    )


STACK_WALLET_BUDGET = StackValidationPolicy(
    name="openapi-oauth-stack-wallet-budget",
    description="The tokens of a stack may together spend at most the stack's wallet budget.",
    validate=in_program_names(_validate),
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "maxTotalWalletAmount": {
                "type": "number",
                "minimum": 0,
                "description": "Largest allowed sum of limits.wallet_amount over the stack's"
                " tokens. Unset: no budget, the rule passes.",
            },
        },
    ),
)
