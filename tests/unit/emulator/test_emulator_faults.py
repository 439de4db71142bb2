"""Fault injection and request counting, over real sockets."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import Emulator
from tests.factories import token_body
from tests.unit.emulator.test_emulator_tokens import assert_error


def test_status_fault_with_retry_after_skips_the_handler(
    clean_emulator: Emulator, client: httpx.Client
) -> None:
    before = len(clean_emulator.tokens(clean_emulator.email))
    clean_emulator.faults(
        [{"method": "POST", "path": "/tokens", "status": 503, "times": 2, "retry_after": 3}]
    )
    for _ in range(2):
        response = client.post("/tokens", json=token_body(name="faulted"))
        assert_error(response, 503, None)
        assert response.headers["retry-after"] == "3"
    assert len(clean_emulator.tokens(clean_emulator.email)) == before
    assert client.post("/tokens", json=token_body()).status_code == 200
    assert clean_emulator.admin("GET", "faults").json() == {"faults": []}


def test_times_counts_down_and_template_paths_match(
    clean_emulator: Emulator, client: httpx.Client
) -> None:
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


def test_drop_runs_handler_and_closes_the_connection(
    clean_emulator: Emulator, client: httpx.Client
) -> None:
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
