"""The service's timestamps: ISO-8601 in UTC on the wire, epoch seconds in the code.

One parser for the client (lost-create recovery), the token core (expiry) and the drift
report. The emulator keeps its own (emulator/clock.py): it shares nothing with the provider.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

__all__ = ["format_time", "parse_time"]


def parse_time(text: Any) -> float | None:
    """Epoch seconds of an ISO-8601 time (naive means UTC); None for anything else."""
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def format_time(moment: float) -> str:
    """``moment`` (epoch seconds) as the service writes times: whole seconds, ``Z``."""
    return datetime.fromtimestamp(int(moment), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
