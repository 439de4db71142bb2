"""The GitOps pipeline examples (``examples/gitops``): linted, reading only files of the repository,
and their drift steps publish the report and fail on drift.

``actionlint`` comes from ``scripts/actionlint`` (built once from the Go module proxy); the test
skips only where Go is missing, never in CI (``CI=true``). The GitLab file is checked against the
gitlab-ci schema that ``check-jsonschema`` vendors (test extra).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from pulumi_openapi_oauth.policy import ALL_POLICIES

ROOT = Path(__file__).resolve().parents[2]
GITOPS = ROOT / "examples" / "gitops"
GITHUB = GITOPS / "github-actions.yml"
GITLAB = GITOPS / "gitlab-ci.yml"
POLICY_CONFIG = GITOPS / "policy-config.json"
IN_CI = os.environ.get("CI", "").lower() in ("true", "1")


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


def _actionlint() -> Path:
    proc = subprocess.run([str(ROOT / "scripts" / "actionlint")], capture_output=True, text=True, timeout=900)
    if proc.returncode == 3 and not IN_CI:
        pytest.skip(f"actionlint cannot be built here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    return Path(proc.stdout.strip().splitlines()[-1]) / "actionlint"


def test_github_workflow_passes_actionlint(tmp_path: Path) -> None:
    actionlint = _actionlint()
    ok = subprocess.run([str(actionlint), "-no-color", str(GITHUB)], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # The linter does judge this file: a job without runs-on is reported.
    broken = tmp_path / "broken.yml"
    broken.write_text(GITHUB.read_text().replace("    runs-on: ubuntu-latest\n", "", 1))
    bad = subprocess.run([str(actionlint), "-no-color", str(broken)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "runs-on" in bad.stdout, bad.stdout + bad.stderr


def _check_gitlab(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_gitlab_ci_matches_the_gitlab_ci_schema(tmp_path: Path) -> None:
    ok = _check_gitlab(GITLAB)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(GITLAB.read_text().replace("  rules:\n", "  rulez:\n", 1))
    bad = _check_gitlab(broken)
    assert bad.returncode == 1 and "rulez" in bad.stdout, bad.stdout + bad.stderr


def _scripts(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(settings, job name -> its shell text) of a GitHub workflow or a GitLab pipeline."""
    data = _load(path)
    if "jobs" in data:
        settings = {k: str(v) for k, v in data["env"].items()}
        jobs = {name: "\n".join(s.get("run", "") for s in job["steps"]) for name, job in data["jobs"].items()}
    else:
        settings = {k: str(v) for k, v in data["variables"].items()}
        before = "\n".join(data["default"]["before_script"])
        jobs = {
            name: before + "\n" + "\n".join(job["script"])
            for name, job in data.items()
            if isinstance(job, dict) and "script" in job
        }
    return settings, jobs


@pytest.mark.parametrize("pipeline", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_pipelines_read_only_files_of_the_repo_and_keep_state_in_a_shared_backend(pipeline: Path) -> None:
    settings, jobs = _scripts(pipeline)
    text = pipeline.read_text()
    for name in ("POLICY_PACK", "POLICY_CONFIG"):
        assert (ROOT / settings[name]).exists(), f"{pipeline.name}: {name}={settings[name]} is not in the repo"
    assert (ROOT / settings["POLICY_PACK"] / "PulumiPolicy.yaml").is_file()
    mentioned = set(re.findall(r"(?<![\w/])(examples/[\w./-]+)", "\n".join(jobs.values())))
    assert all((ROOT / m).exists() for m in mentioned), mentioned
    assert set(jobs) >= ({"preview", "up", "drift"} if pipeline == GITHUB else {"preview", "up", "drift-check"})
    # State: the backend URL is a setting (S3 or Postgres), never the default local one.
    assert "PULUMI_BACKEND_URL" in text and "s3://" in text and "postgres://" in text
    assert "file://" not in text and "pulumi login --local" not in text
    # The provider is not on PyPI yet: install from the checkout.
    assert not re.search(r"pip install [^\n]*\bpulumi-openapi-oauth\b", text)
    preview, up = jobs["preview"], jobs["up"]
    for job in (preview, up):
        assert '--policy-pack "$POLICY_PACK" --policy-pack-config "$POLICY_CONFIG"' in job
    assert "pulumi preview" in preview and "pulumi up" in up


def test_the_policy_config_fits_every_rule_schema() -> None:
    config = json.loads(POLICY_CONFIG.read_text())
    rules = {p.name: p for p in ALL_POLICIES}
    assert set(config) == set(rules)
    levels = {"advisory", "mandatory", "remediate", "disabled"}
    for name, value in config.items():
        if isinstance(value, str):
            assert value in levels
            continue
        props = {k: v for k, v in value.items() if k != "enforcementLevel"}
        schema = rules[name].config_schema
        if props:
            assert schema is not None, name
            jsonschema.validate(
                props, {"type": "object", "properties": schema.properties, "additionalProperties": False}
            )


def _fake_drift(tmp_path: Path, status: int) -> dict[str, str]:
    """An environment whose ``openapi-oauth-drift`` prints a report and exits ``status``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "openapi-oauth-drift"
    fake.write_text(f"#!/bin/sh\necho '| `alpha` | `scopes` | drifted |'\nexit {status}\n")
    fake.chmod(0o755)
    return {"PATH": f"{bin_dir}:{os.environ['PATH']}", "PULUMI_STACK": "prod"}


@pytest.mark.parametrize("status", [0, 1, 2])
def test_scheduled_drift_jobs_publish_the_report_and_fail_on_drift(tmp_path: Path, status: int) -> None:
    env = _fake_drift(tmp_path, status)
    summary = tmp_path / "summary.md"
    (step,) = [s["run"] for s in _load(GITHUB)["jobs"]["drift"]["steps"] if "openapi-oauth-drift" in s.get("run", "")]
    github = subprocess.run(
        ["bash", "-e", "-c", step], cwd=tmp_path, env={**env, "GITHUB_STEP_SUMMARY": str(summary)}, timeout=60
    )
    assert github.returncode == status
    assert "| `alpha` | `scopes` |" in summary.read_text()

    (script,) = [s for s in _load(GITLAB)["drift-check"]["script"] if "openapi-oauth-drift" in s]
    gitlab = subprocess.run(
        ["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert gitlab.returncode == status
    assert "| `alpha` | `scopes` |" in gitlab.stdout and (tmp_path / "drift.md").is_file()
