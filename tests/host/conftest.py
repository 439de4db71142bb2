"""Fixtures of the host tests: Token providers configured for the session emulator, and
the real dynamic-provider host (``python -m pulumi.dynamic``) as a subprocess (tests/host/_host.py)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pulumi.dynamic import Config, ConfigureRequest

from pulumi_openapi_oauth.dynamic.provider import TokenProvider
from tests._emulator import Emulator
from tests.factories import CREDENTIAL_VARS
from tests.host._host import Host, running_host, stack_config


@pytest.fixture(autouse=True)
def _no_env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in CREDENTIAL_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def new_provider(clean_emulator: Emulator) -> Iterator[Callable[..., TokenProvider]]:
    """A factory of freshly configured providers: each one is a new "provider process"."""
    made: list[TokenProvider] = []

    def make(**overrides: str) -> TokenProvider:
        provider = TokenProvider()
        provider.configure(ConfigureRequest(Config(stack_config(clean_emulator, **overrides), "test")))
        made.append(provider)
        return provider

    yield make
    for provider in made:
        if provider._client is not None:
            provider._client.close()


@pytest.fixture
def service_clock(clean_emulator: Emulator) -> Emulator:
    """The emulator with its clock moved away from the real one, checked to send that clock in the
    Date header: the provider judges expiry on the service's clock, which the client learns there."""
    clean_emulator.advance(600)  # so the emulated clock and the real one differ
    lag = clean_emulator.date_header_lag()
    assert abs(lag) <= 120, f"the emulator's Date header is {lag:+.0f} s off its advanceable clock"
    return clean_emulator


@pytest.fixture
def config_of() -> Callable[..., dict[str, str]]:
    """``config_of(emulator, apiKey=...)``: stack config (namespaced keys) for the emulator."""
    return stack_config


@pytest.fixture
def unique() -> str:
    """A resource name unique to the test, so emulator state never collides."""
    return f"t{secrets.token_hex(4)}"


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Host]:
    """The real dynamic-provider host, started without credential variables."""
    with running_host(tmp_path) as running:
        yield running
