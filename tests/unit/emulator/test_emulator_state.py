"""Persistence across restarts, idempotent seeding, concurrency, the clock and the CLI."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx

from tests._emulator import Emulator, start_emulator, stop_emulator
from tests.factories import emulator_client, token_body


def test_data_survive_a_restart_and_seed_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "restart.sqlite"
    url, process = start_emulator(db)
    try:
        with emulator_client(url) as client:
            token = client.post("/tokens", json=token_body(name="durable", ttl=600)).json()["data"]
            scopes = client.get("/scopes").json()["data"]
            subscriptions = client.get("/subscriptions").json()["data"]
        httpx.post(url + "/_emulator/clock", json={"advance_seconds": 300}).raise_for_status()
    finally:
        stop_emulator(process)
    url, process = start_emulator(db)  # same db, --seed demo again
    try:
        with emulator_client(url) as client:
            again = client.get(f"/tokens/{token['token']}")
            assert again.status_code == 200 and again.json()["data"]["name"] == "durable"
            assert client.get("/scopes").json()["data"] == scopes
            assert len(client.get("/subscriptions").json()["data"]) == len(subscriptions)
            names = [t["name"] for t in client.get("/tokens").json()["data"]]
            assert names.count("seeded-demo-token") == 1
        # The clock offset persisted too: 300 s gone, 301 more expires the 600 s token.
        httpx.post(url + "/_emulator/clock", json={"advance_seconds": 301}).raise_for_status()
        with emulator_client(url) as client:
            assert client.get(f"/tokens/{token['token']}").status_code == 404
    finally:
        stop_emulator(process)


def test_concurrent_creates(emulator: Emulator) -> None:
    before = len(emulator.tokens(emulator.email))
    results: list[int] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        with emulator_client(emulator.url) as client:
            for j in range(5):
                status = client.post("/tokens", json=token_body(name=f"conc-{index}-{j}")).status_code
                with lock:
                    results.append(status)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == [200] * 40
    assert len(emulator.tokens(emulator.email)) == before + 40


def test_clock_moves_forward_only(emulator: Emulator) -> None:
    before = emulator.admin("GET", "clock").json()["now"]
    after = emulator.advance(3600)
    assert after > before
    assert emulator.admin("POST", "clock", json={"advance_seconds": -1}).status_code == 400


def test_admin_tokens_never_reveal_values(emulator: Emulator, client: httpx.Client) -> None:
    value = client.post("/tokens", json=token_body(name="secretive")).json()["data"]["token"]
    listing = emulator.admin("GET", f"tokens?account={emulator.email}").json()
    assert listing["count"] == len(listing["tokens"])
    assert value not in str(listing)
    assert {t["account"] for t in listing["tokens"]} == {emulator.email}
    assert set(listing["tokens"][0]) == {"account", "name", "scopes", "expireAt"}


def test_admin_catalogue_wallet_subscriptions_callbacks(emulator: Emulator) -> None:
    account = emulator.other_email
    added = emulator.admin(
        "POST",
        "scopes",
        json={
            "account": account,
            "scopes": [{"scope": "GET:extra.openapi.com/thing", "enabled": True, "prices": {"thing": 1.5}}],
        },
    )
    assert added.status_code == 200, added.text
    with emulator_client(emulator.url, email=account, api_key=emulator.other_api_key) as client:
        assert client.post("/tokens", json={"scopes": ["GET:extra.openapi.com/thing"]}).status_code == 200
        emulator.admin("PUT", "wallet", json={"account": account, "credit": 12.5}).raise_for_status()
        assert client.get("/wallet").json()["data"]["credit"] == 12.5
        sub = emulator.admin(
            "POST",
            "subscriptions",
            json={
                "account": account,
                "subscriptions": [{"id": "sub-extra", "scope": "GET:extra.openapi.com/thing", "totalRequests": 10}],
            },
        )
        assert sub.status_code == 200, sub.text
        assert client.get("/subscriptions/sub-extra").json()["data"]["availableRequests"] == "10"
        cb = emulator.admin(
            "POST",
            "callbacks",
            json={
                "account": account,
                "callbacks": [
                    {
                        "id": "cb-extra",
                        "scope": "GET:extra.openapi.com/thing",
                        "httpResponseCode": 204,
                        "completedAt": "2026-11-01T00:00:05Z",
                        "startedAt": "2026-11-01T00:00:00Z",
                    }
                ],
            },
        )
        assert cb.status_code == 200, cb.text
        assert client.get("/callbacks/cb-extra").json()["data"]["httpResponseCode"] == 204
    with emulator_client(emulator.url) as demo:
        assert demo.get("/callbacks/cb-extra").status_code == 404
        assert demo.get("/subscriptions/sub-extra").status_code == 404
