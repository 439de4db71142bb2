from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from pulumi_openapi_oauth.policy import ALLOWED_DOMAINS
from tests.unit.policy.policy_args import schema_of


def test_unset_config_allows_any_domain(make_args, token, violations):
    assert violations(ALLOWED_DOMAINS, make_args(token(scopes=["GET:evil.example.com/x"]))) == []


def test_schema_has_no_default_so_unset_means_unrestricted():
    assert "default" not in schema_of(ALLOWED_DOMAINS).properties["domains"]


def test_allowed_domains_pass(make_args, token, violations):
    config = {"domains": ["company.openapi.com", "imprese.openapi.it"]}
    assert violations(ALLOWED_DOMAINS, make_args(token(), config=config)) == []


def test_other_domain_is_reported(make_args, token, violations):
    args = make_args(
        token(scopes=["GET:company.openapi.com/IT-start", "*:risk.openapi.com/IT-crif"]),
        config={"domains": ["company.openapi.com"]},
    )
    assert violations(ALLOWED_DOMAINS, args) == [
        "token 'ci-deployer': scope '*:risk.openapi.com/IT-crif' uses domain 'risk.openapi.com',"
        " which is not allowed; use one of the allowed domains: company.openapi.com"
    ]


def test_globs(make_args, token, violations):
    args = make_args(
        token(scopes=["GET:company.openapi.com/a", "GET:imprese.openapi.it/b"]),
        config={"domains": ["*.openapi.com"]},
    )
    assert violations(ALLOWED_DOMAINS, args) == [
        "token 'ci-deployer': scope 'GET:imprese.openapi.it/b' uses domain 'imprese.openapi.it',"
        " which is not allowed; use one of the allowed domains: *.openapi.com"
    ]


def test_empty_list_allows_nothing(make_args, token, violations):
    args = make_args(token(scopes=["GET:company.openapi.com/a"]), config={"domains": []})
    assert violations(ALLOWED_DOMAINS, args) == [
        "token 'ci-deployer': scope 'GET:company.openapi.com/a' uses domain"
        " 'company.openapi.com', which is not allowed; use one of the allowed domains: (none)"
    ]


def test_unknown_scopes_are_skipped(make_args, token, violations):
    config = {"domains": ["company.openapi.com"]}
    whole = make_args(token(scopes=UNKNOWN_STRING_VALUE), config=config)
    assert violations(ALLOWED_DOMAINS, whole) == []
    one = make_args(token(scopes=[UNKNOWN_STRING_VALUE, "GET:risk.openapi.com/x"]), config=config)
    assert len(violations(ALLOWED_DOMAINS, one)) == 1


def test_other_resource_types_are_ignored(make_args, token, violations):
    args = make_args(
        token(scopes=["GET:risk.openapi.com/x"]),
        config={"domains": ["company.openapi.com"]},
        resource_type="aws:s3/bucket:Bucket",
    )
    assert violations(ALLOWED_DOMAINS, args) == []


def test_malformed_scopes_are_left_to_the_provider(make_args, token, violations):
    args = make_args(token(scopes=["get:Bad Domain/x"]), config={"domains": ["a.openapi.com"]})
    assert violations(ALLOWED_DOMAINS, args) == []
