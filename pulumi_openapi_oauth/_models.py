"""Wire models of the Openapi OAuth Service, one per schema of the vendored spec.

Fields are snake_case with the spec's camelCase names as aliases; unknown fields are kept
(``extra="allow"``) so a newer service never breaks an older client. The spec's quirks are
kept as they are: Subscription counts are strings, free limits are an int or ``false``,
and ``httpResponseCode`` is a string in CallbackListElement but an integer in Callback.
The emulator shares these models (and nothing else) with the client.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

__all__ = [
    "ApiStats",
    "ApiStatsDetail",
    "Callback",
    "CallbackListElement",
    "ErrorLog",
    "ScopeDetail",
    "ScopeLimits",
    "ScopeStats",
    "Stats",
    "Subscription",
    "SubscriptionListElement",
    "TokenCreate",
    "TokenDetail",
    "TokenLimits",
    "TokenStats",
    "TokenUpdate",
    "UserScope",
    "Wallet",
    "WalletTransaction",
]

#: An integer limit, or ``False`` for "no limit" (ScopeLimits, ScopeDetail.rateLimit).
IntOrFalse = int | bool


class WireModel(BaseModel):
    """Base of every wire model: camelCase on the wire, snake_case in Python."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        # Schemas are built on first use: a program declaring Tokens or a provider host that
        # never touches a model does not pay for the ~20 of them at import.
        defer_build=True,
    )

    def to_wire(self) -> dict[str, Any]:
        """The JSON body the service expects: aliases, and no field that was not set."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class TokenLimits(WireModel):
    total_requests: int | None = None
    wallet_requests: int | None = None
    subscription_requests: int | None = None
    wallet_amount: float | None = None
    ip: list[str] | None = None


class TokenStats(WireModel):
    total_requests: int | None = None
    wallet_requests: int | None = None
    subscription_requests: int | None = None
    error_requests: int | None = None
    wallet_amount: float | None = None
    ip: list[str] | None = None


class TokenDetail(WireModel):
    token: str | None = None
    name: str | None = None
    created_at: str | None = None
    expire_at: str | None = None
    updated_at: str | None = None
    scopes: list[str] | None = None
    refresh_token: str | None = None
    limits: TokenLimits | None = None
    stats: TokenStats | None = None

    def __repr__(self) -> str:
        # The default repr would print the token and refresh token into tracebacks.
        return f"TokenDetail(name={self.name!r}, scopes={self.scopes!r}, expire_at={self.expire_at!r})"

    __str__ = __repr__


class TokenCreate(WireModel):
    scopes: list[str]
    name: str | None = None
    ttl: int | None = None
    limits: TokenLimits | None = None


class TokenUpdate(WireModel):
    scopes: list[str] | None = None
    name: str | None = None
    ttl: int | None = None
    limits: TokenLimits | None = None


class UserScope(WireModel):
    id: str | None = None
    scope: str | None = None
    method: str | None = None
    endpoint: str | None = None
    domain: str | None = None
    enabled: bool | None = None


class ScopeLimits(WireModel):
    day_limit: IntOrFalse | None = None
    month_limit: IntOrFalse | None = None
    year_limit: IntOrFalse | None = None
    total_limit: IntOrFalse | None = None


class ScopeDetail(UserScope):
    rate_limit: str | bool | None = None
    free_limits: ScopeLimits | None = None
    requirements: dict[str, bool] | None = None
    prices: dict[str, float] | None = None


class ErrorLog(WireModel):
    id: str | None = None
    scope: str | None = None
    domain: str | None = None
    error_at: str | None = None
    http_response_code: int | None = None
    error_code: float | None = None
    message: str | None = None
    ip: str | None = None


class Wallet(WireModel):
    credit: float | None = None
    created_at: str | None = None
    updated_at: str | None = None


class WalletTransaction(WireModel):
    id: str | None = None
    amount: float | None = None
    created_at: str | None = None
    description: str | None = None


class CallbackListElement(WireModel):
    id: str | None = None
    scope: str | None = None
    url: str | None = None
    #: A string here, an integer in :class:`Callback` (as the spec has it).
    http_response_code: str | None = None
    started_at: str | None = None
    completed_at: str | None = None


class Callback(WireModel):
    id: str | None = None
    scope: str | None = None
    domain: str | None = None
    active: bool | None = None
    started_at: str | None = None
    created_at: str | None = None
    completed_at: str | None = None
    http_response_code: int | None = None
    data: dict[str, Any] | None = None
    custom: Any = None
    headers: dict[str, Any] | None = None
    elapsed_time: int | None = None
    attempt: int | None = None
    retry: int | None = None
    field: str | None = None
    method: str | None = None
    url: str | None = None


class SubscriptionListElement(WireModel):
    id: str | None = None
    scope: str | None = None
    active: bool | None = None
    #: A decimal string on the wire.
    available_requests: str | None = None
    starts_at: str | None = None
    expires_at: str | None = None


class Subscription(WireModel):
    id: str | None = None
    scope: str | None = None
    domain: str | None = None
    active: bool | None = None
    starts_at: str | None = None
    expires_at: str | None = None
    #: Decimal strings on the wire.
    total_requests: str | None = None
    available_requests: str | None = None
    price_per_request: float | None = None
    type: str | None = None
    autorenew: bool | None = None
    created_at: str | None = None
    updated_at: str | None = None
    price: float | None = None


class Stats(WireModel):
    """GET /stats."""

    total_requests: float | None = None
    wallet_requests: float | None = None
    subscription_requests: float | None = None
    error_requests: float | None = None
    wallet_amount: float | None = None
    total_ips: int | None = None
    total_apis: int | None = None


class ApiStats(WireModel):
    """One domain's entry of GET /stats/apis."""

    total_requests: float | None = None
    wallet_requests: float | None = None
    subscription_requests: float | None = None
    error_requests: float | None = None
    wallet_amount: float | None = None
    total_ips: int | None = None
    total_scopes: int | None = None


class ScopeStats(WireModel):
    """One scope's entry of GET /stats/apis/{domain}."""

    total_requests: float | None = None
    wallet_requests: float | None = None
    subscription_requests: float | None = None
    error_requests: float | None = None
    wallet_amount: float | None = None
    ip: list[str] | None = None


class ApiStatsDetail(ApiStats):
    """GET /stats/apis/{domain}."""

    ip: list[str] | None = None
    scopes: dict[str, ScopeStats] = Field(default_factory=dict)
