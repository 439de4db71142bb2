"""Running the Pulumi CLI for the package's commands (openapi-oauth-drift, -recover)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from typing import Any

from pulumi_openapi_oauth.errors import PulumiCommandError

__all__ = ["PulumiCommandError", "pulumi", "pulumi_json"]


def pulumi(
    args: Sequence[str], stack: str | None, cwd: str | None, *, timeout: float = 1800
) -> subprocess.CompletedProcess[str]:
    """``pulumi ARGS --non-interactive [--stack S] [--cwd D]``; its exit status is the caller's."""
    cmd = ["pulumi", *args, "--non-interactive"]
    if stack:
        cmd += ["--stack", stack]
    if cwd:
        cmd += ["--cwd", cwd]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PulumiCommandError(f"`{' '.join(cmd)}` did not run: {exc}") from exc


def pulumi_json(args: Sequence[str], stack: str | None, cwd: str | None) -> dict[str, Any]:
    """The JSON object a successful ``pulumi`` command prints."""
    proc = pulumi(args, stack, cwd)
    try:
        parsed: Any = json.loads(proc.stdout)
    except json.JSONDecodeError:
        parsed = None
    if proc.returncode != 0 or not isinstance(parsed, dict):
        detail = (proc.stderr or "").strip() or _diagnostics(parsed) or (proc.stdout or "").strip()
        raise PulumiCommandError(f"`pulumi {' '.join(args)}` failed (exit {proc.returncode}):\n{detail}")
    return parsed


def _diagnostics(parsed: Any) -> str:
    if not isinstance(parsed, dict):
        return ""
    return "\n".join(str(d.get("message", "")).strip() for d in parsed.get("diagnostics") or [] if isinstance(d, dict))
