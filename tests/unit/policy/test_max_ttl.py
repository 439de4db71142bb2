import pytest
from pulumi_policy import EnforcementLevel
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE

from pulumi_openapi_oauth.policy import MAX_TTL
from tests.unit.policy.policy_args import schema_of

YEAR = 365 * 86400


def test_within_default_maximum(make_args, token, violations):
    assert violations(MAX_TTL, make_args(token(ttl=90 * 86400))) == []


def test_over_default_maximum(make_args, token, violations):
    assert violations(MAX_TTL, make_args(token(ttl=YEAR))) == [
        "token 'ci-deployer': ttl 31536000 s exceeds the maximum of 7776000 s (90 days); set ttl <= 7776000"
    ]
    assert MAX_TTL.enforcement_level is EnforcementLevel.MANDATORY
    assert schema_of(MAX_TTL).properties["maxSeconds"]["default"] == 7776000


def test_unset_ttl_is_reported(make_args, token, violations):
    assert violations(MAX_TTL, make_args(token(ttl=None))) == [
        "token 'ci-deployer': ttl is not set, so the service default of 2592000 s (30 days)"
        " applies; the maximum is 7776000 s (90 days): set ttl <= 7776000"
    ]
    props = token()
    del props["ttl"]
    assert len(violations(MAX_TTL, make_args(props))) == 1


def test_config_override(make_args, token, violations):
    args = make_args(token(ttl=7200), config={"maxSeconds": 3600})
    assert violations(MAX_TTL, args) == [
        "token 'ci-deployer': ttl 7200 s exceeds the maximum of 3600 s (1 hour); set ttl <= 3600"
    ]
    assert violations(MAX_TTL, make_args(token(ttl=3600), config={"maxSeconds": 3600})) == []


def test_unknown_ttl_is_skipped(make_args, token, violations, remediated):
    assert violations(MAX_TTL, make_args(token(ttl=UNKNOWN_NUMBER_VALUE))) == []
    args = make_args(token(ttl=UNKNOWN_NUMBER_VALUE), remediation=True)
    assert remediated(MAX_TTL, args) is None


def test_remediation_clamps_ttl(make_args, token, remediated):
    out = remediated(MAX_TTL, make_args(token(ttl=YEAR), remediation=True))
    assert out["ttl"] == 7776000
    assert out["__provider"] == "dill-pickled-provider"
    assert out["scopes"] == token()["scopes"]


@pytest.mark.parametrize(("maximum", "expected"), [(None, 2592000), (86400, 86400)])
def test_remediation_sets_an_unset_ttl(make_args, token, remediated, maximum, expected):
    config = None if maximum is None else {"maxSeconds": maximum}
    out = remediated(MAX_TTL, make_args(token(ttl=None), remediation=True, config=config))
    assert out["ttl"] == expected


def test_remediation_leaves_a_good_ttl_alone(make_args, token, remediated):
    assert remediated(MAX_TTL, make_args(token(), remediation=True)) is None


def test_remediation_ignores_other_types(make_args, token, remediated):
    args = make_args(token(ttl=YEAR), remediation=True, resource_type="random:index:Id")
    assert remediated(MAX_TTL, args) is None
