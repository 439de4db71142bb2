"""Subscriptions: GET /subscriptions (list, or one with ``?id=``) and /subscriptions/{id}."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .. import errors
from . import Account, get_store, ok, paging, scope_filter

__all__ = ["router"]

router = APIRouter(tags=["Subscriptions"])


@router.get("/subscriptions")
def list_subscriptions(request: Request, account: Account) -> JSONResponse:
    store = get_store(request)
    sid = request.query_params.get("id")
    if sid:
        return ok(store.get_subscription(account, sid))
    skip, limit = paging(request, errors.SubscriptionsQueryError)
    scopes = scope_filter(request, errors.SubscriptionsQueryError)
    return ok(store.list_subscriptions(account, scopes=scopes, skip=skip, limit=limit))


@router.get("/subscriptions/{id}")
def get_subscription(request: Request, id: str, account: Account) -> JSONResponse:
    return ok(get_store(request).get_subscription(account, id))
