"""Tokens: POST/GET /tokens, GET/PATCH/DELETE /tokens/{token}."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .. import errors
from ..store import TOKEN_PATTERN, TokenChanges
from . import Account, current_account, get_store, json_body, ok, paging

__all__ = ["router"]

router = APIRouter(tags=["Tokens"])

_INT_LIMITS = ("totalRequests", "walletRequests", "subscriptionRequests")


# The token routes call the store on the event loop: a thread-pool round trip per call cost
# more CPU than the SQLite statements it would move off the loop (the store serialises every
# call behind one lock anyway; bench/README.md).


@router.post("/tokens")
async def create_token(request: Request) -> JSONResponse:
    account = current_account(request)
    body = await json_body(request, invalid=errors.InvalidScopesFormat)
    changes = token_changes(body, fmt=errors.InvalidScopesFormat, create=True)
    return ok(get_store(request).create_token(account, changes))


@router.get("/tokens")
async def list_tokens(request: Request, account: Account) -> JSONResponse:
    skip, limit = paging(request, errors.TokensQueryError)
    return ok(get_store(request).list_tokens(account, skip=skip, limit=limit))


@router.get("/tokens/{token}")
async def get_token(request: Request, token: str) -> JSONResponse:
    # Authenticated here rather than by the ``Account`` dependency: FastAPI solving a nested
    # dependency cost ~25 us per request on the emulator's busiest route (same order: 401 first).
    account = current_account(request)
    if not TOKEN_PATTERN.match(token):
        raise errors.InvalidTokenFormat()
    return ok(get_store(request).get_token(account, token))


@router.patch("/tokens/{token}")
async def update_token(request: Request, token: str) -> JSONResponse:
    store = get_store(request)
    refresh = _bearer(request)
    if refresh is None:
        account = current_account(request)
        if not TOKEN_PATTERN.match(token):
            raise errors.TokenNotFoundOnUpdate()
    body = await json_body(request, invalid=errors.InvalidScopesFormatOnUpdate)
    changes = token_changes(body, fmt=errors.InvalidScopesFormatOnUpdate, create=False)
    if refresh is not None:
        if not refresh or not TOKEN_PATTERN.match(token):
            raise errors.RefreshUnauthorized()
        return ok(store.refresh_token(token, refresh, changes))
    return ok(store.update_token(account, token, changes))


@router.delete("/tokens/{token}")
async def delete_token(request: Request, token: str, account: Account) -> JSONResponse:
    if not TOKEN_PATTERN.match(token):
        raise errors.TokenNotFoundOnDelete()
    get_store(request).delete_token(account, token)
    return ok(None, message="Deleted")


@router.patch("/tokens/")
@router.patch("/tokens", include_in_schema=False)
def update_without_token(request: Request) -> JSONResponse:
    if _bearer(request) is None:
        current_account(request)
    raise errors.TokenIdRequiredOnUpdate()


@router.delete("/tokens/")
@router.delete("/tokens", include_in_schema=False)
def delete_without_token(request: Request, account: Account) -> JSONResponse:
    raise errors.TokenIdRequiredOnDelete()


def _bearer(request: Request) -> str | None:
    """The refresh token of ``Authorization: Bearer <refreshToken>``, else None."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def token_changes(body: Any, *, fmt: type[errors.ServiceError], create: bool) -> TokenChanges:
    """Type-check a TokenCreate / TokenUpdate body (``fmt`` is error 80 or 100)."""
    if body is None:
        if create:
            raise errors.MissingScopes()
        return TokenChanges()
    if not isinstance(body, dict):
        raise fmt(f"{fmt.message}: the body must be a JSON object")
    scopes = body.get("scopes")
    if scopes is None and create:
        raise errors.MissingScopes()
    if scopes is not None and (not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes)):
        raise fmt()
    if create and not scopes:
        raise errors.MissingScopes()
    name = body.get("name")
    if name is not None and not isinstance(name, str):
        raise fmt(f"{fmt.message}: name must be a string")
    ttl = body.get("ttl")
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int)):
        raise fmt(f"{fmt.message}: ttl must be an integer number of seconds")
    limits = body.get("limits")
    if limits is not None:
        limits = _limits(limits, fmt)
    return TokenChanges(scopes=scopes, name=name, ttl=ttl, limits=limits)


def _limits(limits: Any, fmt: type[errors.ServiceError]) -> dict[str, Any]:
    """Validate TokenLimits; unknown keys are dropped."""
    if not isinstance(limits, dict):
        raise fmt(f"{fmt.message}: limits must be an object")
    clean: dict[str, Any] = {}
    for key in _INT_LIMITS:
        value = limits.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fmt(f"{fmt.message}: limits.{key} must be a non-negative integer")
        clean[key] = value
    amount = limits.get("walletAmount")
    if amount is not None:
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not math.isfinite(amount) or amount < 0:
            raise fmt(f"{fmt.message}: limits.walletAmount must be a non-negative number")
        clean["walletAmount"] = amount
    ips = limits.get("ip")
    if ips is not None:
        if not isinstance(ips, list) or not all(isinstance(ip, str) for ip in ips):
            raise fmt(f"{fmt.message}: limits.ip must be a list of strings")
        clean["ip"] = ips
    return clean
