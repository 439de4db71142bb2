"""One private event loop per process, on a daemon thread, for the blocking client facade.

:class:`~pulumi_openapi_oauth.client.OAuthClient` is called from plain threads (the dynamic
provider host's gRPC workers) and from inside a Pulumi program, whose own event loop is
already running on the calling thread, so ``asyncio.run`` would fail there. Running every
coroutine on this one loop works from both, and keeps each pooled ``httpx.AsyncClient`` on
the single loop its connections belong to. The thread is started on first use and again in
a forked child, where the parent's thread does not exist.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator, Coroutine, Iterator
from typing import Any, TypeVar

__all__ = ["iterate", "run"]

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_thread: threading.Thread | None = None
_pid: int | None = None


def _running_loop() -> asyncio.AbstractEventLoop:
    global _loop, _thread, _pid
    with _lock:
        if _loop is None or _pid != os.getpid() or _thread is None or not _thread.is_alive():
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="pulumi-openapi-oauth-io", daemon=True)
            thread.start()
            _loop, _thread, _pid = loop, thread, os.getpid()
        return _loop


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` on the private loop and block the calling thread until it is done."""
    loop = _running_loop()
    if threading.current_thread() is _thread:
        coro.close()
        raise RuntimeError("the blocking OAuthClient was called on its own I/O thread; await AsyncOAuthClient there")
    return asyncio.run_coroutine_threadsafe(coro, loop).result()


def iterate(items: AsyncIterator[T]) -> Iterator[T]:
    """``items`` one at a time, each step run by :func:`run`.

    Stopping early leaves the async generator to the loop, which finalises it (asyncio's
    async-generator hooks), so nothing blocks in a garbage collector.
    """
    while True:
        try:
            yield run(_anext(items))
        except StopAsyncIteration:
            return


async def _anext(items: AsyncIterator[T]) -> T:
    return await items.__anext__()
