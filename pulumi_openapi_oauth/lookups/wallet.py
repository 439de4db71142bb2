"""Wallet lookups: the credit (GET /wallet) and its transactions (GET /wallet/transactions)."""

from __future__ import annotations

import pulumi

from pulumi_openapi_oauth._models import Wallet, WalletTransaction
from pulumi_openapi_oauth.lookups._args import check_limit
from pulumi_openapi_oauth.lookups._invoke import fetch, output_form, reported
from pulumi_openapi_oauth.lookups._result import Result, to_float

__all__ = [
    "GetWalletResult",
    "GetWalletTransactionsResult",
    "GetWalletTransactionsTransactionResult",
    "get_wallet",
    "get_wallet_output",
    "get_wallet_transactions",
    "get_wallet_transactions_output",
]


@pulumi.output_type
class GetWalletResult(Result):
    """The result of :func:`get_wallet`.

    Attributes:
        credit: The wallet's credit balance.
        created_at: When the wallet was created (ISO 8601).
        updated_at: When the balance last changed (ISO 8601).
    """

    credit: float = pulumi.property("credit")
    created_at: str | None = pulumi.property("createdAt", default=None)
    updated_at: str | None = pulumi.property("updatedAt", default=None)


@pulumi.output_type
class GetWalletTransactionsTransactionResult(Result):
    """One wallet transaction.

    Attributes:
        id: The transaction's id.
        amount: The amount: negative for spending, positive for credit added.
        created_at: When it happened (ISO 8601).
        description: What it was for, e.g. ``API usage - company.openapi.com``.
    """

    id: str = pulumi.property("id")
    amount: float = pulumi.property("amount")
    created_at: str | None = pulumi.property("createdAt", default=None)
    description: str | None = pulumi.property("description", default=None)


@pulumi.output_type
class GetWalletTransactionsResult(Result):
    """The result of :func:`get_wallet_transactions`.

    Attributes:
        transactions: The transactions, newest first, as the service orders them.
        limit: The ``limit`` asked for, if any.
    """

    transactions: tuple[GetWalletTransactionsTransactionResult, ...] = pulumi.property("transactions")
    limit: int | None = pulumi.property("limit", default=None)


@reported
def get_wallet() -> GetWalletResult:
    """The account's wallet (GET /wallet): its credit and when it was created and updated."""
    wallet: Wallet = fetch("get_wallet", (), lambda c: c.get_wallet())
    return GetWalletResult(
        credit=to_float(wallet.credit) or 0.0,
        created_at=wallet.created_at,
        updated_at=wallet.updated_at,
    )


def get_wallet_output() -> pulumi.Output[GetWalletResult]:
    """:func:`get_wallet` as an Output."""
    return output_form(get_wallet)


@reported
def get_wallet_transactions(limit: int | None = None) -> GetWalletTransactionsResult:
    """The wallet's transactions (GET /wallet/transactions): every page, or the first ``limit``.

    Raises:
        LookupError: ``limit`` is not a positive integer (checked before any request).
    """
    if limit is not None:
        check_limit("get_wallet_transactions", limit)
    items: list[WalletTransaction] = fetch(
        "list_wallet_transactions", (limit,), lambda c: c.list_wallet_transactions(limit)
    )
    return GetWalletTransactionsResult(
        transactions=tuple(
            GetWalletTransactionsTransactionResult(
                id=t.id or "",
                amount=to_float(t.amount) or 0.0,
                created_at=t.created_at,
                description=t.description,
            )
            for t in items
        ),
        limit=limit,
    )


def get_wallet_transactions_output(
    limit: pulumi.Input[int | None] = None,
) -> pulumi.Output[GetWalletTransactionsResult]:
    """:func:`get_wallet_transactions` taking an input or Output and returning an Output."""
    return output_form(get_wallet_transactions, limit=limit)
