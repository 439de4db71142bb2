"""``scripts/pulumi-cli yaml nodejs`` provides the YAML and Node.js language hosts next to the CLI:
one directory per host first, the CLI's directory still on the last line (a cold machine builds
them from the Go module proxy once, about 3.5 minutes; later runs reuse ~/.cache)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": os.environ["HOME"], "PATH": os.environ["PATH"]}
    return subprocess.run(
        [str(REPO / "scripts" / "pulumi-cli"), *args],
        capture_output=True,
        text=True,
        timeout=840,
        check=False,
        env=env,
        cwd=REPO,
    )


def test_hosts_come_before_the_cli_directory() -> None:
    proc = _run("yaml", "nodejs")
    assert proc.returncode == 0, proc.stderr
    yaml_dir, nodejs_dir, cli_dir = (Path(line) for line in proc.stdout.splitlines())
    assert os.access(cli_dir / "pulumi", os.X_OK)
    assert os.access(yaml_dir / "pulumi-language-yaml", os.X_OK)
    for name in ("pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs", "pulumi-analyzer-policy"):
        assert os.access(nodejs_dir / name, os.X_OK), name


def test_without_languages_only_the_cli_directory_is_printed() -> None:
    proc = _run()
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 1


def test_an_unknown_language_is_refused() -> None:
    proc = _run("cobol")
    assert proc.returncode == 2
    assert "usage:" in proc.stderr and "yaml|nodejs" in proc.stderr
