"""Scopes: GET /scopes and GET /scopes/{id} (the account's catalogue)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from . import Account, get_store, ok

__all__ = ["router"]

router = APIRouter(tags=["Scopes"])


@router.get("/scopes")
def list_scopes(request: Request, account: Account) -> JSONResponse:
    return ok(get_store(request).list_scopes(account))


@router.get("/scopes/{id}")
def get_scope(request: Request, id: str, account: Account) -> JSONResponse:
    return ok(get_store(request).get_scope(account, id))
