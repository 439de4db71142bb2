"""The emulator's control API under ``/_emulator/`` (no auth, never counted nor faulted).

Tests and tools rely on these exact paths::

    POST   /_emulator/clock          {"advance_seconds": N}        -> {"now": ...}
    GET    /_emulator/clock                                        -> {"now": ..., "offset": s}
    PUT    /_emulator/faults         [rule, ...]                   -> {"faults": [...]}
    GET    /_emulator/faults                                       -> {"faults": [...]}
    DELETE /_emulator/faults
    GET    /_emulator/requests                                     -> {"METHOD /template": n}
    DELETE /_emulator/requests
    GET    /_emulator/tokens[?account=]                            -> {"count", "tokens"}
    POST   /_emulator/usage          {"account", "scope", "count", "token", "wallet_amount",
                                      "ip", "error": {"http","code","message"}|null, "at"}
    POST   /_emulator/scopes         {"account", "scopes": [ScopeDetail-like, ...]}
    POST   /_emulator/subscriptions  {"account", "subscriptions": [Subscription-like, ...]}
    POST   /_emulator/callbacks      {"account", "callbacks": [Callback-like, ...]}
    PUT    /_emulator/wallet         {"account", "credit": 12.5}
    POST   /_emulator/accounts       {"email", "api_key", "seed": "demo"|null}

Answers are plain JSON (no service envelope); errors are the envelope with ``error: null``.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from .._models import ScopeDetail
from . import errors
from .faults import FaultRule, FaultState
from .routes import get_store, json_body, wire
from .seed import seed_account

__all__ = ["router"]

router = APIRouter(prefix="/_emulator", tags=["Emulator"], include_in_schema=False)


def _plain(data: Any) -> JSONResponse:
    """Admin answers are plain JSON (no service envelope); errors still use the envelope."""
    return JSONResponse(wire(data))


def _faults(request: Request) -> FaultState:
    state: FaultState = request.app.state.faults
    return state


async def _object(request: Request) -> dict[str, Any]:
    body = await json_body(request, invalid=errors.BadRequest)
    if not isinstance(body, dict):
        raise errors.BadRequest("the body must be a JSON object")
    return body


def _str(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise errors.BadRequest(f"{key!r} must be a non-empty string")
    return value


def _list(body: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = body.get(key)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise errors.BadRequest(f"{key!r} must be a list of objects")
    return value


def _number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise errors.BadRequest(f"{key!r} must be a finite number")
    return float(value)


# ------------------------------------------------------------------------- clock


@router.post("/clock")
async def advance_clock(request: Request) -> JSONResponse:
    body = await _object(request)
    seconds = _number(body.get("advance_seconds"), "advance_seconds")
    if seconds < 0:
        raise errors.BadRequest("the emulator clock only moves forward")
    now = await run_in_threadpool(get_store(request).advance_clock, seconds)
    return _plain({"now": now})


@router.get("/clock")
def get_clock(request: Request) -> JSONResponse:
    store = get_store(request)
    return _plain({"now": store.now(), "offset": store.clock.offset})


# ------------------------------------------------------------------------- faults


@router.put("/faults")
async def set_faults(request: Request) -> JSONResponse:
    body = await json_body(request, invalid=errors.BadRequest)
    if not isinstance(body, list):
        raise errors.BadRequest("the body must be a JSON list of fault rules")
    try:
        rules = [FaultRule.from_json(item) for item in body]
    except (TypeError, ValueError) as exc:
        raise errors.BadRequest(f"invalid fault rule: {exc}") from exc
    _faults(request).set_rules(rules)
    return _plain({"faults": _faults(request).rules()})


@router.get("/faults")
def get_faults(request: Request) -> JSONResponse:
    return _plain({"faults": _faults(request).rules()})


@router.delete("/faults")
def clear_faults(request: Request) -> JSONResponse:
    _faults(request).clear()
    return _plain({"faults": []})


# ------------------------------------------------------------------------- requests


@router.get("/requests")
def get_requests(request: Request) -> JSONResponse:
    """Plain ``{"METHOD /template": count}`` (no envelope: it is read by tools)."""
    return JSONResponse(_faults(request).counts())


@router.delete("/requests")
def reset_requests(request: Request) -> JSONResponse:
    _faults(request).reset_counts()
    return JSONResponse({})


# ------------------------------------------------------------------------- state


@router.get("/tokens")
def list_tokens(request: Request) -> JSONResponse:
    """Live tokens' metadata (name, scopes, account, expireAt): never the values."""
    tokens = get_store(request).admin_list_tokens(request.query_params.get("account"))
    return JSONResponse({"count": len(tokens), "tokens": tokens})


@router.post("/usage")
async def record_usage(request: Request) -> JSONResponse:
    body = await _object(request)
    error = body.get("error")
    if error is not None and not isinstance(error, dict):
        raise errors.BadRequest("'error' must be an object or null")
    count = body.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int):
        raise errors.BadRequest("'count' must be an integer")
    token, at, ip = body.get("token"), body.get("at"), body.get("ip", "127.0.0.1")
    if not all(v is None or isinstance(v, str) for v in (token, at, ip)):
        raise errors.BadRequest("'token', 'at' and 'ip' must be strings")
    try:
        recorded = await run_in_threadpool(
            lambda: get_store(request).record_usage(
                _str(body, "account"),
                scope=_str(body, "scope"),
                count=count,
                token=token,
                wallet_amount=_number(body.get("wallet_amount", 0), "wallet_amount"),
                ip=ip or "127.0.0.1",
                error=error,
                at=at,
            )
        )
    except ValueError as exc:
        raise errors.BadRequest(f"invalid usage: {exc}") from exc
    return _plain(recorded)


@router.post("/scopes")
async def add_scopes(request: Request) -> JSONResponse:
    body = await _object(request)
    try:
        entries = [ScopeDetail.model_validate(item) for item in _list(body, "scopes")]
    except ValidationError as exc:
        raise errors.BadRequest(f"invalid scope entry: {exc.errors()[0]['msg']}") from exc
    added = await run_in_threadpool(get_store(request).add_scopes, _str(body, "account"), entries)
    return _plain(added)


@router.post("/subscriptions")
async def add_subscriptions(request: Request) -> JSONResponse:
    body = await _object(request)
    try:
        added = await run_in_threadpool(
            get_store(request).add_subscriptions,
            _str(body, "account"),
            _list(body, "subscriptions"),
        )
    except (TypeError, ValueError) as exc:
        raise errors.BadRequest(f"invalid subscription: {exc}") from exc
    return _plain(added)


@router.post("/callbacks")
async def add_callbacks(request: Request) -> JSONResponse:
    body = await _object(request)
    try:
        added = await run_in_threadpool(
            get_store(request).add_callbacks, _str(body, "account"), _list(body, "callbacks")
        )
    except (TypeError, ValueError) as exc:
        raise errors.BadRequest(f"invalid callback: {exc}") from exc
    return _plain(added)


@router.put("/wallet")
async def set_wallet(request: Request) -> JSONResponse:
    body = await _object(request)
    credit = _number(body.get("credit"), "credit")
    wallet = await run_in_threadpool(lambda: get_store(request).set_wallet(_str(body, "account"), credit=credit))
    return _plain(wallet)


@router.post("/accounts")
async def add_account(request: Request) -> JSONResponse:
    body = await _object(request)
    email, api_key = _str(body, "email"), _str(body, "api_key")
    seed = body.get("seed")
    store = get_store(request)
    await run_in_threadpool(store.add_account, email, api_key)
    if seed is not None:
        if seed != "demo":
            raise errors.BadRequest("the only seed is 'demo'")
        await run_in_threadpool(seed_account, store, email)
    return _plain({"email": email})
