import pytest
from pulumi_policy import EnforcementLevel
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE, UNKNOWN_OBJECT_VALUE

from pulumi_openapi_oauth.policy import REQUIRE_RENEWAL
from tests.unit.policy.policy_args import schema_of

MESSAGE = (
    "token 'ci-deployer': neither renew_before nor rotation_triggers is set, so the token will"
    " expire without being renewed; set renew_before (seconds before expiry) or"
    " rotation_triggers"
)


@pytest.mark.parametrize(
    "overrides",
    [{}, {"renew_before": None, "rotation_triggers": {"quarter": "2026Q1"}}],
)
def test_renewal_planned(make_args, token, violations, overrides):
    assert violations(REQUIRE_RENEWAL, make_args(token(**overrides))) == []


@pytest.mark.parametrize("overrides", [{"renew_before": None}, {"rotation_triggers": {}}])
def test_no_renewal_is_advised(make_args, token, violations, overrides):
    props = token(renew_before=None)
    props.update(overrides)
    assert violations(REQUIRE_RENEWAL, make_args(props)) == [MESSAGE]
    assert REQUIRE_RENEWAL.enforcement_level is EnforcementLevel.ADVISORY
    assert schema_of(REQUIRE_RENEWAL).properties == {}


@pytest.mark.parametrize(
    "overrides",
    [{"renew_before": UNKNOWN_NUMBER_VALUE}, {"rotation_triggers": UNKNOWN_OBJECT_VALUE}],
)
def test_unknown_values_are_skipped(make_args, token, violations, overrides):
    props = token(renew_before=None)
    props.update(overrides)
    assert violations(REQUIRE_RENEWAL, make_args(props)) == []
