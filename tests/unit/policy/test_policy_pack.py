"""The example pack, served for real: ``python examples/policy-pack`` speaks gRPC as the CLI
expects (port on stdout), and the rules see what the engine sends (numbers as floats,
unknown sentinels at preview, ``__provider`` in remediation props)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import empty_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE

from pulumi_openapi_oauth._constants import TOKEN_TYPE
from pulumi_openapi_oauth.policy import ALL_POLICIES
from tests.unit.policy.policy_args import struct

PACK = Path(__file__).resolve().parents[3] / "examples" / "policy-pack"
LEVELS = {
    "advisory": analyzer_pb2.ADVISORY,
    "mandatory": analyzer_pb2.MANDATORY,
    "remediate": analyzer_pb2.REMEDIATE,
    "disabled": analyzer_pb2.DISABLED,
}


@pytest.fixture(scope="module", params=["__main__.py", "openapi-oauth-policy-pack"])
def analyzer(request: pytest.FixtureRequest) -> Iterator[analyzer_pb2_grpc.AnalyzerStub]:
    """The pack served by the directory's ``__main__.py`` (as a language host runs it) or by
    the executable entry point, without PYTHONUNBUFFERED (run_pack must flush the port)."""
    target = PACK if request.param == "__main__.py" else PACK / request.param
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    proc = subprocess.Popen(
        [sys.executable, str(target)], cwd=PACK, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline().decode().strip() or 0)
        assert port, proc.stderr.read().decode() if proc.stderr else "no port"
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            grpc.channel_ready_future(channel).result(timeout=30)
            yield analyzer_pb2_grpc.AnalyzerStub(channel)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _configure(
    stub: analyzer_pb2_grpc.AnalyzerStub,
    stack: str,
    tags: dict[str, str],
    project: str = "",
    stack_config: dict[str, str] | None = None,
) -> None:
    config = json.loads((PACK / "config.example.json").read_text())
    request = analyzer_pb2.ConfigureAnalyzerRequest()
    for name, value in config.items():
        entry = request.policyConfig[name]
        if isinstance(value, str):
            entry.enforcementLevel = LEVELS[value]
            continue
        value = dict(value)
        entry.enforcementLevel = LEVELS[value.pop("enforcementLevel", "mandatory")]
        entry.properties.update(value)
    stub.Configure(request)
    stub.ConfigureStack(
        analyzer_pb2.AnalyzerStackConfigureRequest(stack=stack, tags=tags, project=project, config=stack_config or {})
    )


def _token(name: str, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": TOKEN_TYPE,
        "name": name,
        "urn": f"urn:pulumi:prod-eu::tokens::{TOKEN_TYPE}::{name}",
        "properties": struct(props),
    }


GOOD: dict[str, Any] = {
    "scopes": ["GET:company.openapi.com/IT-start"],
    "ttl": 86400,
    "limits": {"wallet_amount": 10, "total_requests": 100, "ip": ["203.0.113.7"]},
    "renew_before": 3600,
}


def test_analyzer_info_lists_every_rule(analyzer):
    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty())
    assert [p.name for p in info.policies] == [p.name for p in ALL_POLICIES]
    by_name = {p.name: p for p in info.policies}
    max_ttl = by_name["openapi-oauth-max-ttl"]
    assert max_ttl.enforcementLevel == analyzer_pb2.MANDATORY
    assert max_ttl.configSchema.properties["maxSeconds"]["default"] == 7776000
    assert by_name["openapi-oauth-require-renewal"].enforcementLevel == analyzer_pb2.ADVISORY
    assert by_name["openapi-oauth-stack-wallet-budget"].policy_type == (analyzer_pb2.POLICY_TYPE_STACK)


def test_analyze_remediate_and_stack_over_grpc(analyzer):
    _configure(analyzer, "prod-eu", {"env": "production"})

    good = analyzer.Analyze(analyzer_pb2.AnalyzeRequest(**_token("good", GOOD)))
    assert [d.message for d in good.diagnostics] == []

    bad_props = {**GOOD, "ttl": 365 * 86400, "limits": {"wallet_amount": 900}}
    bad = analyzer.Analyze(analyzer_pb2.AnalyzeRequest(**_token("ci-deployer", bad_props)))
    messages = {d.policyName: d.message.split("\n", 1)[1] for d in bad.diagnostics}
    assert messages["openapi-oauth-max-ttl"] == (
        "token 'ci-deployer': ttl 31536000 s exceeds the maximum of 7776000 s (90 days); set ttl <= 7776000"
    )
    assert "limits.wallet_amount 900 exceeds the maximum of 500" in (messages["openapi-oauth-require-limits"])
    assert "stack 'prod-eu' matches 'prod*'" in messages["openapi-oauth-require-ip-allowlist"]

    preview = analyzer.Analyze(analyzer_pb2.AnalyzeRequest(**_token("later", {**GOOD, "ttl": UNKNOWN_NUMBER_VALUE})))
    assert [d.message for d in preview.diagnostics] == []

    dup = {**GOOD, "scopes": GOOD["scopes"] * 2, "__provider": "pickled"}
    fixed = analyzer.Remediate(analyzer_pb2.AnalyzeRequest(**_token("dup", dup)))
    assert [r.policyName for r in fixed.remediations] == ["openapi-oauth-no-duplicate-scopes"]
    props = fixed.remediations[0].properties
    assert list(props["scopes"]) == GOOD["scopes"]
    assert props["__provider"] == "pickled"

    stack = analyzer.AnalyzeStack(
        analyzer_pb2.AnalyzeStackRequest(
            resources=[
                analyzer_pb2.AnalyzerResource(**_token(f"t{i}", {**GOOD, "limits": limits}))
                for i, limits in enumerate([{"wallet_amount": 1500}, {"wallet_amount": 600}])
            ]
        )
    )
    names = sorted(d.policyName for d in stack.diagnostics)
    assert names == ["openapi-oauth-no-duplicate-scope-sets", "openapi-oauth-stack-wallet-budget"]


def test_ip_allowlist_selects_by_pulumi_tags_config_and_project(analyzer):
    # What CLI 3.274 sends on a DIY backend: no stored tags, the project and the stack config
    # (an object value as JSON text). The rule must see both as stack tags.
    no_ip = {**GOOD, "limits": {"wallet_amount": 10, "total_requests": 100}}
    request = analyzer_pb2.AnalyzeRequest(
        **{**_token("api", no_ip), "urn": f"urn:pulumi:dev::tokens::{TOKEN_TYPE}::api"}
    )

    _configure(analyzer, "dev", {}, project="tokens", stack_config={"pulumi:tags": '{"env":"production"}'})
    (diag,) = [d for d in analyzer.Analyze(request).diagnostics if d.policyName == "openapi-oauth-require-ip-allowlist"]
    assert "tag env=production matches 'env=production'" in diag.message

    _configure(analyzer, "dev", {}, project="tokens", stack_config={})
    assert [d.policyName for d in analyzer.Analyze(request).diagnostics] == []
