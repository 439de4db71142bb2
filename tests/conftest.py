"""Shared fixtures: a live emulator subprocess for the whole session (tests/_emulator.py); and the
session-end check that the suite left no process running (see tests/processes.py)."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests._emulator import Emulator, running_emulator
from tests.factories import emulator_client
from tests.processes import SESSION_VAR, kill, wait_gone

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


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    db = tmp_path_factory.mktemp("emulator") / "emu.sqlite"
    with running_emulator(db) as running:
        yield running


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
    with emulator_client(emulator.url, email=emulator.other_email, api_key=emulator.other_api_key) as c:
        yield c
