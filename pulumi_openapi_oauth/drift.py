"""``openapi-oauth-drift``: drift of a stack's tokens, summarised for people and pull requests.

Compares what the stack's state records for each Token with what the service reports now:

- *in state*: ``pulumi stack export`` (the Token resources' outputs as last recorded);
- *live*: ``pulumi preview --refresh --json``, whose steps carry each resource's refreshed
  outputs in ``oldState.outputs`` (the engine refreshes first, then diffs the program against
  the refreshed state). A Token whose only step is a ``create`` (no old state) was deleted out
  of band (or has expired). The JSON has no step for a Token the preview leaves unchanged
  (``same``): its refreshed outputs match what the program declares, which is no drift.

``pulumi refresh --preview-only --json`` cannot serve here: it does not carry the refreshed
values (its ``newState`` repeats ``oldState``).

The managed properties are compared: ``scopes`` (as a set), ``name``, ``limits`` (``ip`` as
a set) and ``expire_at``. Timestamps of use and usage counters are not drift. Output: one line
per drifted property, or a Markdown table with ``--format markdown`` (for a pull-request
comment). Exit status: 0 no drift, 1 drift, 2 the check itself failed. Secrets stay secret:
the CLI is never asked to show them, and secret values are shown as ``[secret]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pulumi_openapi_oauth._cli import PulumiCommandError, pulumi_json
from pulumi_openapi_oauth._constants import TOKEN_TYPE
from pulumi_openapi_oauth.errors import DriftCheckError

__all__ = ["WATCHED", "Drift", "DriftCheckError", "find_drift", "live_outputs", "main", "render", "state_outputs"]

#: Properties compared; timestamps and usage stats change with use and are not drift,
#: except expiry, which decides renewal and replacement.
WATCHED = ("scopes", "name", "limits", "expire_at")
#: Properties holding lists compared as sets (also inside ``limits``).
_SETS = ("scopes", "ip")

#: How the engine marks a secret value in ``stack export`` (without ``--show-secrets``).
_SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET = "[secret]"

DELETED = "(deleted)"
TOKEN_PROPERTY = "(token)"

_STEP_PRIORITY = ("same", "update", "replace", "create-replacement", "delete-replaced", "delete", "read", "import")


@dataclass(frozen=True)
class Drift:
    """One drifted property of one token (``property`` is ``(token)`` for a deleted token)."""

    token: str
    property: str
    in_state: str
    live: str


# -- parsing ---------------------------------------------------------------------------------------


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def state_outputs(export: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The outputs of every Token in the JSON of ``pulumi stack export``, keyed by URN."""
    deployment = export.get("deployment")
    if not isinstance(deployment, Mapping):
        raise DriftCheckError("`pulumi stack export` gave no deployment")
    found: dict[str, dict[str, Any]] = {}
    for resource in deployment.get("resources") or []:
        if not isinstance(resource, Mapping) or resource.get("type") != TOKEN_TYPE:
            continue
        if resource.get("delete") or resource.get("external"):
            continue  # pending deletion, or read with Token.get: not managed by this stack
        urn = resource.get("urn")
        if isinstance(urn, str):
            outputs = resource.get("outputs")
            found[urn] = dict(outputs) if isinstance(outputs, Mapping) else {}
    return found


def live_outputs(preview: Mapping[str, Any]) -> dict[str, dict[str, Any] | None]:
    """The refreshed outputs of every Token in the JSON of ``pulumi preview --refresh --json``.

    Keyed by URN; ``None`` when the refresh found the token gone (the preview would create it
    again). The ``refresh`` steps are skipped: their old and new states are both the state
    before the refresh. A Token the preview leaves unchanged has no step, so no entry.
    """
    steps = preview.get("steps")
    if not isinstance(steps, list):
        raise DriftCheckError("`pulumi preview --refresh --json` gave no steps")
    by_urn: dict[str, list[Mapping[str, Any]]] = {}
    for step in steps:
        if not isinstance(step, Mapping) or step.get("op") == "refresh":
            continue
        urn = step.get("urn")
        old, new = step.get("oldState") or {}, step.get("newState") or {}
        if isinstance(urn, str) and TOKEN_TYPE in (old.get("type"), new.get("type")):
            by_urn.setdefault(urn, []).append(step)
    found: dict[str, dict[str, Any] | None] = {}
    for urn, urn_steps in by_urn.items():
        with_old = [s for s in urn_steps if isinstance((s.get("oldState") or {}).get("outputs"), Mapping)]
        if not with_old:
            found[urn] = None
            continue
        with_old.sort(key=lambda s: _STEP_PRIORITY.index(s["op"]) if s.get("op") in _STEP_PRIORITY else 99)
        found[urn] = dict(with_old[0]["oldState"]["outputs"])
    return found


def find_drift(state: Mapping[str, Mapping[str, Any]], live: Mapping[str, Mapping[str, Any] | None]) -> list[Drift]:
    """Drift of every Token of ``state`` (from :func:`state_outputs`) against ``live`` (from :func:`live_outputs`)."""
    found: list[Drift] = []
    for urn in sorted(state, key=_name):
        before = state[urn]
        if urn not in live:
            continue  # unchanged by the preview: the live token matches the program
        after = live[urn]
        name = _name(urn)
        if after is None:
            found.append(Drift(name, TOKEN_PROPERTY, "exists", DELETED))
            continue
        for prop in WATCHED:
            a, b = before.get(prop), after.get(prop)
            if _is_secret(a) or _is_secret(b):
                continue  # not comparable without showing secrets
            if _normal(a, prop) != _normal(b, prop):
                found.append(Drift(name, prop, _show(a), _show(b)))
    return found


def _is_secret(value: Any) -> bool:
    if value == _SECRET:
        return True
    if isinstance(value, Mapping):
        return _SECRET_SIG_KEY in value or any(_is_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(_is_secret(v) for v in value)
    return False


def _normal(value: Any, key: str = "") -> Any:
    if isinstance(value, list):
        items = [_normal(v) for v in value]
        if key in _SETS:
            return sorted({json.dumps(v, sort_keys=True) for v in items})
        return items
    if isinstance(value, Mapping):
        return {k: _normal(v, k) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(sorted(value)) or "(none)"
    if isinstance(value, str):
        return value
    return json.dumps(_normal(value), sort_keys=True)


# -- output ----------------------------------------------------------------------------------------


def render(drifts: Sequence[Drift], *, stack: str, markdown: bool) -> str:
    """A short summary: one line (or table row) per drifted property."""
    if not drifts:
        return f"No drift: the tokens of stack {stack} match the Openapi OAuth Service.\n"
    tokens = len({d.token for d in drifts})
    head = (
        f"Drift in stack {stack}: {len(drifts)} propert{'y' if len(drifts) == 1 else 'ies'} "
        f"of {tokens} token{'' if tokens == 1 else 's'}"
    )
    hint = "Run `pulumi up --refresh` to put the declared values back."
    if markdown:
        lines = [f"### {head}", "", "| token | property | in state | live |", "|---|---|---|---|"]
        lines += [f"| `{d.token}` | `{d.property}` | {_cell(d.in_state)} | {_cell(d.live)} |" for d in drifts]
        lines += ["", hint]
    else:
        lines = [head + ":"]
        lines += [f"  {d.token}: {d.property}: in state {d.in_state}; live {d.live}" for d in drifts]
        lines.append(hint)
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def check(stack: str | None, cwd: str | None) -> list[Drift]:
    """Run the CLI and return the drift (raises :class:`DriftCheckError`)."""
    export = pulumi_json(["stack", "export"], stack, cwd)
    state = state_outputs(export)
    if not state:
        return []
    preview = pulumi_json(["preview", "--refresh", "--json", "--color", "never"], stack, cwd)
    return find_drift(state, live_outputs(preview))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="openapi-oauth-drift",
        description="Report drift between a Pulumi stack's Openapi OAuth tokens and the service. "
        "Exit 0: no drift, 1: drift, 2: the check failed.",
    )
    parser.add_argument("--stack", help="the stack to check (default: the selected stack)")
    parser.add_argument("--cwd", help="the Pulumi project directory (default: the current one)")
    parser.add_argument("--format", choices=("text", "markdown"), default="text")
    args = parser.parse_args(argv)
    try:
        drifts = check(args.stack, args.cwd)
    except PulumiCommandError as exc:
        print(f"openapi-oauth-drift: the drift check could not run: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(drifts, stack=args.stack or "(selected)", markdown=args.format == "markdown"))
    return 1 if drifts else 0


if __name__ == "__main__":
    raise SystemExit(main())
