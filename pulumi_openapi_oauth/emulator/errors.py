"""Errors of the emulated Openapi OAuth Service, one class per service error code.

::

    ServiceError                      base: class-level ``code``, ``status``, ``message``
    ├── ScopeNotFound                 10   404  GET /scopes/{id}
    ├── InvalidTokenFormat            60   422  GET /tokens/{token}
    ├── MissingScopes                 70   422  POST /tokens
    ├── InvalidScopesFormat           80   422  POST /tokens
    ├── InvalidScopes                 90   422  POST /tokens
    ├── InvalidScopesFormatOnUpdate   100  422  PATCH /tokens/{token}
    ├── InvalidScopesOnUpdate         110  422  PATCH /tokens/{token}
    ├── TokenNotFound                 120  404  GET /tokens/{token}
    ├── RefreshUnauthorized           130  401  PATCH with a wrong Bearer refresh token
    ├── Unauthorized                  140  401  missing or wrong Basic credentials
    ├── TokenIdRequiredOnUpdate       150  400  PATCH /tokens/
    ├── TokenNotFoundOnUpdate         160  404  PATCH /tokens/{token}
    ├── TokenIdRequiredOnDelete       170  400  DELETE /tokens/
    ├── TokenNotFoundOnDelete         180  404  DELETE /tokens/{token}
    ├── ErrorsQueryError              190  400  GET /errors?scopes=<malformed>
    ├── CallbackNotFound              200  404  GET /callbacks/{id}
    ├── CallbacksQueryError           210  400  GET /callbacks?scopes=<malformed>
    ├── SubscriptionNotFound          220  404  GET /subscriptions?id= / {id}
    ├── SubscriptionsQueryError       230  400  GET /subscriptions?scopes=<malformed>
    ├── InvalidDateFormat             240  422  GET /stats*?date=<malformed>
    └── (no service code: ``error`` is null in the envelope)
        ├── TokensQueryError          422  GET /tokens?limit=<not an integer <= 100>
        ├── WalletQueryError          400  GET /wallet/transactions?limit=<same>
        ├── RouteNotFound             404  unknown route
        ├── MethodNotAllowed          405  known path, other method
        ├── BadRequest                400  a malformed control-API request
        ├── PayloadTooLarge           413  body over the size cap
        └── InternalError             500  last resort: a bug in the emulator

The store raises these; the HTTP layer renders every one as the service's envelope
``{"success": false, "message": ..., "error": code, "data": null}``.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BadRequest",
    "CallbackNotFound",
    "CallbacksQueryError",
    "ErrorsQueryError",
    "InternalError",
    "InvalidDateFormat",
    "InvalidScopes",
    "InvalidScopesFormat",
    "InvalidScopesFormatOnUpdate",
    "InvalidScopesOnUpdate",
    "InvalidTokenFormat",
    "MethodNotAllowed",
    "MissingScopes",
    "PayloadTooLarge",
    "RefreshUnauthorized",
    "RouteNotFound",
    "ScopeNotFound",
    "ServiceError",
    "SubscriptionNotFound",
    "SubscriptionsQueryError",
    "TokenIdRequiredOnDelete",
    "TokenIdRequiredOnUpdate",
    "TokenNotFound",
    "TokenNotFoundOnDelete",
    "TokenNotFoundOnUpdate",
    "TokensQueryError",
    "Unauthorized",
    "WalletQueryError",
    "envelope_for",
]


class ServiceError(Exception):
    """Base of every error the emulator answers with; renders as the error envelope."""

    code: int | None = None
    status: int = 400
    message: str = "Bad Request"

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(f"{self.status} error={self.code}: {self.message}")

    def envelope(self) -> dict[str, Any]:
        return {"success": False, "message": self.message, "error": self.code, "data": None}


class ScopeNotFound(ServiceError):
    """GET /scopes/{id} with an id that is not in the account's catalogue."""

    code, status, message = 10, 404, "Scope not found"


class InvalidTokenFormat(ServiceError):
    """GET /tokens/{token} with a value that is not 24 lower-case hex digits."""

    code, status, message = 60, 422, "Invalid Token Format"


class MissingScopes(ServiceError):
    """POST /tokens without a (non-empty) ``scopes`` array."""

    code, status, message = 70, 422, "missing scopes array"


class InvalidScopesFormat(ServiceError):
    """POST /tokens with a body, scope string, ttl or limits of the wrong shape."""

    code, status, message = 80, 422, "invalid scopes format"


class InvalidScopes(ServiceError):
    """POST /tokens with a scope the account's catalogue lacks or has disabled."""

    code, status, message = 90, 422, "Invalid scopes specified or API not enabled"


class InvalidScopesFormatOnUpdate(ServiceError):
    """PATCH /tokens/{token} with a body, scope string, ttl or limits of the wrong shape."""

    code, status, message = 100, 422, "invalid scopes format"


class InvalidScopesOnUpdate(ServiceError):
    """PATCH /tokens/{token} with a scope the catalogue lacks or has disabled."""

    code, status, message = 110, 422, "Invalid scopes specified or API not enabled"


class TokenNotFound(ServiceError):
    """GET /tokens/{token}: no live token of this account has that value."""

    code, status, message = 120, 404, "Not Found"


class RefreshUnauthorized(ServiceError):
    """PATCH /tokens/{token} with a Bearer refresh token that does not belong to the token."""

    code, status, message = 130, 401, "Unauthorized"


class Unauthorized(ServiceError):
    """Missing or wrong Basic credentials (on PATCH: no Authorization at all)."""

    code, status, message = 140, 401, "Unauthorized"


class TokenIdRequiredOnUpdate(ServiceError):
    """PATCH /tokens/ (empty token)."""

    code, status, message = 150, 400, "Token ID is required"


class TokenNotFoundOnUpdate(ServiceError):
    """PATCH /tokens/{token}: no live token of this account has that value."""

    code, status, message = 160, 404, "Not Found"


class TokenIdRequiredOnDelete(ServiceError):
    """DELETE /tokens/ (empty token)."""

    code, status, message = 170, 400, "Token ID is required"


class TokenNotFoundOnDelete(ServiceError):
    """DELETE /tokens/{token}: no live token of this account has that value."""

    code, status, message = 180, 404, "Not Found"


class ErrorsQueryError(ServiceError):
    """GET /errors with a malformed query (``scopes`` filter, skip, limit)."""

    code, status, message = 190, 400, "Query error"


class CallbackNotFound(ServiceError):
    """GET /callbacks/{id} with an unknown id."""

    code, status, message = 200, 404, "Callback not found"


class CallbacksQueryError(ServiceError):
    """GET /callbacks with a malformed query (``scopes`` filter, skip, limit)."""

    code, status, message = 210, 400, "Query error"


class SubscriptionNotFound(ServiceError):
    """GET /subscriptions?id=X or /subscriptions/{id} with an unknown id."""

    code, status, message = 220, 404, "Subscription not found"


class SubscriptionsQueryError(ServiceError):
    """GET /subscriptions with a malformed query (``scopes`` filter, skip, limit)."""

    code, status, message = 230, 400, "Query error"


class InvalidDateFormat(ServiceError):
    """GET /stats* with a ``date`` that is not YYYY, YYYY-MM or YYYY-MM-DD."""

    code, status = 240, 422
    message = "Invalid date format, must be YYYY or YYYY-MM or YYYY-MM-DD"


class RouteNotFound(ServiceError):
    """No route has that path (this includes path-traversal attempts)."""

    code, status, message = None, 404, "Not Found"


class MethodNotAllowed(ServiceError):
    """The path exists but not with that method."""

    code, status, message = None, 405, "Method Not Allowed"


class BadRequest(ServiceError):
    """A malformed request to the control API (``/_emulator/``)."""

    code, status, message = None, 400, "Bad Request"


class TokensQueryError(ServiceError):
    """GET /tokens with a skip/limit the spec's schema forbids: the route's documented 422."""

    code, status, message = None, 422, "Validation error"


class WalletQueryError(ServiceError):
    """GET /wallet/transactions with a skip/limit the schema forbids. The spec documents only
    200 there; 400 "Query error" is what it documents for the same fault on the other lists."""

    code, status, message = None, 400, "Query error"


class PayloadTooLarge(ServiceError):
    """A request body over the emulator's size cap."""

    code, status, message = None, 413, "Request body too large"


class InternalError(ServiceError):
    """Last resort: an unexpected failure inside the emulator (a bug: please report it)."""

    code, status, message = None, 500, "Internal Server Error"


def envelope_for(status: int, message: str, code: int | None = None) -> dict[str, Any]:
    """The error envelope for a status that has no service error class."""
    return {"success": False, "message": message, "error": code, "data": None}
