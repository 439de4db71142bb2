"""``openapi-oauth-drift``: parsing and rendering, on JSON captured from real CLI runs.

The files under ``drift_data/`` come from the e2e program ``tests/e2e/programs/tokens`` (CLI
v3.274.1, trimmed of stack traces, dependencies and timestamps): ``stack_export.json`` is
``pulumi stack export`` after ``up``; ``preview_refresh_clean.json`` is ``pulumi preview
--refresh --json`` right after; ``preview_refresh_drift.json`` the same after out-of-band
changes on the emulator: alpha's scopes cut to ``GET:company.openapi.com/IT-start`` and its
ttl set to a year (``PATCH {"ttl": 31536000}``), beta renamed ``renamed`` with limits
``{"totalRequests": 7}``, gamma deleted.
"""

from __future__ import annotations

import copy
import json
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic.alias_generators import to_camel

from pulumi_openapi_oauth import drift
from pulumi_openapi_oauth._constants import NATIVE_TOKEN_TYPE, TOKEN_TYPE
from pulumi_openapi_oauth.drift import (
    DELETED,
    TOKEN_PROPERTY,
    Drift,
    Planned,
    find_drift,
    planned,
    render,
    state_outputs,
)

DATA = Path(__file__).parent / "drift_data"
ALPHA = "urn:pulumi:test::e2e-tokens::pulumi-python:dynamic/openapi-oauth:Token::alpha"
BETA = "urn:pulumi:test::e2e-tokens::pulumi-python:dynamic/openapi-oauth:Token::beta"
GAMMA = "urn:pulumi:test::e2e-tokens::pulumi-python:dynamic/openapi-oauth:Token::gamma"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text())
    return data


@pytest.fixture
def state() -> dict[str, dict[str, Any]]:
    return state_outputs(load("stack_export.json"))


def test_state_outputs_are_the_tokens_of_the_export(state: dict[str, dict[str, Any]]) -> None:
    assert sorted(state) == [ALPHA, BETA, GAMMA]
    assert state[ALPHA]["scopes"] == [
        "GET:company.openapi.com/IT-advanced",
        "GET:company.openapi.com/IT-search",
        "GET:company.openapi.com/IT-start",
    ]
    # Secrets stay ciphertext in the export.
    assert "ciphertext" in state[ALPHA]["token"]


def test_planned_pairs_live_outputs_with_declared_inputs_and_marks_deleted_tokens() -> None:
    plan = planned(load("preview_refresh_drift.json"))
    assert set(plan) == {ALPHA, BETA, GAMMA}
    assert plan[GAMMA] is None  # the preview would create it again
    alpha, beta = plan[ALPHA], plan[BETA]
    assert alpha is not None and beta is not None
    assert alpha.live["scopes"] == ["GET:company.openapi.com/IT-start"] and len(alpha.declared["scopes"]) == 3
    assert beta.live["name"] == "renamed" and beta.declared["name"] == "e2e beta"
    assert beta.live["limits"] == {"total_requests": 7}
    assert alpha.live["token"] == "[secret]"


def test_no_drift_right_after_up(state: dict[str, dict[str, Any]]) -> None:
    assert find_drift(state, planned(load("preview_refresh_clean.json"))) == []


def test_drift_names_token_property_declared_and_live_as_json(state: dict[str, dict[str, Any]]) -> None:
    plan = planned(load("preview_refresh_drift.json"))
    alpha = plan[ALPHA]
    assert alpha is not None
    drifts = find_drift(state, plan)
    assert drifts == [
        Drift(
            "alpha",
            "scopes",
            '["GET:company.openapi.com/IT-advanced", "GET:company.openapi.com/IT-search", '
            '"GET:company.openapi.com/IT-start"]',
            '["GET:company.openapi.com/IT-start"]',
        ),
        Drift("alpha", "expire_at", alpha.live["__declared_expire_at"], alpha.live["expire_at"]),
        Drift("beta", "name", "e2e beta", "renamed"),
        Drift("beta", "limits", '{"total_requests": 500, "wallet_requests": 100}', '{"total_requests": 7}'),
        Drift("gamma", TOKEN_PROPERTY, "exists", DELETED),
    ]


#: What the native provider's state leaves in snake_case: the names its schema does not have.
_NATIVE_KEEPS = ("expire_at", "expire_reason")


def _native(value: Any) -> Any:
    """Captured JSON as the native provider's Token would have it: its type, and camelCase
    properties (limits' keys too) except the dunder keys and the ones its schema lacks."""

    def names(props: dict[str, Any]) -> dict[str, Any]:
        out = {k if k.startswith("__") or k in _NATIVE_KEEPS else to_camel(k): v for k, v in props.items()}
        if isinstance(out.get("limits"), dict):
            out["limits"] = {to_camel(k): v for k, v in out["limits"].items()}
        return out

    if isinstance(value, list):
        return [_native(v) for v in value]
    if not isinstance(value, dict):
        return value.replace(TOKEN_TYPE, NATIVE_TOKEN_TYPE) if isinstance(value, str) else value
    out = {k: _native(v) for k, v in value.items()}
    if out.get("type") == NATIVE_TOKEN_TYPE:
        for key in ("outputs", "inputs"):
            if isinstance(out.get(key), dict):
                out[key] = names(out[key])
    return out


def test_native_tokens_drift_the_same_and_are_reported_in_their_programs_names() -> None:
    """The native provider's Token (camelCase properties) is read as the dynamic one: the same
    drift, named as a YAML or TypeScript program names it (expireAt, totalRequests)."""
    dynamic = find_drift(state_outputs(load("stack_export.json")), planned(load("preview_refresh_drift.json")))
    native = find_drift(
        state_outputs(_native(load("stack_export.json"))), planned(_native(load("preview_refresh_drift.json")))
    )
    assert len(native) == len(dynamic) == 5
    spoken = [
        Drift(
            d.token,
            "expireAt" if d.property == "expire_at" else d.property,
            d.declared.replace("total_requests", "totalRequests").replace("wallet_requests", "walletRequests"),
            d.live.replace("total_requests", "totalRequests"),
        )
        for d in dynamic
    ]
    assert native == spoken
    assert Drift("beta", "limits", '{"totalRequests": 500, "walletRequests": 100}', '{"totalRequests": 7}') in native


def test_a_native_tokens_values_are_shown_as_written_even_when_they_look_like_names() -> None:
    """Only the report's names are the program's; a name or scope the user chose stays verbatim."""
    state = state_outputs(_native(load("stack_export.json")))
    plan = planned(_native(load("preview_refresh_drift.json")))
    beta = next(p for urn, p in plan.items() if urn.endswith("::beta") and p is not None)
    beta.live["name"] = "total_requests"
    beta.live["scopes"] = [*beta.live["scopes"], "GET:example.com/wallet_amount"]
    drifts = {d.property: d for d in find_drift(state, plan) if d.token == "beta"}
    assert drifts["name"].live == "total_requests"
    assert "GET:example.com/wallet_amount" in drifts["scopes"].live
    assert drifts["limits"].live == '{"totalRequests": 7}'


def _same(state: dict[str, dict[str, Any]]) -> dict[str, Planned | None]:
    """A plan in which every token is live exactly as declared (its outputs as state holds them)."""
    return {
        urn: Planned(
            live=copy.deepcopy(outs), declared={k: copy.deepcopy(outs.get(k)) for k in ("scopes", "name", "limits")}
        )
        for urn, outs in state.items()
    }


def test_scope_order_ip_order_float_integers_usage_and_skew_are_not_drift(state: dict[str, dict[str, Any]]) -> None:
    plan = _same(state)
    alpha = plan[ALPHA]
    assert alpha is not None
    alpha.live["scopes"] = list(reversed(alpha.live["scopes"]))
    alpha.live["limits"]["ip"] = list(reversed(alpha.live["limits"]["ip"]))
    alpha.live["limits"]["wallet_amount"] = 5.0
    alpha.live["stats"] = {"total_requests": 99}  # usage is not drift
    alpha.live["updated_at"] = "2030-01-01T00:00:00Z"
    declared = datetime.fromisoformat(alpha.live["__declared_expire_at"].replace("Z", "+00:00"))
    alpha.live["expire_at"] = (declared + timedelta(seconds=30)).strftime("%Y-%m-%dT%H:%M:%SZ")  # clock skew
    alpha.declared["scopes"] = alpha.declared["scopes"] + alpha.declared["scopes"][:1]  # a duplicate
    assert find_drift(state, plan) == []
    alpha.live["expire_at"] = (declared - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")  # shortened
    assert [(d.token, d.property) for d in find_drift(state, plan)] == [("alpha", "expire_at")]


def test_ip_lists_render_as_json_not_quoted_strings(state: dict[str, dict[str, Any]]) -> None:
    plan = _same(state)
    alpha = plan[ALPHA]
    assert alpha is not None
    alpha.live["limits"] = {"ip": ["203.0.113.7"]}
    (only,) = find_drift(state, plan)
    assert only.live == '{"ip": ["203.0.113.7"]}'
    assert json.loads(only.declared)["ip"] == ["2001:db8::1", "203.0.113.7"]
    assert '\\"' not in only.declared + only.live


def test_tokens_left_unchanged_have_no_step_and_no_drift(state: dict[str, dict[str, Any]]) -> None:
    # The CLI emits no JSON step for a resource the preview leaves as it is ("same").
    assert planned(load("preview_refresh_clean.json")) == {}
    plan = planned(load("preview_refresh_drift.json"))
    del plan[ALPHA], plan[BETA]
    assert find_drift(state, plan) == [Drift("gamma", TOKEN_PROPERTY, "exists", DELETED)]


def test_a_resource_name_with_double_colons_is_reported_whole() -> None:
    urn = "urn:pulumi:dev::proj::pulumi-python:dynamic/openapi-oauth:Token::team::ci"
    assert find_drift({urn: {}}, {urn: None}) == [Drift("team::ci", TOKEN_PROPERTY, "exists", DELETED)]


def test_secret_values_are_never_compared_nor_shown(state: dict[str, dict[str, Any]]) -> None:
    plan = _same(state)
    alpha = plan[ALPHA]
    assert alpha is not None
    alpha.declared["scopes"] = copy.deepcopy(state[ALPHA]["token"])  # a ciphertext object
    alpha.live["limits"] = "[secret]"
    assert find_drift(state, plan) == []


def test_pending_deletes_and_read_resources_are_not_the_stacks() -> None:
    export = load("stack_export.json")
    for resource in export["deployment"]["resources"]:
        if resource["urn"] == BETA:
            resource["external"] = True
        if resource["urn"] == GAMMA:
            resource["delete"] = True
    assert sorted(state_outputs(export)) == [ALPHA]


@pytest.mark.parametrize("bad", [{}, {"deployment": None}])
def test_unexpected_export_is_a_check_error(bad: dict[str, Any]) -> None:
    with pytest.raises(drift.DriftCheckError):
        state_outputs(bad)


def test_unexpected_preview_is_a_check_error() -> None:
    with pytest.raises(drift.DriftCheckError):
        planned({"diagnostics": []})


def test_render_text_and_markdown() -> None:
    drifts = [Drift("alpha", "scopes", '["A", "B"]', '["A"]'), Drift("gamma", TOKEN_PROPERTY, "exists", DELETED)]
    text = render(drifts, stack="prod", markdown=False)
    assert text.splitlines() == [
        "Drift in stack prod: 2 properties of 2 tokens:",
        '  alpha: scopes: declared ["A", "B"]; live ["A"]',
        "  gamma: (token): declared exists; live (deleted)",
        "Run `pulumi up --refresh` to put the declared values back.",
    ]
    markdown = render([Drift("beta", "name", "a|b", "c")], stack="prod", markdown=True)
    assert markdown.splitlines()[:5] == [
        "### Drift in stack prod: 1 property of 1 token",
        "",
        "| token | property | declared | live |",
        "|---|---|---|---|",
        "| `beta` | `name` | a\\|b | c |",
    ]
    assert render([], stack="prod", markdown=True).startswith("No drift")


class _FakeRun:
    """Stands in for subprocess.run: answers ``stack export`` and ``preview`` from the captures."""

    def __init__(self, preview: str, preview_rc: int = 0, export_rc: int = 0) -> None:
        self.preview, self.preview_rc, self.export_rc = preview, preview_rc, export_rc
        self.commands: list[list[str]] = []

    def __call__(self, cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        self.commands.append(cmd)
        if cmd[1:3] == ["stack", "export"]:
            return subprocess.CompletedProcess(cmd, self.export_rc, (DATA / "stack_export.json").read_text(), "")
        if self.preview_rc:
            return subprocess.CompletedProcess(cmd, self.preview_rc, "", "error: boom")
        return subprocess.CompletedProcess(cmd, 0, (DATA / self.preview).read_text(), "")


@pytest.mark.parametrize(
    ("preview", "code", "needle"),
    [("preview_refresh_drift.json", 1, "alpha: scopes"), ("preview_refresh_clean.json", 0, "No drift")],
)
def test_main_exit_codes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], preview: str, code: int, needle: str
) -> None:
    fake = _FakeRun(preview)
    monkeypatch.setattr("pulumi_openapi_oauth._cli.subprocess.run", fake)
    assert drift.main(["--stack", "dev", "--cwd", "/somewhere"]) == code
    out = capsys.readouterr().out
    assert needle in out
    assert "--show-secrets" not in " ".join(" ".join(c) for c in fake.commands)
    assert fake.commands[1][:4] == ["pulumi", "preview", "--refresh", "--json"]
    assert fake.commands[1][fake.commands[1].index("--stack") :][:2] == ["--stack", "dev"]


def test_main_exits_2_when_the_check_fails(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(
        "pulumi_openapi_oauth._cli.subprocess.run", _FakeRun("preview_refresh_clean.json", preview_rc=255)
    )
    assert drift.main([]) == 2
    assert "error: boom" in capsys.readouterr().err

    def missing(*_: Any, **__: Any) -> subprocess.CompletedProcess[str]:
        raise FileNotFoundError("pulumi")

    monkeypatch.setattr("pulumi_openapi_oauth._cli.subprocess.run", missing)
    assert drift.main(["--format", "markdown"]) == 2
