"""Drift without blind spots (issue 10), end to end: the real Pulumi CLI against a fresh emulator.

One test per bullet of the issue. Program ``programs/drift``: ``main`` (auto-named, ttl 60 days,
renew_before 7 days, IP allow-list) and ``short`` (``e2e short``, ttl 1 day). Each test changes
something out of band through the service's API, then checks the two CLI drift checks
(``pulumi refresh --preview-only --expect-no-changes`` and ``pulumi preview --refresh
--expect-no-changes``, exit 7 on changes) and ``openapi-oauth-drift`` (exit 1 on drift), the
requests of the ``up`` that restores the declared state, and the live values afterwards.
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime
from typing import Any

import httpx

from tests._emulator import Emulator
from tests.e2e.harness import (
    EXIT_CHANGES,
    REPO_ROOT,
    OAuthStack,
    PulumiCli,
    Stack,
    both,
    drift_report,
    package_command,
)

DAY = 24 * 3600
TOLERANCE = 60  # the provider's clock-skew tolerance on expiry (EXPIRY_TOLERANCE)
SEEDED = "seeded-demo-token"
MAIN_SCOPES = ["GET:company.openapi.com/IT-advanced", "GET:company.openapi.com/IT-start"]
TOKEN_TYPE = "pulumi-python:dynamic/openapi-oauth:Token"


# -- helpers ----------------------------------------------------------------------------------------


def live(api: httpx.Client, value: str) -> dict[str, Any]:
    response = api.get(f"/tokens/{value}")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def patch(api: httpx.Client, value: str, body: dict[str, Any]) -> None:
    response = api.patch(f"/tokens/{value}", json=body)
    assert response.status_code == 200, response.text


def seconds(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def declared_expiry(stack: Stack, name: str = "main") -> str:
    (resource,) = [r for r in stack.resources(TOKEN_TYPE) if r["urn"].endswith("::" + name)]
    value: str = resource["outputs"]["__declared_expire_at"]
    return value


def mine(emulator: Emulator) -> list[dict[str, Any]]:
    return [t for t in emulator.tokens(account=emulator.email) if t["name"] != SEEDED]


def checks_see(stack: Stack, prop: str) -> None:
    """Both CLI checks exit 7 and name ``prop``; the report exits 1 and names it, in text and markdown."""
    refresh = stack.refresh("--preview-only", "--expect-no-changes", "--diff", check=False)
    assert refresh.returncode == EXIT_CHANGES, both(refresh)
    assert re.search(rf"^\s+~ {prop}\s*:", refresh.stdout, re.M), refresh.stdout
    preview = stack.preview("--refresh", "--expect-no-changes", "--diff", check=False)
    assert preview.returncode == EXIT_CHANGES, both(preview)
    assert re.search(rf"^\s+~ {prop}\s*:", preview.stdout, re.M), preview.stdout
    report = drift_report(stack)
    assert report.returncode == 1, both(report)
    assert re.search(rf"^  main: {prop}: declared .+; live .+$", report.stdout, re.M), report.stdout
    markdown = drift_report(stack, "--format", "markdown")
    assert markdown.returncode == 1 and f"| `main` | `{prop}` |" in markdown.stdout, both(markdown)


def all_clean(stack: Stack) -> None:
    stack.refresh("--preview-only", "--expect-no-changes")
    stack.preview("--refresh", "--expect-no-changes")
    report = drift_report(stack)
    assert report.returncode == 0 and "No drift" in report.stdout, both(report)


# -- 1. lifetime ------------------------------------------------------------------------------------


def test_lifetime_extended_or_shortened_out_of_band_is_drift_restored_by_one_patch(
    emulator: Emulator, oauth_stack: OAuthStack, api: httpx.Client
) -> None:
    stack = oauth_stack("drift")
    stack.up()
    value = stack.outputs(show_secrets=True)["main_token"]
    declared = declared_expiry(stack)
    assert abs(seconds(live(api, value)["expireAt"]) - seconds(declared)) <= TOLERANCE

    patch(api, value, {"ttl": 365 * DAY})  # a year instead of 60 days
    checks_see(stack, "expire_at")
    emulator.reset_requests()
    stack.up("--refresh")
    counts = emulator.requests()
    assert counts["PATCH /tokens/{token}"] == 1 and counts["GET /tokens/{token}"] == 2, counts
    assert "POST /tokens" not in counts and "DELETE /tokens/{token}" not in counts, counts
    assert abs(seconds(live(api, value)["expireAt"]) - seconds(declared)) <= TOLERANCE
    all_clean(stack)

    # Shortened, then taken into state by a plain refresh: a plain up still restores it.
    patch(api, value, {"ttl": 3600})
    checks_see(stack, "expire_at")
    stack.refresh()
    emulator.reset_requests()
    stack.up()
    counts = emulator.requests()
    assert counts.get("PATCH /tokens/{token}") == 1 and "POST /tokens" not in counts, counts
    assert abs(seconds(live(api, value)["expireAt"]) - seconds(declared)) <= TOLERANCE
    assert stack.outputs(show_secrets=True)["main_token"] == value
    all_clean(stack)


# -- 2. names ---------------------------------------------------------------------------------------


def test_auto_name_from_preview_is_created_and_a_rename_is_drift_restored(
    emulator: Emulator, oauth_stack: OAuthStack, api: httpx.Client
) -> None:
    stack = oauth_stack("drift")
    preview = json.loads(stack.preview("--json").stdout)
    (planned,) = [s for s in preview["steps"] if s["urn"].endswith("::main")]
    shown = planned["newState"]["inputs"]["name"]
    assert re.fullmatch(r"main-[0-9a-f]{8}", shown), shown
    stack.up()
    value = stack.outputs(show_secrets=True)["main_token"]
    assert live(api, value)["name"] == shown == stack.outputs()["main_name"]

    patch(api, value, {"name": "set by hand"})
    checks_see(stack, "name")
    report = drift_report(stack)
    assert f"main: name: declared {shown}; live set by hand" in report.stdout, report.stdout
    emulator.reset_requests()
    stack.up("--refresh")
    counts = emulator.requests()
    assert counts.get("PATCH /tokens/{token}") == 1 and "POST /tokens" not in counts, counts
    assert live(api, value)["name"] == shown
    all_clean(stack)


# -- 3. one notion of drift; the report compares the program with the service -------------------------


def test_checks_and_report_agree_and_the_report_survives_a_plain_refresh(
    emulator: Emulator, oauth_stack: OAuthStack, api: httpx.Client
) -> None:
    stack = oauth_stack("drift")
    stack.up()
    value = stack.outputs(show_secrets=True)["main_token"]
    patch(api, value, {"limits": {"totalRequests": 1000, "walletAmount": 5, "ip": ["198.51.100.9"]}})
    checks_see(stack, "limits")

    stack.refresh()  # the live values are now in state
    report = drift_report(stack)
    assert report.returncode == 1, both(report)
    line = next(x for x in report.stdout.splitlines() if x.startswith("  main: limits: "))
    declared, _, shown_live = line.removeprefix("  main: limits: declared ").partition("; live ")
    assert json.loads(declared)["ip"] == ["2001:db8::1", "203.0.113.7"]
    assert json.loads(shown_live) == {"ip": ["198.51.100.9"], "total_requests": 1000, "wallet_amount": 5}
    assert '\\"' not in report.stdout
    preview = stack.preview("--expect-no-changes", check=False)
    assert preview.returncode == EXIT_CHANGES, both(preview)
    for secret in (value, emulator.api_key):
        assert secret not in report.stdout + drift_report(stack, "--format", "markdown").stdout

    emulator.reset_requests()
    stack.up()
    assert emulator.requests().get("PATCH /tokens/{token}") == 1
    assert sorted(live(api, value)["limits"]["ip"]) == ["2001:db8::1", "203.0.113.7"]
    all_clean(stack)


# -- 4. preview explains renewal and replacement -------------------------------------------------------


def test_preview_names_expire_at_and_the_reason_for_renewal_and_replacement(
    emulator: Emulator, oauth_stack: OAuthStack, api: httpx.Client
) -> None:
    stack = oauth_stack("drift")
    stack.up()
    before = stack.outputs(show_secrets=True)
    emulator.advance(54 * DAY)  # main (60 days, renew 7 days) in its window; short (1 day) expired

    preview = stack.preview("--diff")
    text = preview.stdout
    main = text[text.index("Token::main]") :]
    assert re.search(r"^\s+~ expire_at\s*:", main, re.M), text
    assert "renewal: within renew_before (604800 s) of expire_at" in main, text
    short = text[text.index("Token::short]") :]
    assert re.search(r"^\s+~ expire_at\s*:", short, re.M), text
    assert not re.search(r"^\s+~ name\s*:", text, re.M), text
    steps = json.loads(stack.preview("--json").stdout)["steps"]
    replaced = [s for s in steps if s["urn"].endswith("::short") and s["op"] in ("replace", "create-replacement")]
    assert any(s.get("replaceReasons") == ["expire_at"] for s in replaced), replaced
    assert not any("name" in (s.get("replaceReasons") or []) for s in replaced), replaced

    emulator.reset_requests()
    stack.up()
    counts = emulator.requests()
    assert counts.get("PATCH /tokens/{token}") == 1 and counts.get("POST /tokens") == 1, counts
    assert counts.get("DELETE /tokens/{token}") == 1, counts
    after = stack.outputs(show_secrets=True)
    assert after["main_token"] == before["main_token"] and after["short_token"] != before["short_token"]
    assert live(api, after["short_token"])["name"] == "e2e short"
    stack.preview("--expect-no-changes")


# -- 5. Token.get ------------------------------------------------------------------------------------


def test_token_get_with_an_unknown_id_fails_clearly(emulator: Emulator, oauth_stack: OAuthStack) -> None:
    stack = oauth_stack("drift")
    stack.up()
    main_id = next(r["id"] for r in stack.resources(TOKEN_TYPE) if r["urn"].endswith("::main"))
    stack.config_set("getId", main_id)
    stack.up()
    assert stack.outputs()["found_name"] == stack.outputs()["main_name"]

    missing = "oatfp-" + "0" * 32
    stack.config_set("getId", missing)
    failed = stack.preview(check=False)
    assert failed.returncode != 0
    assert f"Token.get: no live token of this account has the id '{missing}'" in both(failed), both(failed)


# -- 6. adopt_token after create ------------------------------------------------------------------------


def test_adopt_token_on_an_existing_resource_makes_no_request_and_no_diff(
    emulator: Emulator, oauth_stack: OAuthStack
) -> None:
    stack = oauth_stack("drift")
    stack.up()
    value = stack.outputs(show_secrets=True)["short_token"]
    for step in ("added", "changed", "removed"):
        if step == "removed":
            stack.config_rm("adopt")
        else:
            stack.config_set("adopt", value if step == "added" else "0" * 40, secret=True)
        emulator.reset_requests()
        preview = stack.preview("--expect-no-changes", check=False)
        assert preview.returncode == 0, (step, both(preview))
        stack.up("--expect-no-changes")
        writes = [k for k in emulator.requests() if not k.startswith("GET ")]
        assert writes == [], (step, emulator.requests())
    assert len(mine(emulator)) == 2


# -- 7. duplicate scopes ---------------------------------------------------------------------------------


def test_duplicate_scopes_are_sent_once_with_no_perpetual_diff_and_flagged_by_policy(
    pulumi_cli: PulumiCli, emulator: Emulator, oauth_stack: OAuthStack, api: httpx.Client, tmp_path: Any
) -> None:
    stack = oauth_stack("drift", dupScopes="1")
    emulator.reset_requests()
    stack.up()
    assert emulator.requests()["POST /tokens"] == 2
    value = stack.outputs(show_secrets=True)["main_token"]
    assert sorted(live(api, value)["scopes"]) == MAIN_SCOPES
    stack.preview("--expect-no-changes")
    stack.refresh("--preview-only", "--expect-no-changes")
    stack.preview("--refresh", "--expect-no-changes")

    pack = REPO_ROOT / "examples" / "policy-pack"
    rules = json.loads((pack / "config.example.json").read_text())
    config = tmp_path / "policy.json"
    config.write_text(json.dumps({**{k: "disabled" for k in rules}, "openapi-oauth-no-duplicate-scopes": "advisory"}))
    flagged = stack.preview("--policy-pack", pulumi_cli.policy_pack_arg(pack), "--policy-pack-config", str(config))
    assert "openapi-oauth-no-duplicate-scopes" in flagged.stdout, flagged.stdout


# -- 8. exactly one token per resource when the service is slow -----------------------------------------


def test_late_or_held_create_answers_never_leave_two_tokens(emulator: Emulator, oauth_stack: OAuthStack) -> None:
    stack = oauth_stack("drift")
    # The service makes the token and answers after the client's 30 s timeout.
    emulator.faults([{"method": "POST", "path": "/tokens", "hold_ms": 33_000, "times": 1}])
    stack.up()
    assert len(mine(emulator)) == 2
    assert emulator.requests()["POST /tokens"] == 2  # the late one recovered by listing, not re-posted
    stack.preview("--refresh", "--expect-no-changes")
    stack.destroy()
    assert mine(emulator) == []

    # A proxy holds the POST on its way past the timeout and the client's listings: up fails,
    # the request lands later; recover deletes that late token, and the next up makes the one.
    emulator.clear_faults()
    emulator.faults([{"method": "POST", "path": "/tokens", "delay_ms": 45_000, "times": 1}])
    failed = stack.up(check=False)
    assert failed.returncode != 0 and "openapi-oauth-recover" in both(failed), both(failed)
    deadline = time.monotonic() + 60
    while len(mine(emulator)) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(mine(emulator)) == 2  # the other token, and the late one no resource holds
    assert len(stack.resources(TOKEN_TYPE)) == 1
    recovered = package_command(stack, "recover")
    assert recovered.returncode == 0, both(recovered)
    assert "deleted orphan token" in recovered.stdout, recovered.stdout
    assert len(mine(emulator)) == 1
    emulator.reset_requests()
    stack.up()
    assert emulator.requests()["POST /tokens"] == 1
    names = [t["name"] for t in mine(emulator)]
    assert len(names) == 2 and len(set(names)) == 2, names
    stack.preview("--refresh", "--expect-no-changes")
