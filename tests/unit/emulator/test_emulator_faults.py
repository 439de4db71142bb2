"""Fault injection and request counting, over real sockets."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests._emulator import Emulator, stop_emulator
from tests.factories import DEMO_API_KEY, DEMO_EMAIL, token_body
from tests.unit.emulator.emulator_checks import assert_error


def test_status_fault_with_retry_after_skips_the_handler(clean_emulator: Emulator, client: httpx.Client) -> None:
    before = len(clean_emulator.tokens(clean_emulator.email))
    clean_emulator.faults([{"method": "POST", "path": "/tokens", "status": 503, "times": 2, "retry_after": 3}])
    for _ in range(2):
        response = client.post("/tokens", json=token_body(name="faulted"))
        assert_error(response, 503, None)
        assert response.headers["retry-after"] == "3"
    assert len(clean_emulator.tokens(clean_emulator.email)) == before
    assert client.post("/tokens", json=token_body()).status_code == 200
    assert clean_emulator.admin("GET", "faults").json() == {"faults": []}


def test_times_counts_down_and_template_paths_match(clean_emulator: Emulator, client: httpx.Client) -> None:
    clean_emulator.faults([{"method": "*", "path": "/tokens/{token}", "status": 429, "times": 3}])
    assert clean_emulator.admin("GET", "faults").json()["faults"][0]["times"] == 3
    assert client.get("/tokens/" + "1" * 24).status_code == 429
    assert client.delete("/tokens/" + "2" * 24).status_code == 429
    assert clean_emulator.admin("GET", "faults").json()["faults"][0]["times"] == 1
    assert client.get("/scopes").status_code == 200  # another route is untouched
    assert client.get("/tokens/" + "3" * 24).status_code == 429
    assert client.get("/tokens/" + "3" * 24).status_code == 404


def test_delay(clean_emulator: Emulator, client: httpx.Client) -> None:
    clean_emulator.faults([{"method": "GET", "path": "/wallet", "delay_ms": 400}])
    started = time.monotonic()
    assert client.get("/wallet").status_code == 200
    assert time.monotonic() - started >= 0.4
    started = time.monotonic()
    client.get("/wallet")
    assert time.monotonic() - started < 0.4


def test_drop_runs_handler_and_closes_the_connection(clean_emulator: Emulator, client: httpx.Client) -> None:
    name = f"dropped-{time.time_ns()}"
    clean_emulator.faults([{"method": "POST", "path": "/tokens", "drop": True}])
    with pytest.raises(httpx.TransportError) as info:
        client.post("/tokens", json=token_body(name=name))
    assert isinstance(info.value, (httpx.RemoteProtocolError, httpx.ReadError, httpx.ConnectError))
    # The token was created server-side even though no response arrived.
    assert [t["name"] for t in clean_emulator.tokens(clean_emulator.email)].count(name) == 1
    assert name in {t["name"] for t in client.get("/tokens").json()["data"]}


def test_request_counts_use_route_templates(clean_emulator: Emulator, client: httpx.Client) -> None:
    token = client.post("/tokens", json=token_body()).json()["data"]["token"]
    client.get(f"/tokens/{token}")
    client.patch(f"/tokens/{token}", json={"name": "counted"})
    client.get("/stats/apis/sms.openapi.com")
    httpx.get(clean_emulator.url + "/wallet")  # unauthorized requests count too
    clean_emulator.faults([{"method": "GET", "path": "/scopes", "status": 500}])
    client.get("/scopes")  # and faulted ones
    clean_emulator.admin("GET", "clock")  # admin requests do not
    assert clean_emulator.requests() == {
        "GET /scopes": 1,
        "GET /stats/apis/{domain}": 1,
        "GET /tokens/{token}": 1,
        "GET /wallet": 1,
        "PATCH /tokens/{token}": 1,
        "POST /tokens": 1,
    }
    clean_emulator.reset_requests()
    assert clean_emulator.requests() == {}


def test_invalid_fault_rules_are_rejected(clean_emulator: Emulator) -> None:
    for rules in ({"method": "GET"}, [{"status": "x"}], [{"bogus": 1}], [{"times": 0}]):
        response = clean_emulator.admin("PUT", "faults", json=rules)
        assert response.status_code == 400, response.text


def test_hold_performs_the_request_and_answers_late(clean_emulator: Emulator, client: httpx.Client) -> None:
    name = f"held-{time.time_ns()}"
    clean_emulator.faults([{"method": "POST", "path": "/tokens", "hold_ms": 800, "times": 2}])
    started = time.monotonic()
    response = client.post("/tokens", json=token_body(name=name))
    assert time.monotonic() - started >= 0.8
    assert response.status_code == 200 and response.json()["data"]["name"] == name
    # A client that gives up first: the token exists all the same, made before the answer.
    late = f"late-{time.time_ns()}"
    with pytest.raises(httpx.ReadTimeout):
        client.post("/tokens", json=token_body(name=late), timeout=0.2)
    assert [t["name"] for t in clean_emulator.tokens(clean_emulator.email)].count(late) == 1
    assert clean_emulator.admin("GET", "faults").json() == {"faults": []}


@pytest.mark.parametrize("bad", [-1, 120_001, True, "5"])
def test_hold_ms_is_validated(clean_emulator: Emulator, bad: object) -> None:
    response = clean_emulator.admin("PUT", "faults", json=[{"hold_ms": bad}])
    assert response.status_code == 400 and "hold_ms" in response.text


def test_client_hanging_up_during_a_hold_or_delay_is_not_an_emulator_error(tmp_path: Path) -> None:
    log = tmp_path / "stderr.log"
    with log.open("w") as sink:
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
            ],
            stdout=subprocess.PIPE,
            stderr=sink,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip().removeprefix("listening on ")
            emu = Emulator(url=url, db=tmp_path / "e.sqlite", process=process)
            emu.faults(
                [
                    {"method": "POST", "path": "/tokens", "hold_ms": 600, "times": 1},
                    {"method": "POST", "path": "/tokens", "delay_ms": 600, "times": 1},
                    {"method": "GET", "path": "/wallet", "delay_ms": 600, "times": 1},
                ]
            )
            with httpx.Client(base_url=url, auth=(DEMO_EMAIL, DEMO_API_KEY)) as api:
                with pytest.raises(httpx.ReadTimeout):
                    api.post("/tokens", json=token_body(name="hung-up"), timeout=0.1)
                with pytest.raises(httpx.ReadTimeout):
                    api.post("/tokens", json=token_body(name="held-on-the-way"), timeout=0.1)
                with pytest.raises(httpx.ReadTimeout):
                    api.get("/wallet", timeout=0.1)
                time.sleep(1.0)  # both held answers fall due after the client left
                assert api.get("/wallet").status_code == 200  # still serving
                names = [t["name"] for t in api.get("/tokens").json()["data"]]
                assert "hung-up" in names and "held-on-the-way" in names  # both took effect
        finally:
            stop_emulator(process)
    text = log.read_text()
    assert "Traceback" not in text and "ERROR" not in text, text
