"""Fixtures for end-to-end tests that drive the real Pulumi CLI.

- ``pulumi_cli`` (session): the CLI from ``scripts/pulumi-cli``. If it cannot be provided the
  session fails loudly (every e2e test errors with the script's output); it never skips.
  A first build from the Go module proxy takes ~5.5 minutes inside the first test's timeout
  (900 s): on a fresh CI machine run ``scripts/pulumi-cli`` as a step of its own first.
- ``pulumi_env``: an isolated environment per test (private PULUMI_HOME, file backend, empty
  passphrase, no update check, no plugin downloads, the CLI's directory first on PATH).
- every e2e test fails if a process started under one of its isolated environments is still
  running at its end (the process is killed).
- ``make_stack``: copies a program template into a fresh work directory, inits a stack and sets
  its config; at teardown, destroys whatever the test left deployed.
- ``emulator``: overrides the session emulator of tests/conftest.py with a fresh emulator
  subprocess per test (own SQLite file, demo seed, the demo and other accounts). Request it
  before ``make_stack`` so that it outlives make_stack's teardown ``destroy``.
- ``oauth_stack``: ``make_stack`` wired to this test's emulator (credentials set as secrets);
  ``api``: the demo account's httpx client, for out-of-band changes.
- ``postgres`` (session): a PostgreSQL server (tests/e2e/_postgres.py) for the shared-backend tests;
  skipped when PostgreSQL is missing, except in CI.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest

from tests._emulator import Emulator, running_emulator
from tests.e2e._postgres import PostgresServer, PostgresUnavailable, missing, start_postgres
from tests.e2e.harness import (
    ISSUED_TAGS,
    REPO_ROOT,
    MakeStack,
    OAuthStack,
    PulumiCli,
    PulumiCliUnavailable,
    Stack,
    destroy_leftovers,
    isolated_env,
    new_stack,
    provide_cli,
)
from tests.processes import TEST_VAR, kill, wait_gone


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def pulumi_cli() -> PulumiCli:
    try:
        return provide_cli()
    except PulumiCliUnavailable as exc:
        pytest.fail(f"the Pulumi CLI is required for the e2e tests and could not be provided:\n{exc}", pytrace=False)


#: How long the CLI's plugins may take to exit after the test's last command.
_EXIT_GRACE = 20.0


@pytest.fixture(autouse=True)
def _no_process_left() -> Iterator[None]:
    """Fail the test if a process started under one of its isolated environments (``pulumi``, a
    language host, a provider host, a policy pack) still runs after every other fixture's teardown."""
    first = len(ISSUED_TAGS)
    yield
    left = [proc for tag in ISSUED_TAGS[first:] for proc in wait_gone(TEST_VAR, tag, _EXIT_GRACE)]
    kill(left)
    if left:
        pytest.fail("still running after the test (now killed):\n" + "\n".join(map(str, left)), pytrace=False)


@pytest.fixture
def pulumi_env(pulumi_cli: PulumiCli, tmp_path: Path) -> dict[str, str]:
    return isolated_env(pulumi_cli, tmp_path / "pulumi")


@pytest.fixture
def make_stack(pulumi_env: dict[str, str], tmp_path: Path) -> Iterator[MakeStack]:
    """``make_stack(template, name="test", config=None, secrets=None, env=None) -> Stack``.

    ``template`` is a directory with a ``Pulumi.yaml`` or the name of one under ``tests/e2e/programs``.
    """
    stacks: list[Stack] = []

    def make(
        template: Path | str,
        name: str = "test",
        config: Mapping[str, str] | None = None,
        secrets: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Stack:
        workdir = tmp_path / f"work-{len(stacks)}-{Path(str(template)).name}"
        stack = new_stack(template, workdir, {**pulumi_env, **(env or {})}, name=name, config=config, secrets=secrets)
        stacks.append(stack)
        return stack

    yield make

    for stack in stacks:
        # Leave nothing deployed behind a failed test (the file backend itself lives in tmp_path).
        destroy_leftovers(stack)


# -- a fresh emulator per test (tokens / drift / lookups / policy e2e tests) -------------------------
# This overrides the session-wide ``emulator`` of tests/conftest.py for the e2e tests: every test gets
# its own emulator subprocess over its own SQLite file (demo seed, demo + other accounts), so tokens,
# clock moves and request counters never leak between tests.


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[Emulator]:
    db = tmp_path / "emulator" / "emu.sqlite"
    db.parent.mkdir(parents=True, exist_ok=True)
    with running_emulator(db) as running:
        yield running


@pytest.fixture
def oauth_stack(emulator: Emulator, make_stack: MakeStack) -> OAuthStack:
    """``oauth_stack(template="tokens", **config) -> Stack`` wired to this test's emulator.

    ``openapi-oauth:email`` and ``openapi-oauth:apiKey`` are set with ``--secret``. The emulator
    fixture is requested first so it outlives make_stack's teardown ``destroy``.
    """

    def make(template: Path | str = "tokens", **config: str) -> Stack:
        return make_stack(
            template,
            config={"openapi-oauth:baseUrl": emulator.url, **config},
            secrets={"openapi-oauth:email": emulator.email, "openapi-oauth:apiKey": emulator.api_key},
            # The package from this checkout, whatever state its editable install is in.
            env={"PYTHONPATH": str(REPO_ROOT)},
        )

    return make


@pytest.fixture
def api(emulator: Emulator) -> Iterator[httpx.Client]:
    """The demo account's API client (Basic auth), for out-of-band changes."""
    with httpx.Client(base_url=emulator.url, auth=(emulator.email, emulator.api_key), timeout=10.0) as client:
        yield client


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session; skipped when PostgreSQL is missing, except in CI."""
    try:
        server = start_postgres()
    except PostgresUnavailable as exc:
        missing(exc)
    try:
        yield server
    finally:
        server.stop()
