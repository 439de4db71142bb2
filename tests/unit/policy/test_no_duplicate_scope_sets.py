from pulumi_policy import EnforcementLevel
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from pulumi_openapi_oauth.policy import NO_DUPLICATE_SCOPE_SETS

A, B, C = (
    "GET:company.openapi.com/a",
    "POST:company.openapi.com/b",
    "GET:risk.openapi.com/c",
)


def test_distinct_sets_pass(make_stack, violations):
    args = make_stack({"x": {"scopes": [A, B]}, "y": {"scopes": [A]}, "z": {"scopes": [A, C]}})
    assert violations(NO_DUPLICATE_SCOPE_SETS, args) == []


def test_same_set_in_another_order(make_stack, reported):
    args = make_stack({"x": {"scopes": [A, B]}, "y": {"scopes": [B, A, B]}, "z": {"scopes": [B, A]}})
    assert reported(NO_DUPLICATE_SCOPE_SETS, args) == [
        (
            "token 'y': has the same scope set as token 'x' (GET:company.openapi.com/a,"
            " POST:company.openapi.com/b); merge them into one token, or give each only the"
            " scopes it needs",
            "urn:pulumi:dev::tokens::pulumi-python:dynamic/openapi-oauth:Token::y",
        ),
        (
            "token 'z': has the same scope set as token 'x' (GET:company.openapi.com/a,"
            " POST:company.openapi.com/b); merge them into one token, or give each only the"
            " scopes it needs",
            "urn:pulumi:dev::tokens::pulumi-python:dynamic/openapi-oauth:Token::z",
        ),
    ]
    assert NO_DUPLICATE_SCOPE_SETS.enforcement_level is EnforcementLevel.ADVISORY


def test_unknown_scopes_are_skipped(make_stack, violations):
    args = make_stack(
        {
            "x": {"scopes": [A]},
            "y": {"scopes": UNKNOWN_STRING_VALUE},
            "z": {"scopes": [A, UNKNOWN_STRING_VALUE]},
        }
    )
    assert violations(NO_DUPLICATE_SCOPE_SETS, args) == []


def test_other_types_are_ignored(make_stack, violations):
    args = make_stack({"x": {"scopes": [A]}, "y": {"scopes": [A]}}, types={"y": "some:other:Type"})
    assert violations(NO_DUPLICATE_SCOPE_SETS, args) == []
