"""End to end: the native provider ``pulumi-resource-openapi-oauth`` with the real Pulumi CLI.

The plugin is the package's console script (this interpreter's bin, put first on PATH with
the language hosts ``scripts/pulumi-cli yaml nodejs`` builds). Programs: ``programs/native_yaml``
(one Token and ``getScopes`` in YAML, steered by stack config) and ``programs/native_python``
(the generated Python SDK, ``sdk/python``, on PYTHONPATH). A fresh emulator per test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from pulumi_openapi_oauth import fingerprint
from tests._emulator import Emulator
from tests.e2e.harness import (
    EXIT_CHANGES,
    REPO_ROOT,
    MakeStack,
    PulumiCli,
    Stack,
    both,
    drift_report,
    native_env,
    package_command,
)

TOKEN_TYPE = "openapi-oauth:index:Token"
SEEDED = "seeded-demo-token"
WRITES = ("POST ", "PATCH ", "DELETE ", "PUT ")


def managed(emulator: Emulator) -> list[dict[str, Any]]:
    """The demo account's tokens on the emulator, without the seeded one."""
    return [t for t in emulator.tokens(account=emulator.email) if t["name"] != SEEDED]


def writes(emulator: Emulator) -> dict[str, int]:
    return {k: v for k, v in emulator.requests().items() if k.startswith(WRITES)}


@pytest.fixture
def native_stack(emulator: Emulator, make_stack: MakeStack, pulumi_env: dict[str, str]) -> Callable[..., Stack]:
    """``native_stack(template, *languages) -> Stack``: the plugin and the hosts on PATH, the
    provider's config set (``apiKey`` and ``email`` as secrets) to this test's emulator."""

    def make(template: Path | str, *languages: str, env: dict[str, str] | None = None) -> Stack:
        path = native_env(pulumi_env, *languages)["PATH"]
        return make_stack(
            template,
            config={"openapi-oauth:baseUrl": emulator.url},
            secrets={"openapi-oauth:email": emulator.email, "openapi-oauth:apiKey": emulator.api_key},
            env={"PATH": path, "PYTHONPATH": str(REPO_ROOT), **(env or {})},
        )

    return make


def _state(stack: Stack) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the Token's state, the default provider's state)."""
    resources = stack.export()["deployment"]["resources"]
    (token,) = [r for r in resources if r["type"] == TOKEN_TYPE]
    (provider,) = [r for r in resources if r["type"] == "pulumi:providers:openapi-oauth"]
    return token, provider


def test_yaml_lifecycle(emulator: Emulator, native_stack: Any, api: httpx.Client) -> None:
    stack = native_stack("native_yaml", "yaml")
    emulator.reset_requests()
    stack.up()
    assert writes(emulator) == {"POST /tokens": 1}, emulator.requests()

    (live,) = managed(emulator)
    assert live["name"].startswith("alpha-"), live
    assert sorted(live["scopes"]) == ["GET:company.openapi.com/IT-advanced", "GET:company.openapi.com/IT-start"]
    outputs = stack.outputs(show_secrets=True)
    value = outputs["alphaToken"]
    assert outputs["alphaId"] == outputs["alphaTokenId"] == fingerprint(value)
    assert outputs["firstScope"].startswith("GET:company.openapi.com/")
    assert stack.outputs()["alphaToken"] == "[secret]"
    token, provider = _state(stack)
    assert token["id"] == fingerprint(value)
    # State: the provider's own config only, the key as ciphertext; no token value in plaintext.
    assert set(provider["inputs"]) <= {"email", "apiKey", "baseUrl", "environment", "version"}, provider["inputs"]
    assert "ciphertext" in provider["inputs"]["apiKey"], provider["inputs"]
    text = json.dumps(stack.export())
    assert value not in text and emulator.api_key not in text

    # Nothing changed: preview and up make no write.
    emulator.reset_requests()
    stack.preview("--expect-no-changes")
    stack.up("--expect-no-changes")
    assert writes(emulator) == {}, emulator.requests()
    # A refresh without drift keeps the inputs in state as they were.
    before = _state(stack)[0]["inputs"]
    stack.refresh()
    assert _state(stack)[0]["inputs"] == before

    # Out-of-band drift: refresh and the drift report see it (in the program's names), up restores it.
    response = api.patch(
        f"/tokens/{value}",
        json={"scopes": ["GET:company.openapi.com/IT-start"], "limits": {"totalRequests": 7}},
    )
    assert response.status_code == 200, response.text
    result = stack.refresh("--preview-only", "--expect-no-changes", "--diff", check=False)
    assert result.returncode == EXIT_CHANGES, result
    assert re.search(r"^\s+~ scopes\s*:", result.stdout, re.M), result.stdout
    report = drift_report(stack)
    assert report.returncode == 1, both(report)
    assert 'alpha: scopes: declared ["GET:company.openapi.com/IT-advanced", "GET:company.openapi.com/IT-start"]' in (
        report.stdout
    ), both(report)
    assert re.search(
        r'alpha: limits: declared \{.*"totalRequests": 1000.*\}; live \{"totalRequests": 7\}', report.stdout
    )
    assert value not in both(report)
    stack.up("--refresh")
    assert len(api.get(f"/tokens/{value}").json()["data"]["scopes"]) == 2
    assert api.get(f"/tokens/{value}").json()["data"]["limits"]["totalRequests"] == 1000
    stack.preview("--expect-no-changes")
    assert drift_report(stack).returncode == 0

    # Update in place: one PATCH, same token.
    stack.config_set("totalRequests", "500")
    diff = stack.preview("--diff", check=False)
    assert re.search(r"totalRequests\s*:\s*1000\s*=>\s*500", diff.stdout), diff.stdout
    emulator.reset_requests()
    stack.up()
    assert writes(emulator) == {"PATCH /tokens/{token}": 1}, emulator.requests()
    assert api.get(f"/tokens/{value}").json()["data"]["limits"]["totalRequests"] == 500
    assert stack.outputs(show_secrets=True)["alphaToken"] == value

    # Rotation: a new token, then the old one deleted.
    stack.config_set("rotation", "2")
    emulator.reset_requests()
    stack.up()
    assert writes(emulator) == {"POST /tokens": 1, "DELETE /tokens/{token}": 1}, emulator.requests()
    rotated = stack.outputs(show_secrets=True)
    assert rotated["alphaToken"] != value and rotated["alphaId"] == fingerprint(rotated["alphaToken"])
    assert api.get(f"/tokens/{value}").status_code == 404
    assert [t["name"] for t in managed(emulator)] != [live["name"]]

    stack.destroy()
    assert managed(emulator) == []


def test_import_by_fingerprint_then_no_change_preview(emulator: Emulator, native_stack: Any, api: httpx.Client) -> None:
    made = api.post(
        "/tokens",
        json={"scopes": ["GET:company.openapi.com/IT-start"], "name": "made-by-hand", "ttl": 3600},
    )
    assert made.status_code in (200, 201), made.text
    value = made.json()["data"]["token"]
    stack = native_stack("native_import", "yaml")

    generated = stack.workdir / "imported.yaml"
    emulator.reset_requests()
    imported = stack.run(
        "import", TOKEN_TYPE, "adopted", fingerprint(value), "--yes", "--stack", stack.name,
        "--non-interactive", "--color", "never", "--out", str(generated),
    )  # fmt: skip
    assert writes(emulator) == {}, emulator.requests()
    # The check of the imported inputs passes: no "One or more imported inputs failed to validate".
    assert "failed to validate" not in imported.stdout + imported.stderr, imported.stdout + imported.stderr
    code = generated.read_text()
    assert "made-by-hand" in code and value not in code, code
    # The service reports no ttl: the lifetime it shows (expiry minus creation) stands for it.
    assert re.search(r"^\s+ttl: 3600$", code, re.MULTILINE), code
    token, _ = _state(stack)
    assert token["id"] == fingerprint(value)

    # The generated code becomes the program: it previews with no changes.
    program = stack.workdir / "Pulumi.yaml"
    program.write_text(program.read_text() + code)
    emulator.reset_requests()
    result = stack.preview("--expect-no-changes", "--diff", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert writes(emulator) == {}, emulator.requests()

    # Imported resources are protected; release it so destroy deletes the token.
    stack.run("state", "unprotect", "--all", "--yes", "--stack", stack.name, "--non-interactive")
    stack.destroy()
    assert api.get(f"/tokens/{value}").status_code == 404


@pytest.fixture(scope="session")
def python_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``sdk/python`` installed (``pip install --target``) into a folder for PYTHONPATH: the SDK reads
    its own version from its distribution's metadata, so it cannot run from the source tree."""
    target = tmp_path_factory.mktemp("python-sdk")
    # pip builds in the source folder (build/, *.egg-info): build from a copy, not from sdk/.
    source = shutil.copytree(REPO_ROOT / "sdk" / "python", tmp_path_factory.mktemp("python-sdk-src") / "python")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return target


def test_python_sdk_program(emulator: Emulator, native_stack: Any, api: httpx.Client, python_sdk: Path) -> None:
    stack = native_stack("native_python", env={"PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(python_sdk)])})
    stack.up()
    outputs = stack.outputs(show_secrets=True)
    assert outputs["id"] == outputs["token_id"] == fingerprint(outputs["token"])
    assert outputs["scope_count"] >= 1
    (live,) = managed(emulator)
    assert live["name"].startswith("sdk-") and live["scopes"] == ["GET:company.openapi.com/IT-start"], live
    assert stack.outputs()["token"] == "[secret]"

    emulator.reset_requests()
    stack.preview("--expect-no-changes")
    assert writes(emulator) == {}, emulator.requests()
    stack.config_set("totalRequests", "50")
    stack.up()
    assert api.get(f"/tokens/{outputs['token']}").json()["data"]["limits"]["totalRequests"] == 50
    stack.destroy()
    assert managed(emulator) == []


def _npm(*args: str, cwd: Path) -> None:
    """``npm`` (packages from the registry, through the user's npm cache); raises with its output."""
    result = subprocess.run(
        ["npm", "--no-audit", "--no-fund", "--loglevel=error", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"npm {' '.join(args)} in {cwd}:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="session")
def nodejs_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``sdk/nodejs`` compiled with ``tsc`` into a package folder (``bin/`` with the package.json,
    as a published package ships it)."""
    source = shutil.copytree(REPO_ROOT / "sdk" / "nodejs", tmp_path_factory.mktemp("nodejs-sdk") / "nodejs")
    _npm("install", cwd=source)
    _npm("exec", "--", "tsc", "-p", ".", cwd=source)
    shutil.copy(source / "package.json", source / "bin" / "package.json")
    return source / "bin"


def test_typescript_program(emulator: Emulator, native_stack: Any, api: httpx.Client, nodejs_sdk: Path) -> None:
    stack = native_stack(REPO_ROOT / "examples" / "typescript", "nodejs")
    manifest = stack.workdir / "package.json"
    package = json.loads(manifest.read_text())
    package["dependencies"]["@openapi-oauth/pulumi"] = f"file:{nodejs_sdk}"
    manifest.write_text(json.dumps(package, indent=2))
    _npm("install", cwd=stack.workdir)

    stack.up()
    outputs = stack.outputs(show_secrets=True)
    assert outputs["id"] == outputs["tokenId"] == fingerprint(outputs["value"])
    assert outputs["scopeCount"] >= 1
    assert stack.outputs()["value"] == "[secret]"
    (live,) = managed(emulator)
    assert live["name"].startswith("ci-"), live
    emulator.reset_requests()
    stack.preview("--expect-no-changes")
    assert writes(emulator) == {}, emulator.requests()
    stack.destroy()
    assert managed(emulator) == []
    assert api.get(f"/tokens/{outputs['value']}").status_code == 404


def test_go_example_compiles(tmp_path: Path) -> None:
    """examples/go builds and vets against the checked-in sdk/go (no Go language host here to run it)."""
    example = shutil.copytree(REPO_ROOT / "examples" / "go", tmp_path / "go")
    gomod = example / "go.mod"
    gomod.write_text(gomod.read_text().replace("=> ../../sdk/go", f"=> {REPO_ROOT / 'sdk' / 'go'}"))
    for command in (["go", "build", "-o", str(tmp_path / "example"), "."], ["go", "vet", "."]):
        result = subprocess.run(command, cwd=example, capture_output=True, text=True, timeout=900, check=False)
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    assert (tmp_path / "example").is_file()


def test_bad_input_fails_preview_before_any_write(emulator: Emulator, native_stack: Any) -> None:
    stack = native_stack("native_yaml", "yaml")
    stack.config_set("totalRequests", "-5")
    emulator.reset_requests()
    result = stack.preview(check=False)
    assert result.returncode != 0, result.stdout
    text = result.stdout + result.stderr
    # The CLI names the property (camelCase) and prints its value; the reason is the core's.
    assert re.search(r"property limits value .* has a problem: .*totalRequests is -5; it must be >= 0", text), text
    assert writes(emulator) == {}, emulator.requests()
    assert managed(emulator) == []


def test_a_create_answered_too_late_is_cleaned_up_by_recover(emulator: Emulator, native_stack: Any) -> None:
    """The POST lands after the client gave up and found nothing: up fails naming
    openapi-oauth-recover, which deletes the late token no resource holds; the next up makes one."""
    stack = native_stack("native_yaml", "yaml")
    emulator.faults([{"method": "POST", "path": "/tokens", "delay_ms": 45_000, "times": 1}])
    failed = stack.up(check=False)
    assert failed.returncode != 0 and "openapi-oauth-recover" in both(failed), both(failed)
    deadline = time.monotonic() + 60
    while not managed(emulator) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(managed(emulator)) == 1  # the late token
    assert not [r for r in stack.export()["deployment"]["resources"] if r["type"] == TOKEN_TYPE]
    recovered = package_command(stack, "recover")
    assert recovered.returncode == 0, both(recovered)
    assert "deleted orphan token" in recovered.stdout, recovered.stdout
    assert managed(emulator) == []
    emulator.clear_faults()
    emulator.reset_requests()
    stack.up()
    assert writes(emulator) == {"POST /tokens": 1}, emulator.requests()
    stack.destroy()
    assert managed(emulator) == []


def test_adoption_of_a_live_token(emulator: Emulator, native_stack: Any, api: httpx.Client) -> None:
    made = api.post("/tokens", json={"scopes": ["GET:company.openapi.com/IT-start"], "name": "by-hand", "ttl": 3600})
    assert made.status_code in (200, 201), made.text
    value = made.json()["data"]["token"]
    stack = native_stack("native_adopt", "yaml")

    # A token deleted before: preview fails naming its fingerprint, never printing the value.
    gone = api.post("/tokens", json={"scopes": ["GET:company.openapi.com/IT-start"], "ttl": 3600})
    bogus = gone.json()["data"]["token"]
    assert api.delete(f"/tokens/{bogus}").status_code in (200, 204)
    stack.config_set("adopt", bogus, secret=True)
    emulator.reset_requests()
    failed = stack.preview(check=False)
    assert failed.returncode != 0, failed.stdout
    assert (
        "property adoptToken value {[secret]} has a problem: no live token" in failed.stdout
        and fingerprint(bogus) in failed.stdout
    ), failed.stdout
    assert "remove adoptToken to create a new one" in failed.stdout, failed.stdout  # the schema's name
    assert bogus not in failed.stdout + failed.stderr
    assert writes(emulator) == {}, emulator.requests()

    stack.config_set("adopt", value, secret=True)

    emulator.reset_requests()
    result = stack.up()
    assert writes(emulator) == {"PATCH /tokens/{token}": 1}, emulator.requests()
    assert value not in result.stdout + result.stderr
    outputs = stack.outputs(show_secrets=True)
    assert outputs["value"] == value and outputs["id"] == fingerprint(value)
    live = api.get(f"/tokens/{value}").json()["data"]
    assert live["name"] == "adopted-by-yaml" and len(live["scopes"]) == 2
    assert value not in json.dumps(stack.export())
    stack.preview("--expect-no-changes")
    stack.destroy()
    assert api.get(f"/tokens/{value}").status_code == 404


def test_http_500_on_create_is_one_sentence(emulator: Emulator, native_stack: Any) -> None:
    stack = native_stack("native_yaml", "yaml")
    emulator.faults([{"method": "POST", "path": "/tokens", "status": 500, "times": None}])
    result = stack.up(check=False)
    assert result.returncode != 0, result.stdout
    text = result.stdout + result.stderr
    assert re.search(r"Token 'alpha-[0-9a-f]{8}': create failed: POST /tokens -> HTTP 500", text), text
    assert "nothing was recorded in state" in text and 'File "' not in text, text
    assert emulator.requests()["POST /tokens"] == 1
    assert stack.resources(TOKEN_TYPE) == []


def test_policy_pack_judges_the_native_token(pulumi_cli: PulumiCli, emulator: Emulator, native_stack: Any) -> None:
    pack = REPO_ROOT / "examples" / "policy-pack"
    flags = (
        "--policy-pack",
        pulumi_cli.policy_pack_arg(pack),
        "--policy-pack-config",
        str(pack / "config.example.json"),
    )
    stack = native_stack("native_yaml", "yaml")
    compliant = stack.preview(*flags)
    assert "openapi-oauth-tokens" in compliant.stdout, compliant.stdout
    assert "mandatory" not in compliant.stdout, compliant.stdout  # limits.walletAmount read as wallet_amount

    stack.config_set("ttl", str(200 * 24 * 3600))
    emulator.reset_requests()
    too_long = stack.up(*flags, check=False)
    assert too_long.returncode != 0, too_long.stdout
    assert "openapi-oauth-max-ttl" in too_long.stdout, too_long.stdout
    assert "token 'alpha': ttl 17280000 s exceeds the maximum of 7776000 s" in too_long.stdout, too_long.stdout
    assert writes(emulator) == {} and managed(emulator) == []

    # A message about the native Token names its properties as the YAML program does.
    config = json.loads((pack / "config.example.json").read_text())
    config["openapi-oauth-require-limits"]["maxWalletAmount"] = 1
    strict = stack.workdir / "strict-policy.json"
    strict.write_text(json.dumps(config))
    stack.config_set("ttl", str(24 * 3600))
    over = stack.preview("--policy-pack", flags[1], "--policy-pack-config", str(strict), check=False)
    assert over.returncode != 0, over.stdout
    expected = "token 'alpha': limits.walletAmount 5 exceeds the maximum of 1; set limits.walletAmount <= 1"
    assert expected in over.stdout, over.stdout


def test_yaml_and_python_sdk_examples_deploy(emulator: Emulator, native_stack: Any, python_sdk: Path) -> None:
    pythonpath = os.pathsep.join([str(REPO_ROOT), str(python_sdk)])
    for example, languages in (("yaml", ("yaml",)), ("python-sdk", ())):
        stack = native_stack(REPO_ROOT / "examples" / example, *languages, env={"PYTHONPATH": pythonpath})
        stack.up()
        outputs = stack.outputs(show_secrets=True)
        assert outputs["tokenId" if example == "yaml" else "token_id"] == fingerprint(outputs["value"]), example
        assert len(managed(emulator)) == 1, example
        stack.preview("--expect-no-changes")
        stack.destroy()
        assert managed(emulator) == [], example


def test_renewal_in_place_and_out_of_band_deletion_recreated(
    emulator: Emulator, native_stack: Any, api: httpx.Client
) -> None:
    day = 24 * 3600
    stack = native_stack("native_yaml", "yaml")
    stack.up()
    value = stack.outputs(show_secrets=True)["alphaToken"]
    expiry = api.get(f"/tokens/{value}").json()["data"]["expireAt"]

    # 24 days on, alpha (ttl 30 days, renewBefore 7 days) is in its renewal window: one PATCH, same token.
    emulator.advance(24 * day)
    emulator.reset_requests()
    stack.up()
    assert writes(emulator) == {"PATCH /tokens/{token}": 1}, emulator.requests()
    assert stack.outputs(show_secrets=True)["alphaToken"] == value
    assert api.get(f"/tokens/{value}").json()["data"]["expireAt"] > expiry
    stack.preview("--expect-no-changes")

    # Deleted out of band: refresh drops it from state, up creates a new one.
    assert api.delete(f"/tokens/{value}").status_code in (200, 204)
    stack.refresh()
    assert stack.resources(TOKEN_TYPE) == []
    stack.up()
    assert len(managed(emulator)) == 1
    assert stack.outputs(show_secrets=True)["alphaToken"] != value
    stack.preview("--expect-no-changes")


def test_dropped_answer_to_create_leaves_no_duplicate_and_no_orphan(emulator: Emulator, native_stack: Any) -> None:
    # The server makes the token, then closes the connection without answering.
    stack = native_stack("native_yaml", "yaml")
    emulator.faults([{"method": "POST", "path": "/tokens", "drop": True, "times": 1}])
    emulator.reset_requests()
    stack.up()
    counts = emulator.requests()
    assert counts["POST /tokens"] == 1 and counts["GET /tokens"] >= 1, counts  # recovered by listing
    (live,) = managed(emulator)
    (token,) = stack.resources(TOKEN_TYPE)
    assert token["outputs"]["name"] == live["name"]
    stack.preview("--expect-no-changes")


def test_environment_variables_stand_in_for_unset_config(
    emulator: Emulator, make_stack: MakeStack, pulumi_env: dict[str, str]
) -> None:
    env = native_env(pulumi_env, "yaml")
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT),
            "OPENAPI_OAUTH_EMAIL": emulator.email,
            "OPENAPI_OAUTH_API_KEY": emulator.api_key,
            "OPENAPI_OAUTH_BASE_URL": emulator.url,
        }
    )
    stack = make_stack(REPO_ROOT / "examples" / "yaml", env=env)
    stack.up()
    assert len(managed(emulator)) == 1
    _, provider = _state(stack)
    assert not {"email", "apiKey", "baseUrl"} & set(provider.get("inputs", {})), provider  # no config: nothing recorded
    stack.destroy()
    assert managed(emulator) == []
