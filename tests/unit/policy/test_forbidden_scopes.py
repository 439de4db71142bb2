from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from pulumi_openapi_oauth.policy import FORBIDDEN_SCOPES
from tests.unit.policy.policy_args import schema_of


def test_default_forbids_delete(make_args, token, violations):
    args = make_args(token(scopes=["GET:company.openapi.com/a", "DELETE:company.openapi.com/a"]))
    assert violations(FORBIDDEN_SCOPES, args) == [
        "token 'ci-deployer': scope 'DELETE:company.openapi.com/a' matches the forbidden"
        " pattern 'DELETE:*'; remove it (forbidden patterns: DELETE:*)"
    ]
    assert schema_of(FORBIDDEN_SCOPES).properties["patterns"]["default"] == ["DELETE:*"]


def test_passing(make_args, token, violations):
    assert violations(FORBIDDEN_SCOPES, make_args(token())) == []


def test_wildcard_method_grants_delete(make_args, token, violations):
    args = make_args(token(scopes=["*:company.openapi.com/a"]))
    assert violations(FORBIDDEN_SCOPES, args) == [
        "token 'ci-deployer': scope '*:company.openapi.com/a' grants"
        " 'DELETE:company.openapi.com/a', which matches the forbidden pattern 'DELETE:*';"
        " remove it (forbidden patterns: DELETE:*)"
    ]


def test_configured_patterns_replace_the_default(make_args, token, violations):
    config = {"patterns": ["*:risk.openapi.com/*", "POST:*"]}
    args = make_args(
        token(
            scopes=[
                "DELETE:company.openapi.com/a",
                "GET:risk.openapi.com/IT-crif",
                "POST:imprese.openapi.it/advance",
            ]
        ),
        config=config,
    )
    assert violations(FORBIDDEN_SCOPES, args) == [
        "token 'ci-deployer': scope 'GET:risk.openapi.com/IT-crif' matches the forbidden"
        " pattern '*:risk.openapi.com/*'; remove it (forbidden patterns:"
        " *:risk.openapi.com/*, POST:*)",
        "token 'ci-deployer': scope 'POST:imprese.openapi.it/advance' matches the forbidden"
        " pattern 'POST:*'; remove it (forbidden patterns: *:risk.openapi.com/*, POST:*)",
    ]


def test_empty_patterns_forbid_nothing(make_args, token, violations):
    args = make_args(token(scopes=["DELETE:company.openapi.com/a"]), config={"patterns": []})
    assert violations(FORBIDDEN_SCOPES, args) == []


def test_unknown_scopes_are_skipped(make_args, token, violations):
    assert violations(FORBIDDEN_SCOPES, make_args(token(scopes=UNKNOWN_STRING_VALUE))) == []
    args = make_args(token(scopes=["DELETE:company.openapi.com/a", UNKNOWN_STRING_VALUE]))
    assert len(violations(FORBIDDEN_SCOPES, args)) == 1
