"""Hardening, end to end with the real Pulumi CLI: faults, interruptions, concurrency, hostile input.

Every test runs the ``many_tokens`` program against a fresh emulator (the ``emulator`` fixture of
tests/e2e/conftest.py) and judges the outcome on the server (``GET /_emulator/tokens``), in the
state (``pulumi stack export``) and in the request counters (``GET /_emulator/requests``). Request
counts are deterministic and asserted; timings are only printed (``-s``), never asserted.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests._emulator import Emulator
from tests.e2e.harness import Stack
from tests.processes import TEST_VAR, kill, tagged

TOKEN_TYPE = "pulumi-python:dynamic/openapi-oauth:Token"
TRACEBACK = "Traceback (most recent call last)"
WRITES = ("POST /tokens", "PATCH /tokens/{token}", "DELETE /tokens/{token}")
VARIANT_B = ["GET:company.openapi.com/IT-start", "POST:sms.openapi.com/send"]


# -- helpers ------------------------------------------------------------------------------------------


def _stack(make_stack: Any, emulator: Emulator, name: str = "test", **config: str) -> Stack:
    stack: Stack = make_stack(
        "many_tokens",
        name=name,
        config={"openapi-oauth:baseUrl": emulator.url, "openapi-oauth:email": emulator.email, **config},
        secrets={"openapi-oauth:apiKey": emulator.api_key},
    )
    return stack


def _server_names(emulator: Emulator, prefix: str = "tok-") -> list[str]:
    """Names of the demo account's live tokens made by the program (the seeded one left out)."""
    return [t["name"] for t in emulator.tokens(emulator.email) if t["name"].startswith(prefix)]


def _state_tokens(stack: Stack) -> list[dict[str, Any]]:
    return stack.resources(TOKEN_TYPE)


def _assert_server_matches_state(stack: Stack, emulator: Emulator, expected: int, prefix: str = "tok-") -> None:
    names = _server_names(emulator, prefix)
    dupes = [n for n, c in Counter(names).items() if c > 1]
    assert not dupes, f"tokens created twice: {dupes}"
    assert len(names) == expected, f"{len(names)} tokens on the server, expected {expected}"
    state = _state_tokens(stack)
    assert len(state) == expected
    assert sorted(r["outputs"]["name"] for r in state) == sorted(names), "state and server disagree"
    deployment = stack.export()["deployment"]
    assert not deployment.get("pending_operations"), deployment.get("pending_operations")


def _writes(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if k in WRITES}


def _timed(stack: Stack, label: str, fn: Any, *args: str) -> Any:
    start = time.monotonic()
    result = fn(*args)
    print(f"[timing] {label}: {time.monotonic() - start:.1f}s")
    return result


# -- faults -------------------------------------------------------------------------------------------


def test_thirty_percent_of_writes_fail_and_every_token_is_made_once(emulator: Emulator, make_stack: Any) -> None:
    # 30% of token writes answer 503 (deterministic draws; at most 3 in a row for one request, so the
    # client's 5 retries always get through), plus 429s with Retry-After on the first requests.
    rules = [
        {"method": m, "path": p, "status": 503, "times": None, "probability": 0.3, "seed": 7, "max_streak": 3}
        for m, p in (("POST", "/tokens"), ("PATCH", "/tokens/{token}"), ("DELETE", "/tokens/{token}"))
    ]
    rules.append({"method": "*", "path": "/tokens", "status": 429, "retry_after": 1, "times": 3})
    rules.append({"method": "*", "path": "/tokens/{token}", "status": 429, "retry_after": 1, "times": 3})
    stack = _stack(make_stack, emulator, count="50")
    emulator.faults(rules)

    _timed(stack, "up 50 with faults", stack.up)
    _assert_server_matches_state(stack, emulator, 50)
    counts = emulator.requests()
    # Every retry is counted; more POSTs than tokens proves the faults fired.
    assert counts["POST /tokens"] > 50 + 3, counts
    assert counts.get("GET /tokens", 0) == 0, "no lost response, so no recovery listing"

    # Updates and deletes under the same faults.
    emulator.faults(rules)
    emulator.reset_requests()
    stack.config_set("scopeVariant", "b")
    stack.config_set("variantCount", "20")
    _timed(stack, "update 20 with faults", stack.up)
    _assert_server_matches_state(stack, emulator, 50)
    updated = [t for t in emulator.tokens(emulator.email) if t["name"].startswith("tok-") and t["scopes"] == VARIANT_B]
    assert len(updated) == 20
    assert emulator.requests()["PATCH /tokens/{token}"] > 20

    emulator.faults(rules)
    _timed(stack, "destroy 50 with faults", stack.destroy)
    assert _server_names(emulator) == []
    assert _state_tokens(stack) == []


def test_dropped_connection_after_create_leaves_no_duplicate_and_no_orphan(emulator: Emulator, make_stack: Any) -> None:
    # The server makes the token, then closes the connection without answering (twice).
    stack = _stack(make_stack, emulator, count="3")
    emulator.faults([{"method": "POST", "path": "/tokens", "drop": True, "times": 2}])
    stack.up()
    _assert_server_matches_state(stack, emulator, 3)
    counts = emulator.requests()
    # Exactly one POST per token: the two lost answers were recovered by listing, not by re-POSTing.
    assert counts["POST /tokens"] == 3, counts
    assert counts["GET /tokens"] >= 2, counts
    stack.preview("--expect-no-changes")


def test_api_down_longer_than_retries_fails_clearly_and_next_run_recovers(emulator: Emulator, make_stack: Any) -> None:
    stack = _stack(make_stack, emulator, count="3")
    emulator.faults([{"method": "POST", "path": "/tokens", "status": 503, "times": None}])
    failed = stack.up(check=False)
    out = failed.stdout + failed.stderr
    assert failed.returncode != 0
    assert "503" in out and "POST /tokens" in out, out
    assert _server_names(emulator) == []
    # 1 + 5 retries per token, nothing more.
    assert emulator.requests()["POST /tokens"] == 3 * 6

    emulator.clear_faults()
    stack.up()
    _assert_server_matches_state(stack, emulator, 3)
    stack.preview("--expect-no-changes")


def test_bad_credentials_fail_clearly_and_remove_nothing(emulator: Emulator, make_stack: Any) -> None:
    stack = _stack(make_stack, emulator, count="3")
    stack.up()
    before = sorted(r["id"] for r in _state_tokens(stack))

    stack.config_set("openapi-oauth:apiKey", "wrong-key", secret=True)
    # A plain refresh configures the provider from the state's provider inputs (the key of the last
    # up); --run-program runs the program so the provider gets the current (wrong) key.
    refresh = stack.refresh("--run-program", check=False)
    out = refresh.stdout + refresh.stderr
    assert refresh.returncode != 0, out
    assert "401" in out and "openapi-oauth:apiKey" in out and "openapi-oauth:email" in out, out
    assert sorted(r["id"] for r in _state_tokens(stack)) == before, "a refresh with a wrong key removed state"

    preview = stack.preview(check=False)
    out = preview.stdout + preview.stderr
    assert preview.returncode != 0
    assert "openapi-oauth:apiKey" in out and "openapi-oauth:email" in out, out

    stack.config_rm("openapi-oauth:apiKey")
    missing = stack.preview(check=False)
    out = missing.stdout + missing.stderr
    assert missing.returncode != 0
    assert "openapi-oauth:apiKey" in out, out
    assert TRACEBACK not in out

    stack.config_set("openapi-oauth:apiKey", emulator.api_key, secret=True)
    stack.refresh("--run-program")
    assert sorted(r["id"] for r in _state_tokens(stack)) == before
    _assert_server_matches_state(stack, emulator, 3)


# -- interruption -------------------------------------------------------------------------------------


def recover(stack: Stack) -> subprocess.CompletedProcess[str]:
    """``openapi-oauth-recover`` for the stack, as an operator runs it after a killed ``pulumi up``."""
    return subprocess.run(
        [sys.executable, "-m", "pulumi_openapi_oauth.recover", "--stack", stack.name],
        cwd=stack.workdir,
        env=stack.env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_killed_up_then_refresh_and_up_leaves_exactly_the_tokens_declared(emulator: Emulator, make_stack: Any) -> None:
    stack = _stack(make_stack, emulator, count="50")
    # Slow creates down so the kill lands in the middle, with several POSTs in flight.
    emulator.faults([{"method": "POST", "path": "/tokens", "delay_ms": 400, "times": None}])
    process = subprocess.Popen(
        ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--color", "never", "--stack", stack.name],
        cwd=stack.workdir,
        env=stack.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while len(_server_names(emulator)) < 20 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    # The language host, the provider shim and the dynamic provider host run outside the CLI's process
    # group and outlive it (seen: all three still running, pointed at the dead engine); end them too.
    kill(tagged(TEST_VAR, stack.env[TEST_VAR]))
    emulator.clear_faults()
    time.sleep(1.0)  # let the in-flight POSTs finish on the server

    made = set(_server_names(emulator))
    assert 20 <= len(made) < 50, len(made)
    failed = stack.refresh(check=False)
    # The kill leaves the stack locked; when it lands inside a checkpoint write, the file backend
    # is also left with an empty .attrs sidecar and every command fails with "failed to load
    # checkpoint: EOF" (seen in about one run in five here). openapi-oauth-recover handles both.
    torn = "failed to load checkpoint" in failed.stderr
    assert failed.returncode != 0 and ("locked" in failed.stderr or torn), failed

    recorded: set[str] | None = None
    if not torn:
        # Release the lock here to watch the CLI first (openapi-oauth-recover does it itself).
        stack.run("cancel", "--yes", "--stack", stack.name, "--non-interactive")
        # What the CLI does with pending creates non-interactively: refresh keeps them (it needs a
        # terminal, --clear-pending-creates or --import-pending-creates), and up warns and goes on.
        pending = stack.export()["deployment"].get("pending_operations") or []
        assert pending and all(o["type"] == "creating" for o in pending), pending
        recorded = {r["outputs"]["name"] for r in _state_tokens(stack)}
        assert made - recorded <= {o["resource"]["inputs"]["name"] for o in pending}, (
            "an orphan not named by a pending create"
        )
        stack.refresh()
        assert len(stack.export()["deployment"].get("pending_operations") or []) == len(pending)

    recovered = recover(stack)
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    if torn:
        assert "left by an interrupted checkpoint write" in recovered.stdout, recovered.stdout
    in_state = {r["outputs"]["name"] for r in _state_tokens(stack)}
    if recorded is not None:
        assert in_state == recorded  # recovery removed no resource from state
    deleted = {line.split("'")[1] for line in recovered.stdout.splitlines() if line.startswith("deleted orphan token")}
    assert deleted == made - in_state, recovered.stdout
    assert not stack.export()["deployment"].get("pending_operations")
    assert set(_server_names(emulator)) == in_state  # the orphans are gone, the stack's tokens kept
    stack.up()
    _assert_server_matches_state(stack, emulator, 50)
    # Nothing lost: every token the killed run recorded is still the same token.
    assert in_state <= set(_server_names(emulator))


# -- concurrency --------------------------------------------------------------------------------------


def test_parallel_32_creates_updates_and_deletes_200_tokens(emulator: Emulator, make_stack: Any) -> None:
    stack = _stack(make_stack, emulator, count="200")
    _timed(stack, "up 200 --parallel 32", stack.up, "--parallel", "32")
    _assert_server_matches_state(stack, emulator, 200)
    first = {r["outputs"]["name"]: r["id"] for r in _state_tokens(stack)}

    # Next config: tok-0..69 deleted, tok-70..139 updated (scopes b), tok-140..199 unchanged,
    # tok-200..269 created.
    emulator.reset_requests()
    stack.config_set("start", "70")
    stack.config_set("scopeVariant", "b")
    stack.config_set("variantCount", "70")
    _timed(stack, "create 70 + update 70 + delete 70 --parallel 32", stack.up, "--parallel", "32")
    assert _writes(emulator.requests()) == {
        "POST /tokens": 70,
        "PATCH /tokens/{token}": 70,
        "DELETE /tokens/{token}": 70,
    }
    _assert_server_matches_state(stack, emulator, 200)
    by_resource = {r["urn"].rsplit("::", 1)[1]: r for r in _state_tokens(stack)}
    assert sorted(by_resource) == sorted(f"tok-{i}" for i in range(70, 270))
    server = {t["name"]: t["scopes"] for t in emulator.tokens(emulator.email)}
    for i in range(70, 270):
        record = by_resource[f"tok-{i}"]
        want = VARIANT_B if i < 140 else ["GET:company.openapi.com/IT-start"]
        assert sorted(server[record["outputs"]["name"]]) == sorted(want), i
        if i < 200:  # updated in place or untouched: the same token as before
            assert first[record["outputs"]["name"]] == record["id"]

    emulator.reset_requests()
    stack.preview("--expect-no-changes")
    assert _writes(emulator.requests()) == {}
    _timed(stack, "destroy 200 --parallel 32", stack.destroy, "--parallel", "32")
    assert _server_names(emulator) == []


# -- hostile input ------------------------------------------------------------------------------------

HUGE = "x" * 20_000
#: (property, raw inputs) - each becomes one token ``bad-<i>`` of a single `pulumi preview`.
BAD_INPUTS: list[tuple[str, dict[str, Any]]] = [
    ("scopes", {"scopes": "GET:company.openapi.com/IT-start"}),
    ("scopes", {"scopes": []}),
    ("scopes", {"scopes": [1, 2]}),
    ("scopes", {"scopes": [""]}),
    ("scopes", {"scopes": [HUGE]}),
    ("scopes", {"scopes": ["GET:company.openapi.com/IT-start'; DROP TABLE tokens;--"]}),
    ("scopes", {"scopes": ["GET:company.openapi.com/../../etc/passwd"]}),
    ("scopes", {"scopes": ["GET:company.openapi.com/IT-start\u0000"]}),
    ("scopes", {"scopes": ["FETCH:company.openapi.com/IT-start"]}),
    ("scopes", {"scopes": ["GET:compañy.openapi.com/IT-start"]}),
    ("scopes", {"scopes": ["GET:company.openapi.com/IT-nope"]}),
    ("scopes", {"scopes": ["GET:company.openapi.com/CH-start"]}),
    ("scopes", {"scopes": [{"$ne": 1}]}),
    ("scopes", {"scopes": ["<script>alert(1)</script>"]}),
    ("name", {"name": ""}),
    ("name", {"name": HUGE}),
    ("name", {"name": 42}),
    ("name", {"name": "bad\nname"}),
    ("name", {"name": "tab\tname\u0007"}),
    ("name", {"name": ["a", "b"]}),
    ("ttl", {"ttl": 0}),
    ("ttl", {"ttl": -1}),
    ("ttl", {"ttl": 10**12}),
    ("ttl", {"ttl": 1.5}),
    ("ttl", {"ttl": True}),
    ("ttl", {"ttl": "3600"}),
    ("ttl", {"ttl": [3600]}),
    ("limits", {"limits": "lots"}),
    ("limits", {"limits": {"total_requests": -1}}),
    ("limits", {"limits": {"total_requests": 1.5}}),
    ("limits", {"limits": {"total_requests": True}}),
    ("limits", {"limits": {"wallet_amount": -0.01}}),
    ("limits", {"limits": {"wallet_requests": {"nested": {"garbage": [1, 2]}}}}),
    ("limits", {"limits": {"unknown_key": 1}}),
    ("limits", {"limits": {"ip": "203.0.113.7"}}),
    ("limits", {"limits": {"ip": ["203.0.113.7:8080"]}}),
    ("limits", {"limits": {"ip": ["203.0.113.0/24"]}}),
    ("limits", {"limits": {"ip": ["999.1.1.1"]}}),
    ("limits", {"limits": {"ip": ["::1/129"]}}),
    ("limits", {"limits": {"ip": [""]}}),
    ("limits", {"limits": {"ip": [7]}}),
    ("renew_before", {"renew_before": -5}),
    ("renew_before", {"renew_before": "soon"}),
    ("renew_before", {"ttl": 3600, "renew_before": 7200}),
    ("rotation_triggers", {"rotation_triggers": "q4"}),
    ("rotation_triggers", {"rotation_triggers": {"k": {"nested": ["garbage"]}}}),
    ("rotation_triggers", {"rotation_triggers": {"k": True}}),
]


def test_hostile_inputs_fail_at_preview_naming_the_property(emulator: Emulator, make_stack: Any) -> None:
    # The engine stops a preview at the first resource whose check fails, so each bad input gets
    # its own preview; four stacks run them side by side to keep the test short.
    assert len(BAD_INPUTS) >= 40
    stacks = [_stack(make_stack, emulator, name=f"h{k}") for k in range(4)]
    emulator.reset_requests()

    def run(k: int) -> list[str]:
        problems = []
        for i in range(k, len(BAD_INPUTS), len(stacks)):
            prop, raw = BAD_INPUTS[i]
            config = json.dumps([raw])
            result = stacks[k].preview("--config", f"many-tokens:badInputs={config}", check=False)
            out = result.stdout + result.stderr
            errors = [line for line in out.splitlines() if "resource 'bad-0'" in line]
            if result.returncode == 0:
                problems.append(f"{i} ({prop}): preview passed")
            elif TRACEBACK in out:
                problems.append(f"{i} ({prop}): traceback in output: {out[-2000:]}")
            elif not any(f"property {prop} " in line for line in errors):
                problems.append(f"{i} ({prop}): no error naming {prop!r}: {out[-1500:]}")
        return problems

    start = time.monotonic()
    with ThreadPoolExecutor(len(stacks)) as pool:
        problems = [p for found in pool.map(run, range(len(stacks))) for p in found]
    print(f"[timing] {len(BAD_INPUTS)} hostile previews: {time.monotonic() - start:.1f}s")
    assert not problems, "\n".join(problems)
    counts = emulator.requests()
    assert _writes(counts) == {}, counts
    # Only catalogue fetches (at most one per provider process) reached the service.
    assert set(counts) <= {"GET /scopes"}, counts
    assert counts.get("GET /scopes", 0) <= len(BAD_INPUTS)


def test_tokens_under_a_component_are_named_from_their_own_urn(emulator: Emulator, make_stack: Any) -> None:
    """A Token whose parent is a component (its auto name is seeded by its URN, which the
    program derives from the parent's without depending on the component)."""
    stack = _stack(make_stack, emulator, count="2", group="team")
    stack.up()
    for res in _state_tokens(stack):
        assert "many:index:Group$" in res["urn"] and res["inputs"]["__name_seed"] == res["urn"]
        assert res["outputs"]["name"].startswith(res["urn"].rsplit("::", 1)[1] + "-")
    _assert_server_matches_state(stack, emulator, 2)
    stack.preview("--expect-no-changes")


@pytest.mark.parametrize("size", [10])
def test_request_counts_per_operation_are_deterministic(emulator: Emulator, make_stack: Any, size: int) -> None:
    """The per-operation request counts the benchmark reports, asserted at one size."""
    stack = _stack(make_stack, emulator, count=str(size))
    emulator.reset_requests()
    stack.up()
    assert emulator.requests() == {"GET /scopes": 1, "POST /tokens": size}
    emulator.reset_requests()
    stack.preview("--expect-no-changes")
    assert emulator.requests() == {"GET /scopes": 1}
    emulator.reset_requests()
    stack.refresh()
    assert emulator.requests() == {"GET /tokens/{token}": size}
    emulator.reset_requests()
    stack.config_set("scopeVariant", "b")
    stack.up()
    assert emulator.requests() == {"GET /scopes": 1, "PATCH /tokens/{token}": size}
    emulator.reset_requests()
    stack.destroy()
    assert emulator.requests() == {"DELETE /tokens/{token}": size}
    assert httpx.get(emulator.url + "/_emulator/tokens").json()["count"] >= 1  # the seeded token stays
