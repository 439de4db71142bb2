"""A team on a shared PostgreSQL state backend, end to end with the real Pulumi CLI.

Two teammates (two ``PULUMI_HOME``s, two checkouts of one program, each ``pulumi login
postgres://...``) share the stack ``prod`` and a secrets passphrase. The session's own PostgreSQL
server comes from ``tests/e2e/_postgres.py``; each test gets a fresh database. What is shown:
the second teammate reads and decrypts the first one's stack; a concurrent ``pulumi up`` is refused
by the backend's lock and goes through afterwards; ``openapi-oauth-drift`` reports an out-of-band
change; after a SIGKILLed ``up`` the other teammate runs ``openapi-oauth-recover`` (unlock, orphans
deleted, pending creates cleared) and ``pulumi up`` leaves exactly the declared tokens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from tests._emulator import Emulator
from tests.e2e._postgres import PostgresServer
from tests.e2e.harness import REPO_ROOT, PulumiCli, Stack, copy_program, isolated_env
from tests.processes import TEST_VAR, kill, tagged

TOKEN_TYPE = "pulumi-python:dynamic/openapi-oauth:Token"
PASSPHRASE = "correct horse battery staple"
LOCKED = "the stack is currently locked"


class Teammate:
    """One person: a private PULUMI_HOME, a checkout of the program, logged in to the shared backend."""

    def __init__(self, name: str, cli: PulumiCli, base: Path, backend_url: str) -> None:
        self.name = name
        env = isolated_env(cli, base / name, {"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(REPO_ROOT)})
        env.pop("PULUMI_BACKEND_URL")  # each teammate logs in, as a person does
        self.workdir = copy_program("many_tokens", base / name / "checkout")
        self.stack = Stack(self.workdir, "prod", env)
        self.stack.run("login", backend_url)

    def pull_config_from(self, other: Teammate) -> None:
        """``git pull``: the stack's config file (with its encryption salt) comes from the repository."""
        shutil.copy(other.workdir / "Pulumi.prod.yaml", self.workdir / "Pulumi.prod.yaml")

    def start_up(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--color", "never", "--stack", "prod"],
            cwd=self.workdir,
            env=self.stack.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def tool(self, module: str, *args: str) -> subprocess.CompletedProcess[str]:
        """``openapi-oauth-drift`` / ``openapi-oauth-recover`` of this checkout, in the teammate's environment."""
        return subprocess.run(
            [sys.executable, "-m", f"pulumi_openapi_oauth.{module}", "--stack", "prod", *args],
            cwd=self.workdir,
            env=self.stack.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


def _names(emulator: Emulator) -> list[str]:
    return [t["name"] for t in emulator.tokens(emulator.email) if t["name"].startswith("tok-")]


def _assert_exactly(stack: Stack, emulator: Emulator, count: int) -> None:
    names = _names(emulator)
    assert not [n for n, c in Counter(names).items() if c > 1], names
    assert len(names) == count, f"{len(names)} tokens on the server, expected {count}"
    deployment = stack.export()["deployment"]
    state = [r["outputs"]["name"] for r in deployment["resources"] if r["type"] == TOKEN_TYPE]
    assert sorted(state) == sorted(names), "state and server disagree"
    assert not deployment.get("pending_operations"), deployment["pending_operations"]


def _lock_rows(server: PostgresServer, database: str) -> list[str]:
    """The lock objects the backend keeps in its table (``.pulumi/locks/...``)."""
    out = server.run(
        "psql", "-h", "127.0.0.1", "-p", str(server.port), "-U", "pulumi", "-d", database, "-At",
        "-c", "SELECT key FROM pulumi_state WHERE key LIKE '%/locks/%'",
    )  # fmt: skip
    return [line for line in out.stdout.splitlines() if line]


def _wait(predicate: Any, what: str, process: subprocess.Popen[bytes] | None = None, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"pulumi up ended before {what}: {process.stdout.read() if process.stdout else ''!r}")
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _token_value(stack: Stack, name: str) -> str:
    (resource,) = [r for r in stack.resources(TOKEN_TYPE) if r["urn"].endswith("::" + name)]
    secret = resource["outputs"]["token"]
    assert isinstance(secret, dict) and "ciphertext" in secret, "the token is encrypted in state"
    shown = stack.export(show_secrets=True)["deployment"]["resources"]
    (revealed,) = [r for r in shown if r["urn"] == resource["urn"]]
    value: str = json.loads(revealed["outputs"]["token"]["plaintext"])
    return value


def test_two_teammates_share_a_stack_on_postgres(
    pulumi_cli: PulumiCli,
    emulator: Emulator,
    postgres: PostgresServer,
    tmp_path: Path,
) -> None:
    database = f"team_{uuid.uuid4().hex[:12]}"
    url = postgres.create_database(database)
    alice = Teammate("alice", pulumi_cli, tmp_path, url)
    bob = Teammate("bob", pulumi_cli, tmp_path, url)
    whoami = bob.stack.run("whoami", "--verbose")
    assert f"127.0.0.1:{postgres.port}/{database}" in whoami.stdout, whoami.stdout

    # Alice creates the stack; its secret config is encrypted with the shared passphrase.
    alice.stack.init()
    for key, value in {
        "openapi-oauth:baseUrl": emulator.url,
        "openapi-oauth:email": emulator.email,
        "count": "5",
    }.items():
        alice.stack.config_set(key, value)
    alice.stack.config_set("openapi-oauth:apiKey", emulator.api_key, secret=True)
    assert emulator.api_key not in (alice.workdir / "Pulumi.prod.yaml").read_text()
    alice.stack.up()
    _assert_exactly(alice.stack, emulator, 5)

    # Bob sees the same stack and decrypts its secrets with the same passphrase; a wrong one fails.
    bob.pull_config_from(alice)
    assert "prod" in bob.stack.run("stack", "ls").stdout
    bob.stack.preview("--expect-no-changes")
    wrong = Stack(bob.workdir, "prod", {**bob.stack.env, "PULUMI_CONFIG_PASSPHRASE": "not the team's"})
    refused = wrong.preview(check=False)
    assert refused.returncode != 0 and "passphrase" in refused.stdout + refused.stderr, refused

    # Alice grows the stack with slow creates; while her update holds the lock, Bob's up is refused.
    alice.stack.config_set("count", "8")
    emulator.faults([{"method": "POST", "path": "/tokens", "delay_ms": 10_000, "times": None}])
    emulator.reset_requests()
    running = alice.start_up()
    try:
        _wait(lambda: emulator.requests().get("POST /tokens", 0) >= 1, "Alice's first create", running)
        assert _lock_rows(postgres, database), "Alice's update holds a lock row in the backend table"
        concurrent = bob.stack.up(check=False)
        assert concurrent.returncode != 0, concurrent
        assert LOCKED in concurrent.stdout + concurrent.stderr, concurrent
        out, _ = running.communicate(timeout=300)
    finally:
        if running.poll() is None:
            os.killpg(running.pid, signal.SIGKILL)
            running.wait(timeout=30)
    assert running.returncode == 0, out.decode()
    emulator.clear_faults()
    assert _lock_rows(postgres, database) == []
    bob.pull_config_from(alice)
    bob.stack.up()
    _assert_exactly(bob.stack, emulator, 8)

    # Drift made out of band is reported (markdown, exit 1) from the shared state, and restored.
    value = _token_value(bob.stack, "tok-3")
    with httpx.Client(base_url=emulator.url, auth=(emulator.email, emulator.api_key), timeout=10.0) as api:
        changed = api.patch(f"/tokens/{value}", json={"scopes": ["GET:company.openapi.com/IT-advanced"]})
        assert changed.status_code == 200, changed.text
    report = alice.tool("drift", "--format", "markdown")
    assert report.returncode == 1, report.stdout + report.stderr
    assert "| `tok-3` | `scopes` |" in report.stdout, report.stdout
    assert value not in report.stdout + report.stderr
    alice.stack.up("--refresh")
    clean = bob.tool("drift")
    assert clean.returncode == 0 and "No drift" in clean.stdout, clean.stdout + clean.stderr


def test_killed_up_on_postgres_is_recovered_by_a_teammate(
    pulumi_cli: PulumiCli,
    emulator: Emulator,
    postgres: PostgresServer,
    tmp_path: Path,
) -> None:
    database = f"team_{uuid.uuid4().hex[:12]}"
    url = postgres.create_database(database)
    alice = Teammate("alice", pulumi_cli, tmp_path, url)
    bob = Teammate("bob", pulumi_cli, tmp_path, url)
    bob.stack.init()
    for key, value in {
        "openapi-oauth:baseUrl": emulator.url,
        "openapi-oauth:email": emulator.email,
        "count": "30",
    }.items():
        bob.stack.config_set(key, value)
    bob.stack.config_set("openapi-oauth:apiKey", emulator.api_key, secret=True)

    # Bob's up of 30 tokens is killed mid-create, with several POSTs in flight.
    emulator.faults([{"method": "POST", "path": "/tokens", "delay_ms": 400, "times": None}])
    killed = bob.start_up()
    try:
        _wait(lambda: len(_names(emulator)) >= 10, "10 tokens on the server", killed)
    finally:
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait(timeout=30)
        # The CLI's language and provider hosts outlive the kill of its process group: end them too.
        kill(tagged(TEST_VAR, bob.stack.env[TEST_VAR]))
    emulator.clear_faults()
    time.sleep(1.0)  # let the in-flight POSTs finish on the server
    made = set(_names(emulator))
    assert 10 <= len(made) < 30, len(made)

    # Alice pulls the config: the stack is still locked by Bob's dead process.
    alice.pull_config_from(bob)
    blocked = alice.stack.up(check=False)
    assert blocked.returncode != 0 and LOCKED in blocked.stdout + blocked.stderr, blocked
    pending = alice.stack.export()["deployment"].get("pending_operations") or []
    assert pending and all(op["type"] == "creating" for op in pending), pending

    recovered = alice.tool("recover")
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert "failed to load checkpoint" not in recovered.stdout + recovered.stderr
    assert _lock_rows(postgres, database) == []
    in_state = {r["outputs"]["name"] for r in alice.stack.resources(TOKEN_TYPE)}
    deleted = {line.split("'")[1] for line in recovered.stdout.splitlines() if line.startswith("deleted orphan token")}
    assert deleted == made - in_state, recovered.stdout
    assert set(_names(emulator)) == in_state

    alice.stack.up()
    _assert_exactly(alice.stack, emulator, 30)
    assert in_state <= set(_names(emulator)), "every token the killed run recorded is kept"
