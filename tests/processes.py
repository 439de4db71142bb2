"""Finding the processes a test started, wherever they ended up (Linux ``/proc``).

tests/conftest.py puts :data:`SESSION_VAR` (one value per pytest session) into ``os.environ``
and tests/e2e/harness.py puts :data:`TEST_VAR` (one value per test) into the environment of
every ``pulumi`` command. Children inherit their parent's environment, so the emulator, the CLI,
its language host, policy packs and dynamic provider hosts all carry the tags, also once they
are orphaned and reparented to init (a parent-child walk from pytest would miss those).
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SESSION_VAR", "TEST_VAR", "Proc", "kill", "tagged", "wait_gone"]

#: Environment variable naming the pytest session that started a process.
SESSION_VAR = "OPENAPI_OAUTH_TEST_SESSION"
#: Environment variable naming the test whose ``pulumi`` commands started a process.
TEST_VAR = "OPENAPI_OAUTH_TEST_ID"


@dataclass(frozen=True)
class Proc:
    """A live process: its pid and command line (for the failure message)."""

    pid: int
    cmdline: str

    def __str__(self) -> str:
        return f"pid {self.pid}: {self.cmdline}"


def tagged(var: str, value: str) -> list[Proc]:
    """Every process but this one whose environment holds ``var=value``."""
    needle = f"{var}={value}".encode()
    found: list[Proc] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile, a zombie, or not ours
            continue
        if needle in environ.split(b"\0"):
            found.append(Proc(int(entry.name), " ".join(cmdline.replace(b"\0", b" ").decode(errors="replace").split())))
    return found


def wait_gone(var: str, value: str, timeout: float) -> list[Proc]:
    """Wait up to ``timeout`` seconds for the tagged processes to exit; return those still alive."""
    deadline = time.monotonic() + timeout
    while True:
        alive = tagged(var, value)
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.1)


def kill(procs: list[Proc]) -> None:
    """SIGKILL each process (already gone is fine)."""
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
