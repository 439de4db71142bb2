"""The emulator's clock: real UTC time plus an offset that only the admin API moves.

Every expiry decision (tokens, subscriptions) reads this clock, so tests can jump ahead
with ``POST /_emulator/clock`` instead of sleeping. The store persists the offset.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import lru_cache

__all__ = ["Clock", "format_time", "parse_time"]

_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class Clock:
    """UTC time shifted by ``offset`` seconds; thread-safe."""

    def __init__(self, *, offset: float = 0.0, source: Callable[[], datetime] | None = None) -> None:
        self._offset = offset
        self._source = source or (lambda: datetime.now(timezone.utc))
        self._lock = threading.Lock()

    @property
    def offset(self) -> float:
        with self._lock:
            return self._offset

    def now(self) -> datetime:
        """The emulated time, truncated to whole seconds (the wire has no fractions)."""
        with self._lock:
            offset = self._offset
        return (self._source() + timedelta(seconds=offset)).replace(microsecond=0)

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward (never backwards) and return the new now."""
        if seconds < 0:
            raise ValueError("the emulator clock only moves forward")
        with self._lock:
            self._offset += seconds
        return self.now()

    def iso(self) -> str:
        return _iso(self.now())


def format_time(moment: datetime) -> str:
    """ISO-8601 UTC with a ``Z``: ``2026-02-03T17:15:09Z`` (sorts lexicographically)."""
    return moment.astimezone(timezone.utc).strftime(_FORMAT)


@lru_cache(maxsize=8)
def _iso(moment: datetime) -> str:
    # Whole seconds, so every request within one second formats the same value: ~2 us saved
    # on each request that reads the clock (a token lookup compares expiry with it).
    return format_time(moment)


def parse_time(text: str) -> datetime:
    """Parse ``YYYY-MM-DDTHH:MM:SSZ`` or any ISO-8601 time with an offset; naive means UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0)
