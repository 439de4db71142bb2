"""Helpers of the host tests: stack config for an emulator, and the real dynamic-provider host
(``python -m pulumi.dynamic``) as a subprocess with a gRPC stub to it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import grpc
from pulumi.runtime.proto import provider_pb2_grpc

from tests._emulator import Emulator
from tests.factories import CREDENTIAL_VARS

__all__ = ["Host", "running_host", "stack_config"]

_STARTUP_TIMEOUT = 30.0


def stack_config(emulator: Emulator, **overrides: str) -> dict[str, str]:
    """Stack config (namespaced keys) pointing at ``emulator``; ``overrides`` use bare keys (``apiKey=``)."""
    values = {
        "openapi-oauth:email": emulator.email,
        "openapi-oauth:apiKey": emulator.api_key,
        "openapi-oauth:baseUrl": emulator.url,
    }
    values.update({f"openapi-oauth:{k}": v for k, v in overrides.items()})
    return values


class Host:
    """A running ``python -m pulumi.dynamic`` and a gRPC stub to it."""

    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.port = port
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)


@contextlib.contextmanager
def running_host(cwd: Path) -> Iterator[Host]:
    """Start the dynamic-provider host in ``cwd`` without credential variables; stop it after the block."""
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIAL_VARS}
    env["PULUMI_PROJECT"] = "host-test"
    # The host writes its port to sys.stdout.buffer without a flush: only unbuffered output gets it here.
    env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi.dynamic"],
        stdout=subprocess.PIPE,
        stderr=None,  # never read: a pipe could fill up and block the host; pytest captures it
        env=env,
        cwd=cwd,
    )
    stdout = process.stdout
    assert stdout is not None
    lines: list[bytes] = []
    reader = threading.Thread(target=lambda: lines.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(_STARTUP_TIMEOUT)
    if not lines or not lines[0].strip().isdigit():
        process.kill()
        process.wait(timeout=10)
        raise RuntimeError(f"dynamic provider host did not print its port: {lines!r}")
    host = Host(process, int(lines[0]))
    try:
        grpc.channel_ready_future(host.channel).result(timeout=_STARTUP_TIMEOUT)
        yield host
    finally:
        host.channel.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
