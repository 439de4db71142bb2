"""``openapi-oauth-drift``: parsing and rendering, on JSON captured from real CLI runs.

The files under ``drift_data/`` come from the e2e program ``tests/e2e/programs/tokens`` (CLI
v3.274.1, trimmed of stack traces): ``stack_export.json`` is ``pulumi stack export`` after
``up``; ``preview_refresh_clean.json`` is ``pulumi preview --refresh --json`` right after;
``preview_refresh_drift.json`` the same after three out-of-band changes on the emulator: alpha's
scopes cut to ``GET:company.openapi.com/IT-start``, beta renamed ``renamed`` with limits
``{"totalRequests": 7}``, gamma deleted.
"""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pulumi_openapi_oauth import _cli, drift
from pulumi_openapi_oauth.drift import DELETED, TOKEN_PROPERTY, Drift, find_drift, live_outputs, render, state_outputs

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


def test_live_outputs_skip_refresh_steps_and_mark_deleted_tokens() -> None:
    live = live_outputs(load("preview_refresh_drift.json"))
    assert set(live) == {ALPHA, BETA, GAMMA}
    assert live[GAMMA] is None  # the preview would create it again
    alpha = live[ALPHA]
    assert alpha is not None and alpha["scopes"] == ["GET:company.openapi.com/IT-start"]
    beta = live[BETA]
    assert beta is not None and beta["name"] == "renamed" and beta["limits"] == {"total_requests": 7}
    assert alpha["token"] == "[secret]"


def test_no_drift_right_after_up(state: dict[str, dict[str, Any]]) -> None:
    assert find_drift(state, live_outputs(load("preview_refresh_clean.json"))) == []


def test_drift_names_token_property_state_and_live(state: dict[str, dict[str, Any]]) -> None:
    drifts = find_drift(state, live_outputs(load("preview_refresh_drift.json")))
    assert drifts == [
        Drift(
            "alpha",
            "scopes",
            "GET:company.openapi.com/IT-advanced, GET:company.openapi.com/IT-search, GET:company.openapi.com/IT-start",
            "GET:company.openapi.com/IT-start",
        ),
        Drift("beta", "name", "e2e beta", "renamed"),
        Drift("beta", "limits", '{"total_requests": 500, "wallet_requests": 100}', '{"total_requests": 7}'),
        Drift("gamma", TOKEN_PROPERTY, "exists", DELETED),
    ]


def test_scope_order_ip_order_and_float_integers_are_not_drift(state: dict[str, dict[str, Any]]) -> None:
    live: dict[str, dict[str, Any] | None] = {urn: copy.deepcopy(outs) for urn, outs in state.items()}
    alpha = live[ALPHA]
    assert alpha is not None
    alpha["scopes"] = list(reversed(alpha["scopes"]))
    alpha["limits"]["ip"] = list(reversed(alpha["limits"]["ip"]))
    alpha["limits"]["wallet_amount"] = 5.0
    alpha["stats"] = {"total_requests": 99}  # usage is not drift
    alpha["updated_at"] = "2030-01-01T00:00:00Z"
    assert find_drift(state, live) == []
    alpha["expire_at"] = "2030-01-01T00:00:00Z"
    assert [(d.token, d.property) for d in find_drift(state, live)] == [("alpha", "expire_at")]


def test_tokens_left_unchanged_have_no_step_and_no_drift(state: dict[str, dict[str, Any]]) -> None:
    # The CLI emits no JSON step for a resource the preview leaves as it is ("same").
    assert live_outputs(load("preview_refresh_clean.json")) == {}
    live = live_outputs(load("preview_refresh_drift.json"))
    del live[ALPHA], live[BETA]
    assert find_drift(state, live) == [Drift("gamma", TOKEN_PROPERTY, "exists", DELETED)]


def test_secret_values_are_never_compared_nor_shown(state: dict[str, dict[str, Any]]) -> None:
    live: dict[str, dict[str, Any] | None] = {urn: copy.deepcopy(outs) for urn, outs in state.items()}
    secret_state = copy.deepcopy(state)
    secret_state[ALPHA]["scopes"] = copy.deepcopy(state[ALPHA]["token"])  # a ciphertext object
    alpha = live[ALPHA]
    assert alpha is not None
    alpha["scopes"] = "[secret]"
    assert find_drift(secret_state, live) == []


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
        live_outputs({"diagnostics": []})


def test_render_text_and_markdown() -> None:
    drifts = [Drift("alpha", "scopes", "A, B", "A"), Drift("gamma", TOKEN_PROPERTY, "exists", DELETED)]
    text = render(drifts, stack="prod", markdown=False)
    assert text.splitlines() == [
        "Drift in stack prod: 2 properties of 2 tokens:",
        "  alpha: scopes: in state A, B; live A",
        "  gamma: (token): in state exists; live (deleted)",
        "Run `pulumi up --refresh` to put the declared values back.",
    ]
    markdown = render([Drift("beta", "name", "a|b", "c")], stack="prod", markdown=True)
    assert markdown.splitlines()[:5] == [
        "### Drift in stack prod: 1 property of 1 token",
        "",
        "| token | property | in state | live |",
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
    monkeypatch.setattr(_cli.subprocess, "run", fake)
    assert drift.main(["--stack", "dev", "--cwd", "/somewhere"]) == code
    out = capsys.readouterr().out
    assert needle in out
    assert "--show-secrets" not in " ".join(" ".join(c) for c in fake.commands)
    assert fake.commands[1][:4] == ["pulumi", "preview", "--refresh", "--json"]
    assert fake.commands[1][fake.commands[1].index("--stack") :][:2] == ["--stack", "dev"]


def test_main_exits_2_when_the_check_fails(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(_cli.subprocess, "run", _FakeRun("preview_refresh_clean.json", preview_rc=255))
    assert drift.main([]) == 2
    assert "error: boom" in capsys.readouterr().err

    def missing(*_: Any, **__: Any) -> subprocess.CompletedProcess[str]:
        raise FileNotFoundError("pulumi")

    monkeypatch.setattr(_cli.subprocess, "run", missing)
    assert drift.main(["--format", "markdown"]) == 2
