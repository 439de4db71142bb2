"""Shared fixtures: a live emulator subprocess for the whole session; and the session-end check
that the suite left no process running (see tests/processes.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.factories import DEMO_API_KEY, DEMO_EMAIL, OTHER_API_KEY, OTHER_EMAIL, emulator_client
from tests.processes import SESSION_VAR, kill, wait_gone

_STARTUP_TIMEOUT = 30.0
#: How long processes may take to exit once the last test is done.
_EXIT_GRACE = 15.0


def pytest_configure(config: pytest.Config) -> None:
    # Every process the suite starts inherits this tag, so the session's end can find them.
    os.environ[SESSION_VAR] = uuid.uuid4().hex


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a process it started (emulator, pulumi, language or provider host) is
    still running once every fixture is torn down; kill it so nothing outlives the run."""
    left = wait_gone(SESSION_VAR, os.environ[SESSION_VAR], _EXIT_GRACE)
    if not left:
        return
    kill(left)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = ["processes started by this test session were still running at its end (now killed):"]
    lines += [f"  {proc}" for proc in left]
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_line("\n".join(lines), red=True)
    else:
        print("\n".join(lines), file=sys.stderr)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@dataclass
class Emulator:
    """A running emulator: its URL, two accounts and helpers over the admin API."""

    url: str
    db: Path
    process: subprocess.Popen[str] = field(repr=False)
    email: str = DEMO_EMAIL
    api_key: str = DEMO_API_KEY
    other_email: str = OTHER_EMAIL
    other_api_key: str = OTHER_API_KEY

    def admin(self, method: str, path: str, json: Any = None) -> httpx.Response:
        """Call ``/_emulator/<path>`` (``path`` may start with or without the prefix)."""
        if not path.startswith("/_emulator"):
            path = "/_emulator/" + path.lstrip("/")
        return httpx.request(method, self.url + path, json=json, timeout=10.0)

    def requests(self) -> dict[str, int]:
        response = self.admin("GET", "requests")
        response.raise_for_status()
        counts: dict[str, int] = response.json()
        return counts

    def reset_requests(self) -> None:
        self.admin("DELETE", "requests").raise_for_status()

    def faults(self, rules: list[dict[str, Any]]) -> None:
        self.admin("PUT", "faults", json=rules).raise_for_status()

    def clear_faults(self) -> None:
        self.admin("DELETE", "faults").raise_for_status()

    def advance(self, seconds: float) -> str:
        response = self.admin("POST", "clock", json={"advance_seconds": seconds})
        response.raise_for_status()
        now: str = response.json()["now"]
        return now

    def tokens(self, account: str | None = None) -> list[dict[str, Any]]:
        path = "tokens" if account is None else f"tokens?account={account}"
        response = self.admin("GET", path)
        response.raise_for_status()
        tokens: list[dict[str, Any]] = response.json()["tokens"]
        return tokens


def start_emulator(db: Path, *extra: str) -> tuple[str, subprocess.Popen[str]]:
    """Start ``python -m pulumi_openapi_oauth.emulator --port 0`` and read its URL."""
    command = [
        sys.executable, "-m", "pulumi_openapi_oauth.emulator", "--port", "0", "--db", str(db),
        "--seed", "demo",
        "--account", f"{DEMO_EMAIL}:{DEMO_API_KEY}",
        "--account", f"{OTHER_EMAIL}:{OTHER_API_KEY}",
        *extra,
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=None,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(_STARTUP_TIMEOUT)
    line = result[0].strip() if result else ""
    if not line.startswith("listening on "):
        process.kill()
        raise RuntimeError(f"emulator did not start (first line {line!r})")
    # Keep draining stdout so the child never blocks on a full pipe.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    url = line.removeprefix("listening on ")
    _wait_ready(url)
    return url, process


def _wait_ready(url: str) -> None:
    for _ in range(100):
        try:
            httpx.get(url + "/_emulator/clock", timeout=1.0)
            return
        except httpx.TransportError:
            threading.Event().wait(0.05)
    raise RuntimeError(f"emulator at {url} never answered")


def stop_emulator(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    db = tmp_path_factory.mktemp("emulator") / "emu.sqlite"
    url, process = start_emulator(db)
    try:
        yield Emulator(url=url, db=db, process=process)
    finally:
        stop_emulator(process)


@pytest.fixture
def clean_emulator(emulator: Emulator) -> Iterator[Emulator]:
    """The session emulator with no fault rules and zeroed request counters."""
    emulator.clear_faults()
    emulator.reset_requests()
    yield emulator
    emulator.clear_faults()


@pytest.fixture
def client(emulator: Emulator) -> Iterator[httpx.Client]:
    """An httpx client of the demo account against the session emulator."""
    with emulator_client(emulator.url, email=emulator.email, api_key=emulator.api_key) as c:
        yield c


@pytest.fixture
def other_client(emulator: Emulator) -> Iterator[httpx.Client]:
    """An httpx client of the second account (tenant isolation tests)."""
    with emulator_client(
        emulator.url, email=emulator.other_email, api_key=emulator.other_api_key
    ) as c:
        yield c
