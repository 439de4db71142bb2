"""Fixtures of the host tests: Token providers configured for the session emulator, and
the real dynamic-provider host (``python -m pulumi.dynamic``) as a subprocess."""

from __future__ import annotations

import email.utils
import os
import secrets
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import grpc
import httpx
import pytest
from pulumi.dynamic import Config, ConfigureRequest

from pulumi_openapi_oauth.dynamic.provider import TokenProvider

_ENV_VARS = ("OPENAPI_OAUTH_EMAIL", "OPENAPI_OAUTH_API_KEY", "OPENAPI_OAUTH_BASE_URL", "OPENAPI_OAUTH_ENVIRONMENT")


def stack_config(emulator: Any, **overrides: str) -> dict[str, str]:
    values = {
        "openapi-oauth:email": emulator.email,
        "openapi-oauth:apiKey": emulator.api_key,
        "openapi-oauth:baseUrl": emulator.url,
    }
    values.update({f"openapi-oauth:{k}": v for k, v in overrides.items()})
    return values


@pytest.fixture(autouse=True)
def _no_env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in _ENV_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def new_provider(clean_emulator: Any) -> Iterator[Callable[..., TokenProvider]]:
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
def service_clock(clean_emulator: Any) -> Any:
    """The emulator, once it is known to send its (advanceable) clock in the Date header.

    The provider judges expiry on the service's clock, which the client learns from the
    Date header; an emulator that sends the real time there cannot exercise that path.
    """
    clean_emulator.advance(600)  # so the emulated clock and the real one differ
    response = httpx.get(clean_emulator.url + "/scopes", auth=(clean_emulator.email, clean_emulator.api_key), timeout=10)
    emulated = clean_emulator.admin("GET", "clock").json()["now"]
    sent = email.utils.parsedate_to_datetime(response.headers["Date"]).timestamp()
    wanted = datetime.fromisoformat(emulated.replace("Z", "+00:00")).timestamp()
    if abs(sent - wanted) > 120:
        pytest.xfail("the emulator's Date header does not follow its advanceable clock")
    return clean_emulator


@pytest.fixture
def config_of() -> Callable[..., dict[str, str]]:
    """``config_of(emulator, apiKey=...)``: stack config (namespaced keys) for the emulator."""
    return stack_config


@pytest.fixture
def unique() -> str:
    """A resource name unique to the test, so emulator state never collides."""
    return f"t{secrets.token_hex(4)}"


class Host:
    """A running ``python -m pulumi.dynamic`` and a gRPC stub to it."""

    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        from pulumi.runtime.proto import provider_pb2_grpc

        self.process = process
        self.port = port
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)


@pytest.fixture
def host(tmp_path: Any) -> Iterator[Host]:
    env = {k: v for k, v in os.environ.items() if k not in _ENV_VARS}
    env["PULUMI_PROJECT"] = "host-test"
    # The host writes its port to sys.stdout.buffer without a flush: only unbuffered output gets it here.
    env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi.dynamic"],
        stdout=subprocess.PIPE,
        stderr=None,  # never read: a pipe could fill up and block the host; pytest captures it
        env=env,
        cwd=tmp_path,
    )
    assert process.stdout is not None
    lines: list[bytes] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(30)
    if not lines or not lines[0].strip().isdigit():
        process.kill()
        raise RuntimeError(f"dynamic provider host did not print its port: {lines!r}")
    h = Host(process, int(lines[0]))
    grpc.channel_ready_future(h.channel).result(timeout=30)
    try:
        yield h
    finally:
        h.channel.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
