"""The Token's rules of change: the auto name, the declared expiry, and what differs.

Pure functions over plain values; the clock is passed in (the service's, see
:meth:`pulumi_openapi_oauth.token.core.TokenCore.now`). ``check`` fills the name and declares
the expiry; ``diff`` and ``update`` compare the managed fields and the live expiry with the
declared one.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pulumi_openapi_oauth._constants import DEFAULT_TTL, MAX_TTL, NAME_SEED_KEY
from pulumi_openapi_oauth._times import format_time, parse_time
from pulumi_openapi_oauth.token.inputs import (
    ADOPT_KEY,
    AUTO_NAME_KEY,
    COMPUTED_INPUTS,
    EXPIRY_REASON,
    MANAGED_FIELDS,
    MAX_NAME_LENGTH,
    UNKNOWN,
    changed_fields,
    contains_unknown,
    is_unknown,
    normalise,
)

__all__ = [
    "DECLARED_EXPIRY_KEY",
    "EXPIRY_REASON",
    "EXPIRY_TOLERANCE",
    "NAME_SEED_KEY",
    "Diff",
    "Expiry",
    "declare_expiry",
    "diff",
    "expiry",
    "fill_name",
    "ttl_until",
]

_SUFFIX_HEX = 8
#: Hidden output (and input after a refresh): the expiry the stack declares, i.e. the start of
#: the token's current lifetime (create, renewal, ttl change) plus ``ttl``. The ``expire_at``
#: input is the same value; the ``expire_at`` output is the service's.
DECLARED_EXPIRY_KEY = "__declared_expire_at"
#: Seconds the live expiry may differ from the declared one before it is drift (clock skew,
#: the 1-second resolution of the service's times and of its Date header).
EXPIRY_TOLERANCE = 60

#: What the expiry needs: replace the token, one PATCH of ``ttl``, or nothing.
Expiry = Literal["expired", "set"] | None


@dataclass(frozen=True)
class Diff:
    """Old outputs against new inputs: the fields updated in place and those that replace."""

    changed: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.changed or self.replaces)


def ttl_until(target: float, now: float) -> int:
    """The ttl that makes the service's expiry ``target`` (at least 1 s, at most a year)."""
    return min(MAX_TTL, max(1, math.ceil(target - now)))


# -- naming --------------------------------------------------------------------------------


def _auto_name(seed: Any, triggers: Any) -> str:
    """``<resource name>-<8 hex>``: the hex is a hash of the URN and the rotation triggers, so
    preview and up agree, every stack and resource gets its own name, and a rotation a new one.
    The resource name is the URN's part after its third ``::`` (it may contain ``::`` itself)."""
    known = isinstance(seed, str) and not is_unknown(seed)
    parts = seed.split("::", 3) if known and seed.startswith("urn:pulumi:") else []
    base = parts[3] if len(parts) == 4 else "token"
    base = "".join(ch for ch in base if ch.isprintable())[: MAX_NAME_LENGTH - _SUFFIX_HEX - 1] or "token"
    seed_text = seed if known else base
    pairs = triggers.items() if isinstance(triggers, Mapping) else ()
    canonical = json.dumps(sorted((str(k), str(v)) for k, v in pairs))
    digest = hashlib.sha256(f"{seed_text}\n{canonical}".encode()).hexdigest()
    return f"{base}-{digest[:_SUFFIX_HEX]}"


def fill_name(olds: Mapping[str, Any], inputs: dict[str, Any]) -> None:
    """Fill the auto name; ``__auto_name`` keeps it (the name chosen at create) or is False.

    The kept name is the declared one even after a refresh took a hand-set name into the
    ``name`` input, so an out-of-band rename is drift. ``adopt_token`` only matters at
    create: an adopted token without a declared name keeps its own name.
    """
    if inputs.get("name") is not None:
        inputs[AUTO_NAME_KEY] = False
        return
    old_auto = olds.get(AUTO_NAME_KEY)
    rotated = bool(olds) and normalise("rotation_triggers", olds.get("rotation_triggers")) != normalise(
        "rotation_triggers", inputs.get("rotation_triggers")
    )
    unmanaged = bool(olds) and old_auto is False and olds.get("name") is None  # adopted, no name declared
    if (not olds and inputs.get(ADOPT_KEY) is not None) or (unmanaged and not rotated):
        inputs[AUTO_NAME_KEY] = False  # the adopted token's own name stays unmanaged
        return
    if isinstance(old_auto, str) and old_auto and not rotated:
        name = old_auto
    elif old_auto is True and isinstance(olds.get("name"), str) and olds["name"] and not rotated:
        name = olds["name"]  # state written before the auto name was kept in __auto_name
    else:
        # A rotation gets a new name: the replacement is created while the old token
        # still exists, and the lost-response recovery matches tokens by name.
        name = _auto_name(inputs.get(NAME_SEED_KEY), inputs.get("rotation_triggers"))
    inputs["name"] = name
    inputs[AUTO_NAME_KEY] = name


# -- the declared expiry -------------------------------------------------------------------


async def declare_expiry(
    olds: Mapping[str, Any], inputs: dict[str, Any], clock: Callable[[], Awaitable[float]]
) -> None:
    """Set the ``expire_at`` input (the declared expiry) and ``expire_reason``.

    A lifetime starts at create, at a ttl change, at a renewal (within ``renew_before`` of
    the declared expiry) and when the declared expiry has passed (the token is replaced);
    otherwise the declared expiry is carried over. Judged on the service's clock, which
    ``clock`` is asked for only when the decision needs it.
    """
    for key in (*COMPUTED_INPUTS, DECLARED_EXPIRY_KEY):
        inputs.pop(key, None)
    ttl = inputs.get("ttl")
    if contains_unknown(ttl) or contains_unknown(inputs.get("renew_before")):
        inputs["expire_at"] = UNKNOWN  # preview only: decided once the inputs are known
        return
    if not olds and inputs.get(ADOPT_KEY) is not None:
        return  # an adopted token keeps its expiry; its lifetime is recorded at create
    if ttl is not None and not (isinstance(ttl, int) and not isinstance(ttl, bool) and 1 <= ttl <= MAX_TTL):
        return  # an invalid ttl: check reports it
    seconds = DEFAULT_TTL if ttl is None else ttl
    declared = parse_time(olds.get(DECLARED_EXPIRY_KEY)) or parse_time(olds.get("expire_at"))
    if olds and declared is None:
        return  # state written before lifetimes were declared: judged on the live expiry
    now = await clock()
    renew = inputs.get("renew_before")
    if declared is None:
        reason = "new token: now + ttl"
    elif normalise("ttl", olds.get("ttl")) != normalise("ttl", ttl):
        reason = f"ttl changed to {seconds} s: now + ttl"
    elif now >= declared:
        reason = f"the declared expiry {format_time(declared)} has passed: a new token, now + ttl"
    elif isinstance(renew, (int, float)) and not isinstance(renew, bool) and declared - now <= renew:
        reason = f"renewal: within renew_before ({int(renew)} s) of expire_at {format_time(declared)}: now + ttl"
    else:
        live = parse_time(olds.get("expire_at"))  # after a refresh, the live expiry
        inputs["expire_at"] = format_time(declared)
        if live is not None and abs(live - declared) > EXPIRY_TOLERANCE:
            inputs[EXPIRY_REASON] = (
                f"restore the declared expiry (the live one, {format_time(live)}, was changed outside Pulumi)"
            )
        else:
            kept = olds.get(EXPIRY_REASON)
            inputs[EXPIRY_REASON] = kept if isinstance(kept, str) and not kept.startswith("restore") else "declared"
        return
    inputs["expire_at"] = format_time(now + seconds)
    inputs[EXPIRY_REASON] = reason


def expiry(olds: Mapping[str, Any], news: Mapping[str, Any], now: Callable[[], float]) -> Expiry:
    """What the expiry needs, on the service's clock: "expired" (replace), "set" (one PATCH
    of ttl to reach the declared expiry: renewal, ttl change, out-of-band change) or None."""
    live = parse_time(olds.get("expire_at"))
    if live is None:
        return None
    moment = now()
    declared_before = parse_time(olds.get(DECLARED_EXPIRY_KEY))
    if moment >= live or (declared_before is not None and moment >= declared_before):
        return "expired"
    wanted = news.get("expire_at")
    if is_unknown(wanted):
        return "set"
    declared = parse_time(wanted)
    if declared is None:
        # Inputs written before lifetimes were declared: renew on the live expiry.
        renew = news.get("renew_before")
        if renew is None or contains_unknown(renew) or isinstance(renew, bool):
            return None
        return "set" if live - moment <= float(renew) else None
    return "set" if abs(declared - live) > EXPIRY_TOLERANCE else None


def diff(olds: Mapping[str, Any], news: Mapping[str, Any], now: Callable[[], float]) -> Diff:
    """Old outputs against new inputs: the managed fields, and the live expiry against the
    declared one. The same rule serves ``pulumi refresh`` (refreshed outputs against the
    state's inputs) and ``preview``/``up``, so both see the same drift."""
    changed = changed_fields(olds, news, (*MANAGED_FIELDS, "renew_before"))
    replaces: list[str] = []
    if normalise("rotation_triggers", olds.get("rotation_triggers")) != normalise(
        "rotation_triggers", news.get("rotation_triggers")
    ):
        replaces.append("rotation_triggers")
    need = expiry(olds, news, now)
    if need == "expired":
        replaces.append("expire_at")
    elif need is not None:
        changed.append("expire_at")
    return Diff(changed, replaces)
