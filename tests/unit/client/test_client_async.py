"""AsyncOAuthClient, and the blocking OAuthClient over it from threads and running event loops."""

from __future__ import annotations

import asyncio
import functools
import pickle
import threading
from collections.abc import Callable

import httpx
import pytest

from pulumi_openapi_oauth import _loop
from pulumi_openapi_oauth.client import AsyncOAuthClient, OAuthClient
from pulumi_openapi_oauth.errors import CreateOutcomeUnknownError, RateLimitedError
from pulumi_openapi_oauth.models import TokenCreate

blocking_client = functools.partial(
    OAuthClient, base_url="http://oauth.test", email="ops@example.com", api_key="secret-key"
)
async_client = functools.partial(
    AsyncOAuthClient, base_url="http://oauth.test", email="ops@example.com", api_key="secret-key"
)
Handler = Callable[[httpx.Request], httpx.Response]


def ok(data: object, **headers: str) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "message": "", "error": None, "data": data}, headers=headers)


def token(name: str, n: int) -> dict[str, object]:
    return {"token": f"{n:040d}", "name": name, "scopes": ["GET:a.openapi.com/x"]}


def test_async_client_retries_counts_and_tracks_the_clock() -> None:
    answers = [
        httpx.Response(429, headers={"Retry-After": "2"}),
        ok({"credit": 3.5}, Date="Wed, 01 Jan 2031 00:00:00 GMT"),
    ]
    sleeps: list[float] = []

    async def sleep(delay: float) -> None:
        sleeps.append(delay)

    async def main() -> tuple[float, int, float | None]:
        async with async_client(transport=httpx.MockTransport(lambda r: answers.pop(0)), sleep=sleep) as client:
            wallet = await client.get_wallet()
            return wallet.credit or 0.0, client.request_count, client.server_time()

    credit, count, now = asyncio.run(main())
    assert (credit, count, sleeps) == (3.5, 2, [2.0])
    assert now is not None and abs(now - 1924992000) < 5


def test_async_client_runs_requests_concurrently() -> None:
    """Two calls on one loop are in flight together: the transport sees both before answering."""
    both_in = asyncio.Event()
    seen: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if len(seen) == 2:
            both_in.set()
        await asyncio.wait_for(both_in.wait(), timeout=10)
        return ok({"credit": 1.0}) if request.url.path == "/wallet" else ok([])

    async def main() -> None:
        async with async_client(transport=httpx.MockTransport(handler)) as client:
            await asyncio.gather(client.get_wallet(), client.list_scopes())

    asyncio.run(main())
    assert sorted(seen) == ["/scopes", "/wallet"]


def test_blocking_client_works_inside_a_running_event_loop() -> None:
    """A Pulumi program calls lookups while its own loop runs, where asyncio.run would fail."""
    client = blocking_client(transport=httpx.MockTransport(lambda r: ok({"credit": 2.0})))

    async def program() -> float | None:
        return client.get_wallet().credit

    assert asyncio.run(program()) == 2.0


def test_blocking_client_counts_exactly_across_threads() -> None:
    client = blocking_client(transport=httpx.MockTransport(lambda r: ok({"credit": 1.0})))
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(25):
                client.get_wallet()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and client.request_count == 200


def test_iter_tokens_fetches_a_page_only_when_reached() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        skip = int(request.url.params["skip"])
        return ok([token("t", skip + i) for i in range(100 if skip < 200 else 0)])

    client = blocking_client(transport=httpx.MockTransport(handler))
    first = next(t for t in client.iter_tokens() if t.token == f"{5:040d}")
    assert first.name == "t" and len(requests) == 1
    tokens = client.iter_tokens()
    for _ in range(101):
        next(tokens)
    assert [r.url.params["skip"] for r in requests[1:]] == ["0", "100"]


def test_a_blocking_transport_is_accepted() -> None:
    class BlockingTransport(httpx.BaseTransport):
        def __init__(self) -> None:
            self.threads: set[str] = set()

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            self.threads.add(threading.current_thread().name)
            assert request.headers["Authorization"].startswith("Basic ")
            return ok({"credit": 4.0})

    transport = BlockingTransport()
    with blocking_client(transport=transport) as client:
        assert client.get_wallet().credit == 4.0
    assert threading.current_thread().name not in transport.threads


def test_a_blocking_sleep_runs_off_the_shared_loop() -> None:
    threads: list[str] = []
    client = blocking_client(
        transport=httpx.MockTransport(lambda r: httpx.Response(429)),
        max_retries=2,
        sleep=lambda _d: threads.append(threading.current_thread().name),
    )
    with pytest.raises(RateLimitedError):
        client.get_wallet()
    assert len(threads) == 2 and "pulumi-openapi-oauth-io" not in threads
    assert client.request_count == 3


def test_create_recovery_is_the_same_in_both_clients() -> None:
    """A lost POST /tokens answer, then GET /tokens finds the token: one POST, no second token."""

    def service() -> Handler:
        posted: list[str] = []

        def handler(request: httpx.Request) -> httpx.Response:
            if request.method == "POST":
                posted.append("POST")
                raise httpx.ReadTimeout("lost", request=request)
            return ok([token("unique-name", 1)] if posted else [])

        return handler

    body = TokenCreate(scopes=["GET:a.openapi.com/x"], name="unique-name")
    blocking = blocking_client(transport=httpx.MockTransport(service()))
    assert blocking.create_token(body).token == f"{1:040d}"
    assert blocking.request_count == 2

    async def main() -> tuple[str | None, int]:
        async with async_client(transport=httpx.MockTransport(service())) as client:
            made = await client.create_token(body)
            with pytest.raises(CreateOutcomeUnknownError):
                await client.create_token(body, recover=False)
            return made.token, client.request_count

    assert asyncio.run(main()) == (f"{1:040d}", 3)


def test_neither_client_is_pickled_nor_shows_credentials() -> None:
    blocking = blocking_client()
    assert repr(blocking) == "OAuthClient(base_url='http://oauth.test')"
    assert repr(blocking._async) == "AsyncOAuthClient(base_url='http://oauth.test')"
    for client in (blocking, blocking._async):
        assert "secret-key" not in repr(client) and "ops@example.com" not in repr(client)
        with pytest.raises(TypeError, match="never pickled"):
            pickle.dumps(client)


def test_the_blocking_client_refuses_to_wait_on_its_own_loop() -> None:
    """Waiting on the loop thread for that same loop would hang forever: it says so instead."""
    client = blocking_client(transport=httpx.MockTransport(lambda r: ok({"credit": 1.0})))

    async def on_the_loop() -> object:
        return client.get_wallet()

    with pytest.raises(RuntimeError, match="own I/O thread"):
        _loop.run(on_the_loop())
    assert client.request_count == 0
