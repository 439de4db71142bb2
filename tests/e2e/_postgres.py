"""A throw-away PostgreSQL server for the shared-backend tests (``pulumi login postgres://...``).

:func:`start_postgres` runs Debian's PostgreSQL binaries: ``initdb`` into a fresh temporary
folder, ``pg_ctl start`` on a free loopback port, password authentication for one role.
``initdb`` and ``pg_ctl`` refuse to run as root, so as root they run as the ``postgres`` user
(``runuser``) in a folder that user owns. :meth:`PostgresServer.stop` stops the server and
removes the folder; the ``postgres`` fixture of tests/e2e/conftest.py always calls it, also after a
failed test.

Without the binaries that fixture skips (:func:`missing`), except in CI (``CI=true``), where it fails: ``.ci/run``
installs them (``apt-get install -y postgresql``).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

USER = "pulumi"
PASSWORD = "team-state-pw"
_SEARCH = (Path("/usr/lib/postgresql"),)
_RUNUSER = ("/usr/sbin/runuser", "/sbin/runuser")  # PATH may lack sbin (env -i)


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries (``initdb``, ``pg_ctl``) on this machine."""


def pg_bin_dir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``: on PATH, else Debian's newest major version."""
    initdb = shutil.which("initdb")
    if initdb:
        return Path(os.path.realpath(initdb)).parent
    for base in _SEARCH:
        majors = sorted((p for p in base.glob("*/bin") if (p / "initdb").is_file()), key=lambda p: p.parent.name)
        if majors:
            return majors[-1]
    raise PostgresUnavailable(
        "PostgreSQL's initdb is neither on PATH nor under /usr/lib/postgresql/*/bin; "
        "install it with `apt-get install -y postgresql` (.ci/run does)"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    """A running server: its loopback port, the role's credentials and the folder it lives in."""

    bin_dir: Path
    base: Path
    port: int
    as_user: str | None  # run server commands as this user (set when the tests run as root)

    @property
    def data(self) -> Path:
        return self.base / "data"

    def url(self, database: str) -> str:
        """The ``pulumi login`` URL of ``database``."""
        return f"postgres://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}?sslmode=disable"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL program of ``bin_dir`` (as ``as_user`` when set)."""
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_user:
            runuser = shutil.which("runuser") or next((p for p in _RUNUSER if os.access(p, os.X_OK)), "runuser")
            cmd = [runuser, "-u", self.as_user, "--", *cmd]
        env = {**os.environ, "PGPASSWORD": PASSWORD, "LC_ALL": "C"}
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False, env=env, cwd=self.base)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
        return result

    def create_database(self, name: str) -> str:
        """Create database ``name`` owned by the role; return its ``pulumi login`` URL."""
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, name)
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (fast, then immediate) and remove its folder."""
        if (self.data / "postmaster.pid").exists():
            stopped = self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", check=False)
            if stopped.returncode != 0:
                self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30", check=False)
        shutil.rmtree(self.base, ignore_errors=True)


def start_postgres() -> PostgresServer:
    """initdb into a new temporary folder and start a server on a free loopback port."""
    bin_dir = pg_bin_dir()
    as_user = "postgres" if os.geteuid() == 0 else None
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="openapi-oauth-pg-"))
    if as_user:
        try:
            entry = pwd.getpwnam(as_user)
        except KeyError as exc:
            shutil.rmtree(base, ignore_errors=True)
            raise PostgresUnavailable(f"running as root and there is no '{as_user}' user to run initdb") from exc
        os.chown(base, entry.pw_uid, entry.pw_gid)
    pwfile = base / "pwfile"
    pwfile.write_text(PASSWORD + "\n")
    if as_user:
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    server = PostgresServer(bin_dir=bin_dir, base=base, port=_free_port(), as_user=as_user)
    try:
        server.run(
            "initdb", "-D", str(server.data), "-U", USER, f"--pwfile={pwfile}", "--auth=scram-sha-256", "-E", "UTF8"
        )
        options = f"-p {server.port} -c listen_addresses=127.0.0.1 -k {base} -c fsync=off"
        server.run(
            "pg_ctl", "start", "-D", str(server.data), "-o", options, "-l", str(base / "server.log"), "-w", "-t", "60"
        )
    except BaseException:
        log = base / "server.log"
        detail = log.read_text() if log.exists() else ""
        server.stop()
        if detail:
            raise RuntimeError(f"PostgreSQL did not start; server log:\n{detail}") from None
        raise
    return server


def missing(exc: PostgresUnavailable) -> NoReturn:
    """Skip the test, or fail it in CI (``CI=true``), where PostgreSQL must be there."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"CI=true and PostgreSQL is missing: {exc}", pytrace=False)
    pytest.skip(str(exc))
