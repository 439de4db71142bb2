"""Fault injection and request counting: the outermost pure-ASGI wrapper of the emulator.

It sits outside FastAPI so it gets uvicorn's own ``send``. For every request on a spec
route it counts ``"METHOD /template"``; then the first matching fault rule (if any) is
applied and its ``times`` counted down:

- ``delay_ms`` reads the request, then sleeps before handling it (a request held on its way);
- ``status`` answers that status with the service envelope (and ``Retry-After`` when
  ``retry_after`` is set) without running the handler;
- ``drop`` runs the real handler (so its side effects happen), swallows the response and
  closes the connection, so the client sees a connection error and no response;
- ``hold_ms`` runs the real handler (so its side effects happen), then holds the finished
  response that long before sending it: a late answer, as from a service or proxy slower than
  the client's timeout. A client that hangs up meanwhile is no emulator error: the held
  response is dropped quietly (uvicorn ignores sends to a closed connection).

``/_emulator/`` paths are never counted nor faulted.

A rule with ``probability`` (0..1) fires on that share of its matching requests, decided
deterministically: the draw for a request is seeded by ``seed``, the request's identity
(method, path and a hash of its body, so a client's retry of the same request is the same
identity) and how many times that identity was seen before. So "30% of token writes fail"
gives the same faults for the same requests in every run, whatever the concurrency.
``max_streak`` caps how many times in a row one request identity is faulted by the rule
(so a client with that many retries always gets through). A rule that does not fire lets
the request fall through to the next matching rule; ``times`` counts only firings.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import re
import threading
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from .errors import envelope_for

__all__ = ["ADMIN_PREFIX", "SPEC_TEMPLATES", "FaultInjector", "FaultRule", "FaultState", "template_for"]

ADMIN_PREFIX = "/_emulator/"

#: The spec's path templates (the ``/tokens/{token}`` form is what counts and rules use).
SPEC_TEMPLATES = (
    "/tokens",
    "/tokens/{token}",
    "/scopes",
    "/scopes/{id}",
    "/errors",
    "/wallet",
    "/wallet/transactions",
    "/callbacks",
    "/callbacks/{id}",
    "/stats",
    "/stats/ips",
    "/stats/apis",
    "/stats/apis/{domain}",
    "/subscriptions",
    "/subscriptions/{id}",
)

_COMPILED = [(template, re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]*", template) + "$")) for template in SPEC_TEMPLATES]

_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def template_for(path: str) -> str | None:
    """The spec template a request path falls under, or None (unknown or admin path)."""
    for template, pattern in _COMPILED:
        if pattern.match(path):
            return template
    return None


@dataclass
class FaultRule:
    """One rule of ``PUT /_emulator/faults``; ``times=None`` means every matching request."""

    method: str = "*"
    path: str = "*"
    status: int | None = None
    times: int | None = 1
    delay_ms: int = 0
    hold_ms: int = 0
    drop: bool = False
    retry_after: float | int | None = None
    probability: float | None = None
    seed: int = 0
    max_streak: int | None = None

    @classmethod
    def from_json(cls, data: Any) -> FaultRule:
        if not isinstance(data, dict):
            raise ValueError("a fault rule must be a JSON object")
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown fault rule keys: {sorted(unknown)}")
        rule = cls(**data)
        if not isinstance(rule.method, str) or not isinstance(rule.path, str):
            raise ValueError("method and path must be strings")
        rule.method = rule.method.upper()
        if rule.status is not None and (
            isinstance(rule.status, bool) or not isinstance(rule.status, int) or not 100 <= rule.status <= 599
        ):
            raise ValueError("status must be an HTTP status code")
        if rule.times is not None and (not isinstance(rule.times, int) or rule.times < 1):
            raise ValueError("times must be a positive integer or null")
        if not isinstance(rule.delay_ms, int) or not 0 <= rule.delay_ms <= 60_000:
            raise ValueError("delay_ms must be an integer between 0 and 60000")
        if isinstance(rule.hold_ms, bool) or not isinstance(rule.hold_ms, int) or not 0 <= rule.hold_ms <= 120_000:
            raise ValueError("hold_ms must be an integer between 0 and 120000")
        if not isinstance(rule.drop, bool):
            raise ValueError("drop must be a boolean")
        if rule.probability is not None and (
            isinstance(rule.probability, bool)
            or not isinstance(rule.probability, (int, float))
            or not 0 <= rule.probability <= 1
        ):
            raise ValueError("probability must be a number between 0 and 1, or null")
        if isinstance(rule.seed, bool) or not isinstance(rule.seed, int):
            raise ValueError("seed must be an integer")
        if rule.max_streak is not None and (
            isinstance(rule.max_streak, bool) or not isinstance(rule.max_streak, int) or rule.max_streak < 1
        ):
            raise ValueError("max_streak must be a positive integer or null")
        return rule

    def fires(self, identity: str, seen: int, streak: int) -> bool:
        """Whether this rule applies to the ``seen``-th sighting of a request identity."""
        if self.max_streak is not None and streak >= self.max_streak:
            return False
        if self.probability is None:
            return True
        draw = random.Random(f"{self.seed}|{identity}|{seen}").random()
        return draw < self.probability

    def matches(self, method: str, path: str, template: str | None) -> bool:
        if self.method not in ("*", method):
            return False
        return self.path in ("*", path) or (template is not None and self.path == template)


class FaultState:
    """Rules and request counters, shared by the middleware and the admin API."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._counts: Counter[str] = Counter()
        # Per (rule object, request identity): sightings and the current run of firings.
        self._seen: dict[tuple[int, str], int] = {}
        self._streak: dict[tuple[int, str], int] = {}

    def set_rules(self, rules: list[FaultRule]) -> None:
        with self._lock:
            self._rules = list(rules)
            self._seen.clear()
            self._streak.clear()

    def clear(self) -> None:
        self.set_rules([])

    def rules(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(rule) for rule in self._rules]

    def needs_body(self, method: str, path: str, template: str | None) -> bool:
        """Whether a matching rule decides by request identity (so the body must be read)."""
        if not self._rules:  # the usual case: no lock taken
            return False
        with self._lock:
            return any(
                r.matches(method, path, template) and (r.probability is not None or r.max_streak is not None)
                for r in self._rules
            )

    def take(self, method: str, path: str, template: str | None, body: bytes = b"") -> FaultRule | None:
        """The first matching rule that fires, with its ``times`` counted down (removed at zero)."""
        if not self._rules:  # the usual case: no body hash, no lock
            return None
        identity = f"{method} {path} {hashlib.sha256(body).hexdigest()[:16]}"
        with self._lock:
            for index, rule in enumerate(self._rules):
                if rule.matches(method, path, template):
                    if rule.probability is not None or rule.max_streak is not None:
                        key = (id(rule), identity)
                        seen = self._seen.get(key, 0)
                        self._seen[key] = seen + 1
                        fired = rule.fires(identity, seen, self._streak.get(key, 0))
                        self._streak[key] = self._streak.get(key, 0) + 1 if fired else 0
                        if not fired:
                            continue
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            del self._rules[index]
                    return rule
        return None

    def count(self, key: str) -> None:
        with self._lock:
            self._counts[key] += 1

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(sorted(self._counts.items()))

    def reset_counts(self) -> None:
        with self._lock:
            self._counts.clear()


Scope = dict[str, Any]


class FaultInjector:
    """Pure ASGI middleware; wrap the whole app with it (outermost)."""

    def __init__(self, app: Any, state: FaultState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith(ADMIN_PREFIX):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        path = scope["path"]
        template = template_for(path)
        if template is not None:
            self.state.count(f"{method} {template}")
        body = b""
        if self.state.needs_body(method, path, template):
            receive, body = await _buffer(receive)
        rule = self.state.take(method, path, template, body)
        if rule is None:
            await self.app(scope, receive, send)
            return
        if rule.delay_ms:
            # The request is read first and then held, as a proxy would hold it: it still takes
            # effect if the client hangs up meanwhile (and that is no emulator error).
            if not body:
                receive, body = await _buffer(receive)
            await asyncio.sleep(rule.delay_ms / 1000)
        if rule.status is not None:
            await _answer(send, rule.status, rule.retry_after)
        elif rule.drop:
            await self._drop(scope, receive, send)
        elif rule.hold_ms:
            await _hold(self.app, scope, receive, send, rule.hold_ms / 1000)
        else:
            await self.app(scope, receive, send)

    async def _drop(self, scope: Scope, receive: Any, send: Any) -> None:
        async def swallow(message: Any) -> None:
            return None

        await self.app(scope, receive, swallow)
        # uvicorn's ``send`` is ``RequestResponseCycle.send`` (h11 and httptools alike).
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if transport is None:
            raise RuntimeError("drop faults need a real uvicorn server (no transport found)")
        transport.close()
        # Let ``connection_lost`` run, so uvicorn marks the cycle disconnected and does not
        # try to answer a 500 for the response we never started.
        for _ in range(3):
            await asyncio.sleep(0)


async def _hold(app: Any, scope: Scope, receive: Any, send: Any, seconds: float) -> None:
    """Run the handler to completion, then send its response ``seconds`` later."""
    held: list[Any] = []

    async def keep(message: Any) -> None:
        held.append(message)

    await app(scope, receive, keep)
    await asyncio.sleep(seconds)
    for message in held:
        await send(message)  # a no-op once the client has hung up


async def _buffer(receive: Any) -> tuple[Any, bytes]:
    """Read the whole request body; return a ``receive`` that replays it, and the body."""
    chunks: list[bytes] = []
    messages: list[Any] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break

    async def replay() -> Any:
        if messages:
            return messages.pop(0)
        return await receive()

    return replay, b"".join(chunks)


async def _answer(send: Any, status: int, retry_after: float | int | None) -> None:
    body = json.dumps(envelope_for(status, _REASONS.get(status, "Injected fault"))).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
