"""End to end: the Token resource, the lookups example, the policy pack and the drift report with the
real Pulumi CLI (file backend in a temporary folder) against a fresh emulator per test.

Program ``programs/tokens`` declares three tokens (alpha: scopes + limits + renew_before +
rotation_triggers, ttl 30 days; beta: fixed name, ttl 60 days; gamma: ttl 1 day, no renewal); its
stack config steers the scope order, the rotation trigger and deliberately bad inputs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from pulumi_openapi_oauth import fingerprint
from tests._emulator import Emulator
from tests.e2e.harness import EXIT_CHANGES, REPO_ROOT, OAuthStack, PulumiCli, Stack, both, drift_report

TOKEN_TYPE = "pulumi-python:dynamic/openapi-oauth:Token"
SEEDED = "seeded-demo-token"
DAY = 24 * 3600
WRITES = ("POST ", "PATCH ", "DELETE ", "PUT ")

# -- helpers --------------------------------------------------------------------------------------


def managed(emulator: Emulator) -> list[dict[str, Any]]:
    """The demo account's tokens on the emulator, without the seeded one."""
    return [t for t in emulator.tokens(account=emulator.email) if t["name"] != SEEDED]


def writes(emulator: Emulator) -> dict[str, int]:
    return {k: v for k, v in emulator.requests().items() if k.startswith(WRITES)}


def token_state(stack: Stack, name: str) -> dict[str, Any]:
    (resource,) = [r for r in stack.resources(TOKEN_TYPE) if r["urn"].endswith("::" + name)]
    return resource


def get_token(api: httpx.Client, value: str) -> httpx.Response:
    return api.get(f"/tokens/{value}")


def revealed(value: Any) -> str:
    """A secret of ``stack export --show-secrets``: ``{<sig>: ..., "plaintext": "<JSON>"}``."""
    if isinstance(value, dict) and "plaintext" in value:
        plain: str = json.loads(value["plaintext"])
        return plain
    assert isinstance(value, str), value
    return value


# -- 1. create, no perpetual diff -----------------------------------------------------------------


def test_up_creates_tokens_and_preview_is_clean(emulator: Emulator, oauth_stack: OAuthStack, api: httpx.Client) -> None:
    stack = oauth_stack()
    stack.up()

    tokens = {t["name"]: t for t in managed(emulator)}
    assert len(tokens) == 3, tokens
    assert "e2e beta" in tokens
    alpha_names = [n for n in tokens if n.startswith("alpha-")]
    assert len(alpha_names) == 1, tokens
    assert sorted(tokens[alpha_names[0]]["scopes"]) == [
        "GET:company.openapi.com/IT-advanced",
        "GET:company.openapi.com/IT-search",
        "GET:company.openapi.com/IT-start",
    ]
    outputs = stack.outputs(show_secrets=True)
    beta = get_token(api, outputs["beta_token"]).json()["data"]
    assert beta["limits"]["totalRequests"] == 500 and beta["limits"]["walletRequests"] == 100
    alpha = get_token(api, outputs["alpha_token"]).json()["data"]
    assert sorted(alpha["limits"]["ip"]) == ["2001:db8::1", "203.0.113.7"]

    emulator.reset_requests()
    stack.preview("--expect-no-changes")
    # Reordering the scopes in the program is no change (scopes are a set).
    stack.config_set("scopeOrder", "desc")
    stack.preview("--expect-no-changes", "--diff")
    stack.up("--expect-no-changes")
    assert writes(emulator) == {}, emulator.requests()

    # A refresh that finds every token as declared leaves their inputs in state as they were, so
    # the next preview or up has nothing to write back (it used to rewrite the state per token).
    before = {r["urn"]: r["inputs"] for r in stack.resources(TOKEN_TYPE)}
    stack.refresh()
    assert {r["urn"]: r["inputs"] for r in stack.resources(TOKEN_TYPE)} == before
    stack.preview("--expect-no-changes")


# -- 2. drift: out-of-band scope change ------------------------------------------------------------


def test_scope_drift_is_detected_reported_and_restored(
    emulator: Emulator, oauth_stack: OAuthStack, api: httpx.Client
) -> None:
    stack = oauth_stack()
    stack.up()
    alpha = stack.outputs(show_secrets=True)["alpha_token"]
    declared = sorted(get_token(api, alpha).json()["data"]["scopes"])

    response = api.patch(f"/tokens/{alpha}", json={"scopes": ["GET:company.openapi.com/IT-start"]})
    assert response.status_code == 200, response.text

    result = stack.refresh("--preview-only", "--expect-no-changes", "--diff", check=False)
    assert result.returncode == EXIT_CHANGES, result
    assert re.search(r"^\s+~ scopes\s*:", result.stdout, re.M), result.stdout
    assert "Token::alpha]" in result.stdout

    report = drift_report(stack)
    assert report.returncode == 1, both(report)
    assert re.search(
        r'alpha: scopes: declared .*IT-advanced.*; live \["GET:company.openapi.com/IT-start"\]$', report.stdout, re.M
    ), report.stdout
    assert alpha not in both(report)
    markdown = drift_report(stack, "--format", "markdown")
    assert markdown.returncode == 1, both(markdown)
    assert "| `alpha` | `scopes` |" in markdown.stdout, markdown.stdout

    stack.up("--refresh")
    assert sorted(get_token(api, alpha).json()["data"]["scopes"]) == declared
    stack.preview("--expect-no-changes")
    stack.refresh("--preview-only", "--expect-no-changes")
    clean = drift_report(stack)
    assert clean.returncode == 0, both(clean)
    assert "No drift" in clean.stdout


# -- 3. deleted out of band, expired, renewal ------------------------------------------------------


def test_token_deleted_out_of_band_is_recreated_by_up_refresh(
    emulator: Emulator, oauth_stack: OAuthStack, api: httpx.Client
) -> None:
    stack = oauth_stack()
    stack.up()
    old = stack.outputs(show_secrets=True)["beta_token"]
    assert api.delete(f"/tokens/{old}").status_code == 200

    report = drift_report(stack)
    assert report.returncode == 1, both(report)
    assert "beta" in report.stdout and "deleted" in report.stdout, report.stdout

    stack.up("--refresh")
    new = stack.outputs(show_secrets=True)["beta_token"]
    assert new != old
    detail = get_token(api, new)
    assert detail.status_code == 200 and detail.json()["data"]["name"] == "e2e beta"
    assert len(managed(emulator)) == 3
    stack.preview("--refresh", "--expect-no-changes")


def test_expired_token_is_replaced_and_expiring_one_renewed_by_plain_up(
    emulator: Emulator, oauth_stack: OAuthStack, api: httpx.Client
) -> None:
    stack = oauth_stack()
    stack.up()
    before = stack.outputs(show_secrets=True)
    alpha_expiry = token_state(stack, "alpha")["outputs"]["expire_at"]

    # 24 days on: gamma (ttl 1 day) has expired; alpha (ttl 30 days, renew_before 7 days) is in its
    # renewal window; beta (60 days, no renew_before) is untouched.
    emulator.advance(24 * DAY)
    result = stack.up("--diff")  # no --refresh: expiry is judged during the diff
    after = stack.outputs(show_secrets=True)

    assert after["gamma_token"] != before["gamma_token"]
    assert get_token(api, after["gamma_token"]).status_code == 200
    assert after["alpha_token"] == before["alpha_token"], "renewal must keep the token value"
    assert after["alpha_expire_at"] > alpha_expiry
    live_alpha = get_token(api, after["alpha_token"]).json()["data"]
    assert live_alpha["expireAt"] == after["alpha_expire_at"]
    assert after["beta_token"] == before["beta_token"]
    assert "+-1 replaced" in result.stdout and "~ 1 updated" in result.stdout, result.stdout
    stack.preview("--expect-no-changes")


# -- 4. rotation -----------------------------------------------------------------------------------


def test_rotation_creates_the_new_token_before_deleting_the_old(
    emulator: Emulator, oauth_stack: OAuthStack, api: httpx.Client
) -> None:
    stack = oauth_stack()
    stack.up()
    before = stack.outputs(show_secrets=True)
    assert before["alpha_fp"] == "fp-" + hashlib.sha256(before["alpha_token"].encode()).hexdigest()[:16]

    # Slow the DELETE down and watch the emulator meanwhile: both alpha tokens must exist at once.
    emulator.faults([{"method": "DELETE", "path": "/tokens/{token}", "delay_ms": 1500, "times": 1}])
    snapshots: list[set[str]] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            with contextlib.suppress(httpx.HTTPError):
                snapshots.append({t["name"] for t in managed(emulator) if t["name"].startswith("alpha-")})
            stop.wait(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    stack.config_set("rotation", "2")
    try:
        result = stack.up()
    finally:
        stop.set()
        watcher.join(5)

    assert any(len(s) == 2 for s in snapshots), snapshots
    lines = result.stdout.splitlines()
    created = next(i for i, line in enumerate(lines) if re.search(r"Token alpha created replacement", line))
    deleted = next(i for i, line in enumerate(lines) if re.search(r"Token alpha deleted original", line))
    assert created < deleted, result.stdout

    after = stack.outputs(show_secrets=True)
    assert after["alpha_token"] != before["alpha_token"]
    assert after["alpha_id"] == fingerprint(after["alpha_token"]) != before["alpha_id"]
    # The dependant (an output derived from tok.token) follows the new value.
    assert after["alpha_fp"] == "fp-" + hashlib.sha256(after["alpha_token"].encode()).hexdigest()[:16]
    assert get_token(api, before["alpha_token"]).status_code == 404
    assert get_token(api, after["alpha_token"]).status_code == 200
    assert len([t for t in managed(emulator) if t["name"].startswith("alpha-")]) == 1
    stack.preview("--expect-no-changes")


# -- 5. secrets ------------------------------------------------------------------------------------


def test_state_holds_no_plaintext_secret_and_ids_are_fingerprints(emulator: Emulator, oauth_stack: OAuthStack) -> None:
    stack = oauth_stack()
    stack.up()
    plain = stack.export(show_secrets=True)
    secrets: list[str] = [emulator.api_key, emulator.email]
    for resource in plain["deployment"]["resources"]:
        if resource["type"] == TOKEN_TYPE:
            outs = resource["outputs"]
            value, refresh = revealed(outs["token"]), revealed(outs["refresh_token"])
            secrets += [value, refresh]
            assert resource["id"] == fingerprint(value) == outs["token_id"]
            assert resource["id"].startswith("oatfp-")
    assert len(secrets) == 2 + 2 * 3

    state = stack.run("stack", "export", "--stack", stack.name).stdout
    for secret in secrets:
        assert secret not in state, f"plaintext secret in state: {secret[:6]}..."
    # Nor in what the CLI prints by default.
    shown = stack.run("stack", "output", "--stack", stack.name).stdout + stack.preview("--diff").stdout
    for secret in secrets:
        assert secret not in shown


# -- 6. bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ("scope", r"property scopes value .* has a problem: entry \[2\]: scope 'GET:company\.openapi\.com/IT start'"),
        ("ttl", r"property ttl value .* has a problem: 34560000 is out of range"),
        ("limit", r"property limits value .* has a problem: limits\.total_requests is -5"),
    ],
)
def test_bad_input_fails_preview_without_any_write(
    emulator: Emulator, oauth_stack: OAuthStack, bad: str, expected: str
) -> None:
    stack = oauth_stack(bad=bad)
    emulator.reset_requests()
    result = stack.preview(check=False)
    assert result.returncode != 0, result
    assert re.search(expected, both(result), re.I | re.S), both(result)
    assert "Traceback" not in both(result)
    assert writes(emulator) == {}, emulator.requests()
    # `up` fails too; the engine may still create the valid sibling tokens, never the bad one.
    up = stack.up(check=False)
    assert up.returncode != 0
    assert "e2e beta" not in [t["name"] for t in managed(emulator)]
    assert not any(k.startswith(("PATCH ", "DELETE ")) for k in writes(emulator)), emulator.requests()


# -- 7. policy pack --------------------------------------------------------------------------------

POLICY_PACK = REPO_ROOT / "examples" / "policy-pack"
POLICY_CONFIG = POLICY_PACK / "config.example.json"


def test_policy_pack_blocks_violations_and_passes_compliant(
    pulumi_cli: PulumiCli, emulator: Emulator, oauth_stack: OAuthStack
) -> None:
    pack = pulumi_cli.policy_pack_arg(POLICY_PACK)
    stack = oauth_stack("policy_tokens")
    flags = ("--policy-pack", pack, "--policy-pack-config", str(POLICY_CONFIG))

    compliant = stack.preview(*flags)
    assert "openapi-oauth-tokens" in compliant.stdout, compliant.stdout
    assert "mandatory" not in compliant.stdout, compliant.stdout

    stack.config_set("ttl", str(200 * DAY))
    too_long = stack.preview(*flags, check=False)
    assert too_long.returncode != 0, too_long
    assert "openapi-oauth-max-ttl" in too_long.stdout, too_long.stdout
    assert "token 'reporting': ttl 17280000 s exceeds the maximum of 7776000 s" in too_long.stdout, too_long.stdout

    stack.config_rm("ttl")
    stack.config_set("extraScope", "DELETE:sms.openapi.com/messages")
    emulator.reset_requests()
    forbidden = stack.up(*flags, check=False)
    assert forbidden.returncode != 0, forbidden
    assert "openapi-oauth-forbidden-scopes" in forbidden.stdout, forbidden.stdout
    assert "DELETE:sms.openapi.com/messages" in forbidden.stdout
    assert writes(emulator) == {} and managed(emulator) == []

    stack.config_rm("extraScope")
    stack.up(*flags)
    assert len(managed(emulator)) == 1


# -- 8. lookups example ----------------------------------------------------------------------------


def test_lookups_example_deploys_and_wallet_floor_stops_it(emulator: Emulator, oauth_stack: OAuthStack) -> None:
    stack = oauth_stack(REPO_ROOT / "examples" / "lookups", domain="company.openapi.com", minWalletCredit="10")
    stack.up()
    outputs = stack.outputs()
    assert outputs["domain"] == "company.openapi.com"
    assert "GET:company.openapi.com/IT-start" in outputs["scopes"]
    assert "GET:company.openapi.com/CH-start" not in outputs["scopes"]  # disabled in the demo seed
    assert outputs["wallet"]["credit"] == 125.5
    assert len(managed(emulator)) == 1

    emulator.admin("PUT", "wallet", json={"account": emulator.email, "credit": 1}).raise_for_status()
    emulator.reset_requests()
    result = stack.up(check=False)
    assert result.returncode != 0, result
    assert "wallet credit 1 is below the floor of 10 (config minWalletCredit)" in both(result), both(result)
    assert "Traceback" not in both(result)
    assert writes(emulator) == {}

    # Raising the floor above a healthy credit stops it the same way.
    emulator.admin("PUT", "wallet", json={"account": emulator.email, "credit": 50}).raise_for_status()
    stack.config_set("minWalletCredit", "100")
    result = stack.preview(check=False)
    assert result.returncode != 0
    assert "wallet credit 50 is below the floor of 100" in both(result), both(result)
    assert "Traceback" not in both(result)


# -- 9. destroy ------------------------------------------------------------------------------------


def test_destroy_leaves_no_token(emulator: Emulator, oauth_stack: OAuthStack) -> None:
    stack = oauth_stack()
    stack.up()
    assert len(managed(emulator)) == 3
    stack.destroy()
    assert managed(emulator) == []
    assert stack.resources(TOKEN_TYPE) == []
    # The seeded token is not the stack's and survives.
    assert [t["name"] for t in emulator.tokens(account=emulator.email)] == [SEEDED]


# -- 10. the root quickstart -----------------------------------------------------------------------


def test_root_quickstart_deploys_and_hides_the_token(
    emulator: Emulator, oauth_stack: OAuthStack, tmp_path: Path
) -> None:
    template = tmp_path / "quickstart-template"
    (template / "examples").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "Pulumi.yaml", template / "Pulumi.yaml")
    shutil.copytree(
        REPO_ROOT / "examples" / "quickstart",
        template / "examples" / "quickstart",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    stack = oauth_stack(template)
    stack.up()
    printed = stack.run("stack", "output", "--stack", stack.name).stdout
    assert re.search(r"^\s*deployer_token\s+\[secret\]\s*$", printed, re.M), printed
    value = stack.outputs(show_secrets=True)["deployer_token"]
    assert value not in printed
    assert len(managed(emulator)) == 2
    stack.preview("--expect-no-changes")
