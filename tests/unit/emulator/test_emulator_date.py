"""Every answer carries the emulator clock's ``Date`` (the provider judges expiry on it)."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx

from pulumi_openapi_oauth.emulator.clock import parse_time
from tests.conftest import start_emulator, stop_emulator
from tests.factories import emulator_client, token_body


def _date(response: httpx.Response) -> float:
    assert len(response.headers.get_list("date")) == 1, response.headers
    return parsedate_to_datetime(response.headers["date"]).timestamp()


def test_date_header_follows_the_emulator_clock(tmp_path: Path) -> None:
    url, process = start_emulator(tmp_path / "date.sqlite")
    try:
        now = httpx.post(url + "/_emulator/clock", json={"advance_seconds": 86_400}, timeout=10).json()["now"]
        moved = parse_time(now).timestamp()
        with emulator_client(url) as client:
            created = client.post("/tokens", json=token_body())
            missing = client.get("/tokens/" + "0" * 24)
            unauthorised = httpx.get(url + "/scopes", timeout=10)
        assert (created.status_code, missing.status_code, unauthorised.status_code) == (200, 404, 401)
        for response in (created, missing, unauthorised):
            assert 0 <= _date(response) - moved < 60
    finally:
        stop_emulator(process)
