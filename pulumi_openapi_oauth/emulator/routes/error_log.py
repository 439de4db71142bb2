"""Error logs: GET /errors (``scopes`` filter, skip/limit)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .. import errors
from . import Account, get_store, ok, paging, scope_filter

__all__ = ["router"]

router = APIRouter(tags=["Errors"])


@router.get("/errors")
def list_errors(request: Request, account: Account) -> JSONResponse:
    skip, limit = paging(request, errors.ErrorsQueryError)
    scopes = scope_filter(request, errors.ErrorsQueryError)
    return ok(get_store(request).list_errors(account, scopes=scopes, skip=skip, limit=limit))
