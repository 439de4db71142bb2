"""``openapi-oauth-drift``: the CLI's drift check, summarised for people and pull requests.

It runs ``pulumi refresh --preview-only --json`` for a stack (the same check as
``pulumi refresh --preview-only --expect-no-changes``), compares each Token's state with
what the service reports, and prints which token, which property, in state and live. Exit
status: 0 no drift, 1 drift, 2 the check itself failed. Secrets stay ``[secret]``: the
report never asks the CLI to show them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pulumi_openapi_oauth._constants import TOKEN_TYPE

__all__ = ["Drift", "find_drift", "main", "render"]

#: Properties compared; timestamps and usage stats change with use and are not drift,
#: except expiry, which decides renewal and replacement.
WATCHED = ("scopes", "name", "limits", "expire_at")

_GONE = "<deleted>"


@dataclass(frozen=True)
class Drift:
    token: str
    property: str
    in_state: str
    live: str


def find_drift(preview: Mapping[str, Any]) -> list[Drift]:
    """Drift of every Token in the JSON of ``pulumi refresh --preview-only --json``."""
    found: list[Drift] = []
    for step in preview.get("steps") or []:
        old = step.get("oldState") or {}
        new = step.get("newState") or {}
        if (old.get("type") or new.get("type")) != TOKEN_TYPE:
            continue
        name = str(step.get("urn", "")).rsplit("::", 1)[-1]
        if (old and not new) or step.get("op") in ("delete", "discard"):
            found.append(Drift(name, "(token)", "exists", "deleted out of band"))
            continue
        before, after = old.get("outputs") or {}, new.get("outputs") or {}
        for prop in WATCHED:
            a, b = _normal(before.get(prop)), _normal(after.get(prop))
            if a != b:
                found.append(Drift(name, prop, _show(before.get(prop)), _show(after.get(prop))))
    return found


def _normal(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(json.dumps(v, sort_keys=True) for v in value)
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if v is not None}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(sorted(value)) or "(none)"
    return json.dumps(value, sort_keys=True)


def render(drifts: Sequence[Drift], *, stack: str, markdown: bool) -> str:
    """A short summary: one line (or table row) per drifted property."""
    if not drifts:
        return f"No drift: stack {stack} matches the Openapi OAuth Service.\n"
    tokens = len({d.token for d in drifts})
    head = f"Drift in stack {stack}: {len(drifts)} propert{'y' if len(drifts) == 1 else 'ies'} of {tokens} token{'s' if tokens != 1 else ''}"
    if markdown:
        lines = [f"### {head}", "", "| token | property | in state | live |", "|---|---|---|---|"]
        lines += [f"| `{d.token}` | `{d.property}` | {_cell(d.in_state)} | {_cell(d.live)} |" for d in drifts]
        lines += ["", "Run `pulumi up --refresh` to put the declared values back."]
    else:
        lines = [head + ":"]
        lines += [f"  {d.token}: {d.property}: in state {d.in_state}; live {d.live}" for d in drifts]
        lines.append("Run `pulumi up --refresh` to put the declared values back.")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def run_refresh_preview(stack: str | None, cwd: str | None) -> dict[str, Any]:
    cmd = ["pulumi", "refresh", "--preview-only", "--json", "--non-interactive", "--color", "never"]
    if stack:
        cmd += ["--stack", stack]
    if cwd:
        cmd += ["--cwd", cwd]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    try:
        parsed = json.loads(proc.stdout)
    except json.JSONDecodeError:
        parsed = None
    if proc.returncode != 0 or not isinstance(parsed, dict):
        raise RuntimeError(f"`{' '.join(cmd)}` failed (exit {proc.returncode}):\n{proc.stderr or proc.stdout}")
    return parsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="openapi-oauth-drift", description=__doc__.splitlines()[0])
    parser.add_argument("--stack", help="the stack to check (default: the selected stack)")
    parser.add_argument("--cwd", help="the Pulumi project directory (default: the current one)")
    parser.add_argument("--format", choices=("text", "markdown"), default="text")
    args = parser.parse_args(argv)
    try:
        preview = run_refresh_preview(args.stack, args.cwd)
    except (OSError, RuntimeError) as exc:
        print(f"openapi-oauth-drift: the drift check could not run: {exc}", file=sys.stderr)
        return 2
    drifts = find_drift(preview)
    sys.stdout.write(render(drifts, stack=args.stack or "(selected)", markdown=args.format == "markdown"))
    return 1 if drifts else 0


if __name__ == "__main__":
    raise SystemExit(main())
