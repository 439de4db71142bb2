"""Stats: GET /stats, /stats/ips, /stats/apis, /stats/apis/{domain} (``date`` filter)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from . import Account, get_store, ok

__all__ = ["router"]

router = APIRouter(tags=["Stats"])


def _date(request: Request) -> str | None:
    return request.query_params.get("date")


@router.get("/stats")
def get_stats(request: Request, account: Account) -> JSONResponse:
    return ok(get_store(request).get_stats(account, date=_date(request)))


@router.get("/stats/ips")
def get_stats_ips(request: Request, account: Account) -> JSONResponse:
    return ok(get_store(request).get_stats_ips(account, date=_date(request)))


@router.get("/stats/apis")
def get_stats_apis(request: Request, account: Account) -> JSONResponse:
    return ok(get_store(request).get_stats_apis(account, date=_date(request)))


@router.get("/stats/apis/{domain}")
def get_stats_api(request: Request, domain: str, account: Account) -> JSONResponse:
    return ok(get_store(request).get_stats_api(account, domain, date=_date(request)))
