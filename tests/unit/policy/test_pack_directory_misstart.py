"""A stack program started in place of a policy pack (``python '' <engine address>`` in the project
folder, what a Pulumi < v3.80 Python host does for ``--policy-pack DIR`` under a current CLI) stops
at ``import pulumi_openapi_oauth`` with one message, not with the program's own traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROGRAM = """import pulumi_openapi_oauth as oauth
oauth.get_wallet()  # a lookup at top level: outside the engine it has no credentials
"""


def _run(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAPI_OAUTH_", "PULUMI_"))}
    return subprocess.run([sys.executable, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_misstarted_pack_exits_with_one_message(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(PROGRAM)

    result = _run(tmp_path, "", "127.0.0.1:41234")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("pulumi-openapi-oauth:") == 1, result.stderr
    assert "--policy-pack examples/policy-pack/openapi-oauth-policy-pack" in result.stderr
    assert "Traceback" not in result.stderr and "credentials" not in result.stderr, result.stderr


def test_the_same_program_run_normally_is_not_stopped(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(PROGRAM)

    result = _run(tmp_path, "__main__.py", "127.0.0.1:41234")

    assert "missing Openapi OAuth credentials" in result.stderr, result.stderr
    assert "policy pack" not in result.stderr
