"""The emulator's access log: on with ``--access-log`` alone, and never a token or refresh-token value."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pulumi_openapi_oauth.emulator.logs import RedactTokens, redact
from tests._emulator import stop_emulator
from tests.factories import DEMO_API_KEY, DEMO_EMAIL, emulator_client, token_body


@pytest.fixture
def logged_emulator(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An emulator started with ``--access-log`` (and the default log level); stdout and stderr
    go to one file, read after it stopped."""
    log = tmp_path / "emulator.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pulumi_openapi_oauth.emulator",
                "--port",
                "0",
                "--db",
                str(tmp_path / "e.sqlite"),
                "--seed",
                "demo",
                "--account",
                f"{DEMO_EMAIL}:{DEMO_API_KEY}",
                "--access-log",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        deadline = time.monotonic() + 30
        while not log.read_text().startswith("listening on ") or "\n" not in log.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        url = log.read_text().splitlines()[0].removeprefix("listening on ")
        yield url, log
    finally:
        stop_emulator(process)


def test_access_log_lists_requests_without_any_token_value(logged_emulator: tuple[str, Path]) -> None:
    url, log = logged_emulator
    with emulator_client(url, email=DEMO_EMAIL, api_key=DEMO_API_KEY) as client:
        created = client.post("/tokens", json=token_body(name="logged")).json()["data"]
        value, refresh = created["token"], created["refreshToken"]
        assert client.get(f"/tokens/{value}").status_code == 200
        assert client.get("/tokens", params={"token": value}).status_code == 200
        renewed = httpx.patch(
            f"{url}/tokens/{value}", json={}, headers={"Authorization": f"Bearer {refresh}"}, timeout=10
        ).json()["data"]
        assert client.delete(f"/tokens/{renewed['token']}").status_code == 200
    secrets = {value, refresh, renewed["token"], renewed["refreshToken"]}
    deadline = time.monotonic() + 10
    while log.read_text().count("/tokens") < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    text = log.read_text()
    assert '"POST /tokens HTTP/1.1" 200' in text
    assert '"GET /tokens/oatfp-' in text and '"PATCH /tokens/oatfp-' in text and '"DELETE /tokens/oatfp-' in text
    assert "/tokens?token=oatfp-" in text
    assert not [s for s in secrets if s in text], text


def test_redaction_covers_messages_arguments_and_tracebacks() -> None:
    value = "656d1e2f8b3c2a001f7e4a12"
    try:
        raise ValueError(f"boom on /tokens/{value}")
    except ValueError:
        record = logging.LogRecord(
            "pulumi_openapi_oauth.emulator",
            logging.ERROR,
            __file__,
            1,
            "bug on %s %s?token=%s",
            ("GET", f"/tokens/{value}", value),
            sys.exc_info(),
        )
    assert RedactTokens().filter(record)
    text = logging.Formatter().format(record)
    assert value not in text
    first, *_, last = text.splitlines()
    assert first.startswith("bug on GET /tokens/oatfp-") and "?token=oatfp-" in first
    assert last.startswith("ValueError: boom on /tokens/oatfp-")
    assert redact("/tokens/") == "/tokens/" and redact("/scopes/" + value) == "/scopes/" + value
