"""Importing the policy library must not start a pack (``PolicyPack`` serves and blocks)."""

import subprocess
import sys
import textwrap
from typing import Any

import pytest
from pulumi_policy import ResourceValidationPolicy, StackValidationPolicy

import pulumi_openapi_oauth.policy as policy
from pulumi_openapi_oauth.policy import pack

#: Every rule the package ships, by name: adding or dropping one must change this set.
RULES = {
    "openapi-oauth-allowed-domains",
    "openapi-oauth-no-wildcard-scopes",
    "openapi-oauth-forbidden-scopes",
    "openapi-oauth-max-ttl",
    "openapi-oauth-require-limits",
    "openapi-oauth-require-ip-allowlist",
    "openapi-oauth-require-renewal",
    "openapi-oauth-no-duplicate-scopes",
    "openapi-oauth-stack-wallet-budget",
    "openapi-oauth-no-duplicate-scope-sets",
}


def test_import_constructs_no_pack_and_starts_no_server():
    code = textwrap.dedent(
        """
        import pulumi_policy.policy as p

        def boom(*args, **kwargs):
            raise SystemExit("PolicyPack constructed on import")

        p.PolicyPack.__init__ = boom
        import grpc
        grpc.server = boom
        import pulumi_openapi_oauth.policy
        import pulumi_openapi_oauth.policy.pack
        print("ok", *sorted(p.name for p in pulumi_openapi_oauth.policy.ALL_POLICIES))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ok", *sorted(RULES)]
    assert done.stderr == ""


def test_all_policies():
    names = [p.name for p in policy.ALL_POLICIES]
    assert len(names) == len(set(names))
    assert set(names) == RULES
    for rule in policy.ALL_POLICIES:
        assert isinstance(rule, (ResourceValidationPolicy, StackValidationPolicy))
        assert rule.config_schema is not None
        assert rule.enforcement_level is not None
    assert policy.ALL_POLICIES is pack.ALL_POLICIES


def test_exports_sorted_and_complete():
    assert policy.__all__ == sorted(policy.__all__)
    rules = {name for name in dir(policy) if name.isupper() and name != "ALL_POLICIES"}
    assert rules == set(policy.__all__) - {"ALL_POLICIES"}
    assert {getattr(policy, n) for n in rules} == set(policy.ALL_POLICIES)


def test_pack_serves_exactly_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """``run_pack`` hands ``PolicyPack`` every rule, each once (recorded instead of served)."""
    served: list[Any] = []
    monkeypatch.setattr(pack, "PolicyPack", lambda **kwargs: served.extend(kwargs["policies"]))
    monkeypatch.setattr(pack, "_unbuffer_stdout", lambda: None)
    pack.run_pack()
    names = [rule.name for rule in served]
    assert sorted(names) == sorted(RULES)
