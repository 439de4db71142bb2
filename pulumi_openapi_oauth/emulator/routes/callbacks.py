"""Callbacks: GET /callbacks (list, or one with ``?id=``) and GET /callbacks/{id}."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .. import errors
from . import Account, get_store, ok, paging, scope_filter

__all__ = ["router"]

router = APIRouter(tags=["Callbacks"])


@router.get("/callbacks")
def list_callbacks(request: Request, account: Account) -> JSONResponse:
    store = get_store(request)
    cid = request.query_params.get("id")
    if cid:
        return ok(store.get_callback(account, cid))
    skip, limit = paging(request, errors.CallbacksQueryError)
    scopes = scope_filter(request, errors.CallbacksQueryError)
    return ok(store.list_callbacks(account, scopes=scopes, skip=skip, limit=limit))


@router.get("/callbacks/{id}")
def get_callback(request: Request, id: str, account: Account) -> JSONResponse:
    return ok(get_store(request).get_callback(account, id))
