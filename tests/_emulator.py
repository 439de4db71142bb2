"""A live emulator subprocess for tests: start it, stop it, and drive its admin API.

The session fixture of tests/conftest.py and the per-test fixture of tests/e2e/conftest.py both
start one with :func:`start_emulator`; tests that need an emulator of their own (other flags,
a restart over the same database) call it directly and :func:`stop_emulator` in a ``finally``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from tests.factories import DEMO_API_KEY, DEMO_EMAIL, OTHER_API_KEY, OTHER_EMAIL

__all__ = ["Emulator", "running_emulator", "start_emulator", "stop_emulator"]

_STARTUP_TIMEOUT = 30.0


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

    def date_header_lag(self) -> float:
        """Seconds by which the Date header of an API answer is ahead of the emulator's clock.

        The provider judges expiry on the service's clock, which the client learns from that
        header: it must follow the advanceable clock, not the real time.
        """
        response = httpx.get(self.url + "/scopes", auth=(self.email, self.api_key), timeout=10.0)
        response.raise_for_status()
        sent = parsedate_to_datetime(response.headers["Date"]).timestamp()
        emulated: str = self.admin("GET", "clock").json()["now"]
        return sent - datetime.fromisoformat(emulated.replace("Z", "+00:00")).timestamp()

    def tokens(self, account: str | None = None) -> list[dict[str, Any]]:
        path = "tokens" if account is None else f"tokens?account={account}"
        response = self.admin("GET", path)
        response.raise_for_status()
        tokens: list[dict[str, Any]] = response.json()["tokens"]
        return tokens


def start_emulator(db: Path, *extra: str) -> tuple[str, subprocess.Popen[str]]:
    """Start ``python -m pulumi_openapi_oauth.emulator --port 0`` and read its URL."""
    command = [
        sys.executable,
        "-m",
        "pulumi_openapi_oauth.emulator",
        "--port",
        "0",
        "--db",
        str(db),
        "--seed",
        "demo",
        "--account",
        f"{DEMO_EMAIL}:{DEMO_API_KEY}",
        "--account",
        f"{OTHER_EMAIL}:{OTHER_API_KEY}",
        *extra,
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=None,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    stdout = process.stdout
    assert stdout is not None
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(_STARTUP_TIMEOUT)
    line = result[0].strip() if result else ""
    if not line.startswith("listening on "):
        process.kill()
        process.wait(timeout=10)
        raise RuntimeError(f"emulator did not start (first line {line!r})")
    # Keep draining stdout so the child never blocks on a full pipe.
    threading.Thread(target=stdout.read, daemon=True).start()
    url = line.removeprefix("listening on ")
    try:
        _wait_ready(url)
    except RuntimeError:
        stop_emulator(process)
        raise
    return url, process


def _wait_ready(url: str) -> None:
    for _ in range(100):
        try:
            httpx.get(url + "/_emulator/clock", timeout=1.0)
            return
        except httpx.TransportError:
            threading.Event().wait(0.05)
    raise RuntimeError(f"emulator at {url} never answered")


def stop_emulator(process: subprocess.Popen[Any]) -> None:
    """Terminate the emulator and wait for it (kill it if it does not exit in 10 s)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def running_emulator(db: Path, *extra: str) -> Iterator[Emulator]:
    """An emulator over ``db`` (demo seed, demo and other accounts) for the ``with`` block."""
    url, process = start_emulator(db, *extra)
    try:
        yield Emulator(url=url, db=db, process=process)
    finally:
        stop_emulator(process)
