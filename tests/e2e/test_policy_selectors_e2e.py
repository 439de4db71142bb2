"""The policy pack against real stacks, with the real Pulumi CLI (file backend, CLI 3.274):

- ``openapi-oauth-require-ip-allowlist`` selects stacks by the tags the CLI gives a stack on this
  backend: ``pulumi stack tag set``, the ``pulumi:tags`` stack config (``pulumi config set --path
  pulumi:tags.env production``) and ``pulumi:project``; a token without ``limits.ip`` is then
  refused at preview and at up, and passes where no selector matches.
- ``--policy-pack examples/policy-pack`` (the directory) either runs the pack or, with a language
  host that cannot start it, fails with one message naming what to pass instead, never with the
  stack program's own traceback.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pulumi_openapi_oauth.policy import ALL_POLICIES
from tests._emulator import Emulator
from tests.e2e.harness import REPO_ROOT, PulumiCli, Stack

RULE = "openapi-oauth-require-ip-allowlist"
POLICY_PACK = REPO_ROOT / "examples" / "policy-pack"


@pytest.fixture
def tokens_stack(emulator: Emulator, make_stack: Any) -> Stack:
    """Stack ``dev`` of ``programs/policy_tokens``: one token without ``limits.ip``."""
    stack: Stack = make_stack(
        "policy_tokens",
        name="dev",
        config={"openapi-oauth:baseUrl": emulator.url},
        secrets={"openapi-oauth:email": emulator.email, "openapi-oauth:apiKey": emulator.api_key},
        env={"PYTHONPATH": str(REPO_ROOT)},
    )
    return stack


def _only_the_rule(tmp_path: Path, entries: list[str]) -> Path:
    """A policy config with every other rule disabled and ``stacks`` set to ``entries``."""
    config: dict[str, Any] = {p.name: "disabled" for p in ALL_POLICIES if p.name != RULE}
    config[RULE] = {"stacks": entries}
    path = tmp_path / f"policy-{abs(hash(tuple(entries)))}.json"
    path.write_text(json.dumps(config))
    return path


def _flags(cli: PulumiCli, config: Path) -> tuple[str, ...]:
    return ("--policy-pack", cli.policy_pack_arg(POLICY_PACK), "--policy-pack-config", str(config))


def _refused(result: subprocess.CompletedProcess[str], why: str) -> None:
    assert result.returncode != 0, result
    assert RULE in result.stdout, result.stdout
    assert f"token 'reporting': limits.ip is not set, but {why}" in result.stdout, result.stdout


def test_ip_allowlist_selects_stacks_by_config_tags_stack_tags_and_project(
    pulumi_cli: PulumiCli, emulator: Emulator, tokens_stack: Stack, tmp_path: Path
) -> None:
    stack = tokens_stack
    by_env = _flags(pulumi_cli, _only_the_rule(tmp_path, ["prod*", "env=production"]))

    def tokens() -> list[dict[str, Any]]:
        return [t for t in emulator.tokens(emulator.email) if t["name"].startswith("reporting")]

    untagged = stack.preview(*by_env)
    assert RULE not in untagged.stdout, untagged.stdout

    # A tag in stack config, the way `pulumi:tags` is documented.
    stack.run("config", "set", "--stack", stack.name, "--path", "pulumi:tags.env", "production")
    _refused(stack.preview(*by_env, check=False), "tag env=production matches 'env=production'")
    _refused(stack.up(*by_env, check=False), "tag env=production matches 'env=production'")
    assert tokens() == []
    stack.config_rm("pulumi:tags")
    stack.preview(*by_env)

    # A stack tag kept by the backend.
    stack.run("stack", "tag", "set", "env", "production", "--stack", stack.name)
    _refused(stack.preview(*by_env, check=False), "tag env=production matches 'env=production'")
    stack.run("stack", "tag", "rm", "env", "--stack", stack.name)
    stack.preview(*by_env)

    # The project, which every stack of it carries as `pulumi:project`.
    by_project = _flags(pulumi_cli, _only_the_rule(tmp_path, ["pulumi:project=e2e-policy-*"]))
    _refused(stack.preview(*by_project, check=False), "tag pulumi:project=e2e-policy-tokens matches")
    other_project = _flags(pulumi_cli, _only_the_rule(tmp_path, ["pulumi:project=billing"]))
    stack.up(*other_project)
    assert len(tokens()) == 1


def test_policy_pack_directory_runs_or_says_what_to_use(
    pulumi_cli: PulumiCli, emulator: Emulator, make_stack: Any
) -> None:
    # examples/lookups calls lookups at top level: run in place of the pack, it would fail on
    # missing credentials with a traceback.
    stack: Stack = make_stack(
        REPO_ROOT / "examples" / "lookups",
        config={"openapi-oauth:baseUrl": emulator.url},
        secrets={"openapi-oauth:email": emulator.email, "openapi-oauth:apiKey": emulator.api_key},
        env={"PYTHONPATH": str(REPO_ROOT)},
    )
    config = POLICY_PACK / "config.example.json"
    result = stack.preview("--policy-pack", str(POLICY_PACK), "--policy-pack-config", str(config), check=False)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "missing Openapi OAuth credentials" not in output, output
    if pulumi_cli.policy_pack_dir_supported:
        assert result.returncode == 0, output
        assert "openapi-oauth-tokens" in output
    else:
        assert result.returncode != 0
        # One message (the CLI echoes it again in its Diagnostics summary), then the CLI's own line.
        messages = {
            line[line.index("pulumi-openapi-oauth:") :]
            for line in output.splitlines()
            if "pulumi-openapi-oauth:" in line
        }
        assert len(messages) == 1, output
        assert "language hosts older than Pulumi v3.80 cannot start a policy pack" in messages.pop()
        assert "--policy-pack examples/policy-pack/openapi-oauth-policy-pack" in output
