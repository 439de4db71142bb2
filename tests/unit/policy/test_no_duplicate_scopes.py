from pulumi_policy import EnforcementLevel
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from pulumi_openapi_oauth.policy import NO_DUPLICATE_SCOPES

A, B = "GET:company.openapi.com/a", "POST:company.openapi.com/b"


def test_unique_scopes_pass(make_args, token, violations):
    assert violations(NO_DUPLICATE_SCOPES, make_args(token())) == []


def test_repeats_are_reported(make_args, token, violations):
    args = make_args(token(scopes=[A, B, A, A]))
    assert violations(NO_DUPLICATE_SCOPES, args) == [
        "token 'ci-deployer': scope 'GET:company.openapi.com/a' is listed 3 times; list it once"
    ]
    assert NO_DUPLICATE_SCOPES.enforcement_level is EnforcementLevel.ADVISORY


def test_remediation_drops_repeats_in_order(make_args, token, remediated):
    out = remediated(NO_DUPLICATE_SCOPES, make_args(token(scopes=[B, A, B, A]), remediation=True))
    assert out["scopes"] == [B, A]
    assert out["__provider"] == "dill-pickled-provider"
    assert out["ttl"] == token()["ttl"]


def test_remediation_without_repeats_changes_nothing(make_args, token, remediated):
    assert remediated(NO_DUPLICATE_SCOPES, make_args(token(), remediation=True)) is None


def test_unknown_scopes_are_skipped(make_args, token, violations, remediated):
    assert violations(NO_DUPLICATE_SCOPES, make_args(token(scopes=UNKNOWN_STRING_VALUE))) == []
    partial = token(scopes=[A, A, UNKNOWN_STRING_VALUE])
    assert len(violations(NO_DUPLICATE_SCOPES, make_args(partial))) == 1
    assert remediated(NO_DUPLICATE_SCOPES, make_args(partial, remediation=True)) is None
