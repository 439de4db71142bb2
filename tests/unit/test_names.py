"""The camelCase rewrite of messages for programs of the native Token (:mod:`._names`)."""

from __future__ import annotations

import pytest

from pulumi_openapi_oauth._names import TOKEN_NAMES, Spoken


@pytest.mark.parametrize(
    ("message", "spoken"),
    [
        (
            "token 'ci': limits.wallet_amount is not set; set limits.wallet_amount",
            "token 'ci': limits.walletAmount is not set; set limits.walletAmount",
        ),
        # A token the user named like a property keeps its name, in either quoting.
        (
            "token 'total_requests': renew_before is not set",
            "token 'total_requests': renewBefore is not set",
        ),
        ('Token "it\'s total_requests" (oatfp-1): renew_before', 'Token "it\'s total_requests" (oatfp-1): renewBefore'),
        # So does a scope whose path looks like one.
        (
            "scope 'GET:example.com/wallet_amount' is not in the catalogue; renew_before",
            "scope 'GET:example.com/wallet_amount' is not in the catalogue; renewBefore",
        ),
        # An apostrophe in prose quotes nothing.
        ("the service's limits.total_requests and tokens' ttl", "the service's limits.totalRequests and tokens' ttl"),
        (
            "unknown property 'renew_befor'; a Token takes only: name, renew_before",
            "unknown property 'renew_befor'; a Token takes only: name, renewBefore",
        ),
    ],
)
def test_names_are_rewritten_and_quoted_values_are_not(message: str, spoken: str) -> None:
    assert TOKEN_NAMES(message) == spoken


def test_no_names_to_rewrite_leaves_the_text() -> None:
    assert Spoken(["ttl"])("ttl 'x'") == "ttl 'x'"
