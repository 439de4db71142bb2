"""Wallet: GET /wallet and GET /wallet/transactions."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .. import errors
from . import Account, get_store, ok, paging

__all__ = ["router"]

router = APIRouter(tags=["Wallet"])


@router.get("/wallet")
def get_wallet(request: Request, account: Account) -> JSONResponse:
    return ok(get_store(request).get_wallet(account))


@router.get("/wallet/transactions")
def list_wallet_transactions(request: Request, account: Account) -> JSONResponse:
    skip, limit = paging(request, errors.WalletQueryError)
    return ok(get_store(request).list_wallet_transactions(account, skip=skip, limit=limit))
