"""HTTP routes of the emulator, one router per tag of the spec; shared request helpers here.

Routes only parse the request, call the :class:`~..store.Store` and serialise: every
service rule lives in the store. Request bodies are read by :func:`json_body` (size cap,
content type, strict JSON) and query strings by :func:`paging` / :func:`scope_filter`, so a
hostile request always ends as a :class:`~..ServiceError` (a 4xx envelope).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ..errors import PayloadTooLarge, ServiceError, Unauthorized
from ..store import MAX_LIMIT, ScopePattern, Store, parse_scope

__all__ = [
    "MAX_BODY",
    "Account",
    "basic_credentials",
    "current_account",
    "get_store",
    "json_body",
    "ok",
    "paging",
    "scope_filter",
    "wire",
]

#: Largest request body accepted (bigger ones get a 413 envelope).
MAX_BODY = 64 * 1024
#: Largest ``skip`` honoured (bigger ones return an empty page, never an overflow).
_MAX_SKIP = 1_000_000_000


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def ok(data: Any, *, message: str = "") -> JSONResponse:
    """The success envelope; models are dumped with their wire (camelCase) names."""
    return JSONResponse({"success": True, "message": message, "error": None, "data": wire(data)})


def wire(data: Any) -> Any:
    """Models and containers of models as wire JSON (camelCase, no nulls)."""
    if isinstance(data, BaseModel):
        return data.model_dump(by_alias=True, exclude_none=True, mode="json")
    if isinstance(data, list):
        return [wire(item) for item in data]
    if isinstance(data, dict):
        return {key: wire(value) for key, value in data.items()}
    return data


def basic_credentials(request: Request) -> tuple[str, str] | None:
    """``(email, api_key)`` from ``Authorization: Basic ...``, or None if absent/garbled."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    email, sep, api_key = decoded.partition(":")
    if not sep or not email:
        return None
    return email, api_key


def current_account(request: Request) -> str:
    """Dependency: the authenticated account; 401 error 140 otherwise."""
    credentials = basic_credentials(request)
    if credentials is None:
        raise Unauthorized()
    return get_store(request).authenticate(*credentials)


async def _account_on_loop(request: Request) -> str:
    # Async, so FastAPI calls it on the event loop: as a sync dependency it cost a thread-pool
    # round trip per request, far more than its one indexed SQLite lookup (the store
    # serialises every call behind one lock anyway).
    return current_account(request)


Account = Annotated[str, Depends(_account_on_loop)]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


async def json_body(request: Request, *, invalid: type[ServiceError]) -> Any:
    """The parsed JSON body (``None`` when empty), or raise ``invalid`` / PayloadTooLarge.

    Strict: the content type must be JSON, NaN/Infinity are refused, strings must be
    valid Unicode (a lone surrogate would not survive SQLite or the response encoder).
    """
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_BODY:
        raise PayloadTooLarge()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise PayloadTooLarge()
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        return None
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise invalid(f"{invalid.message}: the body must be JSON (Content-Type: application/json)")
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except (ValueError, UnicodeError, RecursionError) as exc:
        raise invalid(f"{invalid.message}: malformed JSON body") from exc
    return body


_INTEGER = re.compile(r"-?[0-9]+")


def _int_param(request: Request, name: str, default: int, bad: type[ServiceError]) -> int:
    """An ``integer`` query parameter: absent gives ``default``; empty or not an integer raises."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not _INTEGER.fullmatch(raw):
        raise bad(f"{bad.message}: {name} must be an integer")
    digits = raw.lstrip("-")
    # Beyond 18 digits every value means the same here (and int() refuses over 4300 digits).
    value = int(digits) if len(digits) <= 18 else 10**18
    return -value if raw.startswith("-") else value


def paging(request: Request, bad: type[ServiceError]) -> tuple[int, int]:
    """``(skip, limit)`` as the spec types them: integers, defaults 0 and 100, ``limit`` at most 100.

    The schema sets no minimum, so a negative skip reads as 0 and a negative limit as an empty
    page; what the schema forbids (``limit`` over 100, an empty value, a non-integer) raises ``bad``.
    """
    skip = min(max(_int_param(request, "skip", 0, bad), 0), _MAX_SKIP)
    limit = _int_param(request, "limit", MAX_LIMIT, bad)
    if limit > MAX_LIMIT:
        raise bad(f"{bad.message}: limit must be at most {MAX_LIMIT}")
    return skip, max(limit, 0)


def scope_filter(request: Request, bad: type[ServiceError]) -> list[ScopePattern] | None:
    """The comma-separated ``scopes`` filter; a malformed scope raises ``bad``."""
    raw = request.query_params.get("scopes")
    if raw is None or not raw.strip():
        return None
    patterns: list[ScopePattern] = []
    for item in _split(raw):
        parsed = parse_scope(item)
        if parsed is None:
            raise bad()
        patterns.append(parsed)
    return patterns or None


def _split(raw: str) -> Sequence[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]
