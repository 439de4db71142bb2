"""The README's install path, as a user outside this repository follows it: build the wheel, install
it into a fresh virtualenv, and ``pulumi up`` / ``preview`` / ``destroy`` a program of one's own
(in a folder outside the repository) against the emulator, with that virtualenv's Python.

Plugin acquisition stays enabled here: the wheel must carry ``pulumi-plugin.json`` or the CLI
goes looking for an ``openapi-oauth`` plugin. Needs PyPI (the package's dependencies).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import Emulator
from tests.e2e.harness import REPO_ROOT, PulumiCli, Stack, isolated_env

PROGRAM = '''"""A user's own program: one token, through the installed package."""
import pulumi
import pulumi_openapi_oauth as oauth

token = oauth.Token("app", scopes=["GET:company.openapi.com/IT-start"], ttl=86400)
pulumi.export("token_id", token.token_id)
pulumi.export("package", oauth.__file__)
'''


def _run(*cmd: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, f"{' '.join(cmd)}\n{result.stdout}\n{result.stderr}"
    return result


def test_built_wheel_installs_into_a_fresh_venv_and_deploys_a_program_outside_the_repo(
    pulumi_cli: PulumiCli, emulator: Emulator, tmp_path: Path
) -> None:
    pins = dict(
        line.split("=", 1)
        for line in (REPO_ROOT / "versions.txt").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    constraints = tmp_path / "constraints.txt"
    constraints.write_text(f"pulumi=={pins['PULUMI_PYTHON_SDK']}\npulumi-policy=={pins['PULUMI_POLICY_SDK']}\n")

    # The README's commands: build the wheel, then install it into the project's own virtualenv.
    # (from a copy of the sources: an in-tree build would leave build/ and *.egg-info in the checkout)
    source = tmp_path / "source"
    shutil.copytree(
        REPO_ROOT / "pulumi_openapi_oauth",
        source / "pulumi_openapi_oauth",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO_ROOT / name, source / name)
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), ".", cwd=source)
    (wheel,) = dist.glob("pulumi_openapi_oauth-*-py3-none-any.whl")
    project = tmp_path / "my-tokens"
    project.mkdir()
    venv = project / "venv"
    _run(sys.executable, "-m", "venv", str(venv), cwd=project)
    python = venv / "bin" / "python"
    _run(str(python), "-m", "pip", "install", "-q", "-U", "pip", cwd=project)
    _run(str(python), "-m", "pip", "install", "-q", "-c", str(constraints), f"{wheel}[policy]", cwd=project)

    (project / "Pulumi.yaml").write_text("name: my-tokens\nruntime: python\n")
    (project / "__main__.py").write_text(PROGRAM)
    env = isolated_env(pulumi_cli, tmp_path / "pulumi")
    env.pop("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION")
    env.update(
        {
            "PATH": os.pathsep.join([str(venv / "bin"), str(pulumi_cli.bin_dir), "/usr/bin", "/bin"]),
            "PULUMI_PYTHON_CMD": str(python),
            "VIRTUAL_ENV": str(venv),
        }
    )
    env.pop("PYTHONPATH", None)
    stack = Stack(project, "dev", env)
    stack.init()
    stack.config_set("openapi-oauth:baseUrl", emulator.url)
    stack.config_set("openapi-oauth:email", emulator.email, secret=True)
    stack.config_set("openapi-oauth:apiKey", emulator.api_key, secret=True)
    try:
        stack.preview()
        stack.up()
        outputs = stack.outputs()
        assert outputs["package"].startswith(str(venv)), outputs["package"]  # the wheel, not this checkout
        assert outputs["token_id"].startswith("oatfp-")
        assert [t["name"] for t in emulator.tokens(emulator.email) if t["name"].startswith("app-")] != []
        stack.preview("--expect-no-changes")
        # The console scripts come with the wheel.
        drift = subprocess.run(
            [str(venv / "bin" / "openapi-oauth-drift"), "--stack", "dev"],
            cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert drift.returncode == 0 and "No drift" in drift.stdout, drift.stdout + drift.stderr
    finally:
        stack.destroy(check=False)
    assert [t for t in emulator.tokens(emulator.email) if t["name"].startswith("app-")] == []
