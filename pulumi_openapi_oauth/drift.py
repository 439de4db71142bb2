"""``openapi-oauth-drift``: what the program declares against what the service holds, per token.

Both sides come from one ``pulumi preview --refresh --json`` (the engine refreshes every token,
then diffs the program against the refreshed state):

- *live*: a step's ``oldState.outputs``, the token as the service reports it now;
- *declared*: the step's ``newState.inputs``, the program's inputs as the provider checked
  them (the auto name included), and, for the expiry, the declared expiry recorded by the last
  ``pulumi up`` (``__declared_expire_at``; a renewal due is not drift).

So the report still shows drift after a plain ``pulumi refresh`` took the live values into
state. The JSON has no step for a token the preview leaves unchanged (``same``): no drift. A
Token of ``pulumi stack export`` whose only step is a ``create`` was deleted out of band (or
has expired). ``pulumi refresh --preview-only --json`` cannot serve: its ``newState`` repeats
``oldState``.

Tokens of both front ends: the dynamic ``Token`` and the native provider's, whose camelCase
properties are read under the dynamic Token's names and reported in the program's
(``expireAt``, ``totalRequests``).

Compared: ``scopes`` (as a set), ``name``, ``limits`` (``ip`` as a set) and ``expire_at``
(drift beyond the provider's clock-skew tolerance). Usage counters and timestamps of use are
not drift. Output: one line per drifted property with both values (as JSON), or a Markdown
table with ``--format markdown``. Exit status: 0 no drift, 1 drift, 2 the check itself failed.
Secrets stay secret: the CLI is never asked to show them, and a secret value is never compared.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pulumi_openapi_oauth._cli import PulumiCommandError, pulumi_json
from pulumi_openapi_oauth._constants import NATIVE_TOKEN_TYPE, TOKEN_TYPES
from pulumi_openapi_oauth._names import camel, dynamic_names
from pulumi_openapi_oauth._times import parse_time
from pulumi_openapi_oauth.errors import DriftCheckError
from pulumi_openapi_oauth.token.diff import DECLARED_EXPIRY_KEY, EXPIRY_TOLERANCE

__all__ = [
    "WATCHED",
    "Drift",
    "DriftCheckError",
    "Planned",
    "find_drift",
    "main",
    "planned",
    "render",
    "state_outputs",
]

#: Properties compared; usage counters and timestamps of use are not drift.
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
    declared: str
    live: str


@dataclass(frozen=True)
class Planned:
    """One Token of the preview: its live outputs and its declared (checked program) inputs,
    under the dynamic Token's names; ``native`` for the native provider's Token, whose report
    speaks the schema's names (``expireAt``, ``totalRequests``)."""

    live: dict[str, Any]
    declared: dict[str, Any]
    native: bool = False


# -- parsing ---------------------------------------------------------------------------------------


def _name(urn: str) -> str:
    """The resource name: the URN's part after its third ``::`` (a name may contain ``::``)."""
    parts = urn.split("::", 3)
    return parts[3] if len(parts) == 4 else urn


def state_outputs(export: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The outputs of every Token the stack manages in ``pulumi stack export``, keyed by URN."""
    deployment = export.get("deployment")
    if not isinstance(deployment, Mapping):
        raise DriftCheckError("`pulumi stack export` gave no deployment")
    found: dict[str, dict[str, Any]] = {}
    for resource in deployment.get("resources") or []:
        if not isinstance(resource, Mapping) or resource.get("type") not in TOKEN_TYPES:
            continue
        if resource.get("delete") or resource.get("external"):
            continue  # pending deletion, or read with Token.get: not managed by this stack
        urn = resource.get("urn")
        if isinstance(urn, str):
            outputs = resource.get("outputs")
            found[urn] = _props(resource.get("type"), outputs)
    return found


def _props(kind: Any, values: Any) -> dict[str, Any]:
    """A Token's properties under the dynamic Token's names, whichever provider it is of."""
    if not isinstance(values, Mapping):
        return {}
    return dynamic_names(values) if kind == NATIVE_TOKEN_TYPE else dict(values)


def planned(preview: Mapping[str, Any]) -> dict[str, Planned | None]:
    """Every Token with a step in ``pulumi preview --refresh --json``, keyed by URN.

    ``None`` when the refresh found the token gone (the preview would create it again). The
    ``refresh`` steps are skipped: their old and new states are both the state before the
    refresh. A Token the preview leaves unchanged has no step, so no entry.
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
        if isinstance(urn, str) and {old.get("type"), new.get("type")} & set(TOKEN_TYPES):
            by_urn.setdefault(urn, []).append(step)
    found: dict[str, Planned | None] = {}
    for urn, urn_steps in by_urn.items():
        with_old = [s for s in urn_steps if isinstance((s.get("oldState") or {}).get("outputs"), Mapping)]
        if not with_old:
            found[urn] = None
            continue
        with_old.sort(key=lambda s: _STEP_PRIORITY.index(s["op"]) if s.get("op") in _STEP_PRIORITY else 99)
        step = with_old[0]
        inputs: Mapping[str, Any] = next(
            (
                s["newState"]["inputs"]
                for s in urn_steps
                if isinstance((s.get("newState") or {}).get("inputs"), Mapping)
            ),
            {},
        )
        kind = step["oldState"].get("type")
        found[urn] = Planned(
            live=_props(kind, step["oldState"]["outputs"]),
            declared=_props(kind, inputs),
            native=kind == NATIVE_TOKEN_TYPE,
        )
    return found


def find_drift(state: Mapping[str, Mapping[str, Any]], plan: Mapping[str, Planned | None]) -> list[Drift]:
    """Drift of every Token of ``state`` (from :func:`state_outputs`) in ``plan`` (from :func:`planned`)."""
    found: list[Drift] = []
    for urn in sorted(state, key=_name):
        if urn not in plan:
            continue  # unchanged by the preview: the live token matches the program
        entry = plan[urn]
        name = _name(urn)
        if entry is None:
            found.append(Drift(name, TOKEN_PROPERTY, "exists", DELETED))
            continue
        for prop in WATCHED:
            live = entry.live.get(prop)
            if prop == "expire_at":
                declared = entry.live.get(DECLARED_EXPIRY_KEY)
                if _is_secret(declared) or _is_secret(live) or not _expiry_drift(declared, live):
                    continue
            else:
                declared = entry.declared.get(prop)
                if prop == "name" and declared is None:
                    continue  # an adopted token without a declared name keeps its own
                if _is_secret(declared) or _is_secret(live):
                    continue  # not comparable without showing secrets
                if _normal(declared, prop) == _normal(live, prop):
                    continue
            if entry.native:  # in the program's names; the values the user wrote stay as they are
                found.append(
                    Drift(name, camel(prop), _show(_camel_keys(declared), prop), _show(_camel_keys(live), prop))
                )
            else:
                found.append(Drift(name, prop, _show(declared, prop), _show(live, prop)))
    return found


def _expiry_drift(declared: Any, live: Any) -> bool:
    a, b = parse_time(declared), parse_time(live)
    return a is not None and b is not None and abs(a - b) > EXPIRY_TOLERANCE


def _is_secret(value: Any) -> bool:
    if value == _SECRET:
        return True
    if isinstance(value, Mapping):
        return _SECRET_SIG_KEY in value or any(_is_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(_is_secret(v) for v in value)
    return False


def _normal(value: Any, key: str = "") -> Any:
    """A comparable (and printable) form: sets as sorted unique lists, integral floats as ints."""
    if isinstance(value, list):
        items = [_normal(v) for v in value]
        if key in _SETS:
            unique = {json.dumps(v, sort_keys=True): v for v in items}
            return [unique[k] for k in sorted(unique)]
        return items
    if isinstance(value, Mapping):
        return {k: _normal(v, k) for k, v in sorted(value.items()) if v is not None and v != []} or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _camel_keys(value: Any) -> Any:
    """``limits`` as a native Token's program writes it (``totalRequests``)."""
    return {camel(k): v for k, v in value.items()} if isinstance(value, Mapping) else value


def _show(value: Any, key: str = "") -> str:
    """A string as it is; anything else as compact JSON (``-`` for nothing)."""
    if isinstance(value, str):
        return value
    normal = _normal(value, key)
    return "-" if normal is None else json.dumps(normal, sort_keys=True)


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
        lines = [f"### {head}", "", "| token | property | declared | live |", "|---|---|---|---|"]
        lines += [f"| `{d.token}` | `{d.property}` | {_cell(d.declared)} | {_cell(d.live)} |" for d in drifts]
        lines += ["", hint]
    else:
        lines = [head + ":"]
        lines += [f"  {d.token}: {d.property}: declared {d.declared}; live {d.live}" for d in drifts]
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
    return find_drift(state, planned(preview))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="openapi-oauth-drift",
        description="Report drift between what a Pulumi stack's program declares for its Openapi OAuth tokens "
        "and what the service holds. "
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
