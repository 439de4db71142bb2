from pulumi_policy import EnforcementLevel
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from pulumi_openapi_oauth.policy import NO_WILDCARD_SCOPES
from tests.unit.policy.policy_args import schema_of

METHOD = (
    "token 'ci-deployer': scope '*:company.openapi.com/IT-start' uses the wildcard method '*';"
    " list the methods it needs instead, e.g. 'GET:company.openapi.com/IT-start'"
)
PATH = (
    "token 'ci-deployer': scope 'GET:company.openapi.com/IT-start/*' uses the wildcard path"
    " 'IT-start/*'; list the exact paths it needs instead"
)
SCOPES = ["*:company.openapi.com/IT-start", "GET:company.openapi.com/IT-start/*"]


def test_exact_scopes_pass(make_args, token, violations):
    assert violations(NO_WILDCARD_SCOPES, make_args(token())) == []


def test_wildcards_are_reported_by_default(make_args, token, violations):
    assert violations(NO_WILDCARD_SCOPES, make_args(token(scopes=SCOPES))) == [METHOD, PATH]
    assert NO_WILDCARD_SCOPES.enforcement_level is EnforcementLevel.MANDATORY


def test_bare_star_path(make_args, token, violations):
    args = make_args(token(scopes=["GET:company.openapi.com/*"]))
    assert violations(NO_WILDCARD_SCOPES, args) == [
        "token 'ci-deployer': scope 'GET:company.openapi.com/*' uses the wildcard path '*';"
        " list the exact paths it needs instead"
    ]


def test_config_relaxes_each_half(make_args, token, violations):
    methods_ok = make_args(token(scopes=SCOPES), config={"allowMethodWildcard": True})
    assert violations(NO_WILDCARD_SCOPES, methods_ok) == [PATH]
    paths_ok = make_args(token(scopes=SCOPES), config={"allowPathWildcard": True})
    assert violations(NO_WILDCARD_SCOPES, paths_ok) == [METHOD]


def test_exempt_globs(make_args, token, violations):
    # fnmatch: '[*]' is a literal star, a bare '*' matches anything.
    args = make_args(token(scopes=SCOPES), config={"exempt": ["[*]:company.openapi.com/*"]})
    assert violations(NO_WILDCARD_SCOPES, args) == [PATH]


def test_schema_defaults():
    props = schema_of(NO_WILDCARD_SCOPES).properties
    assert props["allowMethodWildcard"]["default"] is False
    assert props["allowPathWildcard"]["default"] is False
    assert props["exempt"]["default"] == []


def test_unknown_scopes_are_skipped(make_args, token, violations):
    assert violations(NO_WILDCARD_SCOPES, make_args(token(scopes=UNKNOWN_STRING_VALUE))) == []
    args = make_args(token(scopes=[UNKNOWN_STRING_VALUE, SCOPES[0]]))
    assert violations(NO_WILDCARD_SCOPES, args) == [METHOD]
