"""The emulator's ASGI application: FastAPI routes + SQLite store, wrapped by faults.

``create_app`` returns the :class:`~.faults.FaultInjector` wrapper (an ASGI app); the
FastAPI app is its ``.app`` and the store is ``.app.state.store``.
"""

from __future__ import annotations

import logging
from datetime import datetime
from email.utils import format_datetime
from functools import lru_cache

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import errors
from .clock import Clock
from .faults import FaultInjector, FaultState
from .logs import install as install_log_redaction
from .routes.callbacks import router as callbacks_router
from .routes.error_log import router as errors_router
from .routes.scopes import router as scopes_router
from .routes.stats import router as stats_router
from .routes.subscriptions import router as subscriptions_router
from .routes.tokens import router as tokens_router
from .routes.wallet import router as wallet_router
from .seed import seed_account
from .store import Store

__all__ = ["create_app"]

log = logging.getLogger("pulumi_openapi_oauth.emulator")

DEFAULT_ACCOUNT = ("demo@example.com", "demo-key")


def create_app(
    db: str,
    *,
    accounts: list[tuple[str, str]],
    seed: str | None,
    admin: bool = True,
) -> FaultInjector:
    """Build the emulator over the SQLite database ``db`` (a path or ``:memory:``).

    ``accounts`` are ``(email, api_key)`` pairs, created or updated at start. ``seed`` is
    ``"demo"`` or None; seeding is idempotent. ``admin`` mounts ``/_emulator/``.
    """
    if seed not in (None, "demo"):
        raise ValueError(f"unknown seed {seed!r}; the only seed is 'demo'")
    install_log_redaction(access_log=False)
    store = Store(db)
    for email, api_key in accounts:
        store.add_account(email, api_key)
        if seed == "demo":
            seed_account(store, email)

    app = FastAPI(
        title="Openapi OAuth Service (emulator)",
        redirect_slashes=False,
        openapi_url="/_emulator/openapi.json" if admin else None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.faults = FaultState()
    routers = (
        tokens_router,
        scopes_router,
        errors_router,
        wallet_router,
        callbacks_router,
        stats_router,
        subscriptions_router,
    )
    # The routers' routes go straight into the app's route list rather than through
    # ``include_router``: FastAPI matches an included router's routes twice per request (once
    # to find the router, once to dispatch), ~24 us of the ~185 us of GET /tokens/{token}
    # in-process. The routers set no dependency and their routes already carry any prefix, so
    # nothing else changes (the generated OpenAPI document is identical).
    for router in routers:
        app.router.routes.extend(router.routes)
    app.state.spec_routes = [
        r for router in routers for r in router.routes if isinstance(r, APIRoute) and r.include_in_schema
    ]
    if admin:
        from .admin import router as admin_router

        app.router.routes.extend(admin_router.routes)
    _install_handlers(app)

    app.add_middleware(ServiceDate, clock=store.clock)
    return FaultInjector(app, app.state.faults)


class ServiceDate:
    """Pure ASGI middleware: every response carries the emulator clock's ``Date``.

    The Date header tells clients the service's time, which the admin API can move; the
    Token provider judges expiry and renewal on it. Pure ASGI rather than
    ``@app.middleware("http")``: Starlette's ``BaseHTTPMiddleware`` runs each request in
    its own task group and streams the response through a memory channel, which cost
    ~23% of the emulator's CPU on GET /tokens/{token} (py-spy --gil, wrk -c8).
    """

    def __init__(self, app: ASGIApp, *, clock: Clock) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_date(message: Message) -> None:
            if message["type"] == "http.response.start":
                date = _http_date(self.clock.now())
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != b"date"]
                message = {**message, "headers": [*headers, (b"date", date)]}
            await send(message)

        await self.app(scope, receive, send_with_date)


@lru_cache(maxsize=8)
def _http_date(moment: datetime) -> bytes:
    # The clock has whole seconds, so a busy second formats its Date once.
    return format_datetime(moment, usegmt=True).encode("latin-1")


def _render(exc: errors.ServiceError) -> JSONResponse:
    return JSONResponse(exc.envelope(), status_code=exc.status)


def _allowed_methods(request: Request) -> str:
    """The ``Allow`` header of a 405: the methods the spec documents on that path (Starlette
    names only the first route it tried; the routes that only answer a spec error for a
    token-less ``PATCH``/``DELETE /tokens`` are not in the schema, so not advertised)."""
    path = request.scope["path"]
    methods: set[str] = set()
    for route in request.app.state.spec_routes:
        if route.path_regex.match(path):
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(errors.ServiceError)
    async def service_error(request: Request, exc: errors.ServiceError) -> JSONResponse:
        return _render(exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return _render(errors.RouteNotFound())
        if exc.status_code == 405:
            response = _render(errors.MethodNotAllowed())
            response.headers["Allow"] = _allowed_methods(request)
            return response
        return JSONResponse(
            errors.envelope_for(exc.status_code, str(exc.detail)),
            status_code=exc.status_code,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(errors.envelope_for(422, "Validation error"), status_code=422)

    @app.exception_handler(Exception)
    async def last_resort(request: Request, exc: Exception) -> JSONResponse:
        # The one deliberate catch-all: whatever a bug raises still answers the envelope.
        log.exception("emulator bug on %s %s", request.method, request.url.path)
        return _render(errors.InternalError())
