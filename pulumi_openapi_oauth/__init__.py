"""Pulumi provider for the Openapi OAuth Service: scoped API tokens as code.

The public surface lives here; the modules behind it are private unless named below.

Names are re-exported lazily (PEP 562 ``__getattr__``): ``import pulumi_openapi_oauth`` loads
nothing heavy, and each name imports its module on first use. A program that declares only
Tokens never imports the lookups, and the provider host that unpickles the Token provider
imports only the modules that provider needs.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

# ``import httpx`` also imports httpx's command-line client whenever click is installed
# (uvicorn, in the [emulator] extra, brings it): click, pygments and rich, ~80 of httpx's
# ~95 ms here (-X importtime). Nothing in this package runs that client, so unless httpx is
# already loaded, mark the module absent: httpx then keeps its own fallback ``httpx.main``.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

if TYPE_CHECKING:
    from pulumi_openapi_oauth._config import (
        ConfigError,
        Settings,
        resolve_settings,
    )
    from pulumi_openapi_oauth._constants import TOKEN_TYPE
    from pulumi_openapi_oauth._secrets import fingerprint
    from pulumi_openapi_oauth.client import OAuthClient
    from pulumi_openapi_oauth.errors import (
        APIError,
        CreateOutcomeUnknownError,
        NotFoundError,
        OAuthError,
        QueryError,
        RateLimitedError,
        ServerError,
        TransportError,
        UnauthorizedError,
        ValidationError,
    )
    from pulumi_openapi_oauth.lookups import (
        GetCallbackResult,
        GetCallbacksCallbackResult,
        GetCallbacksResult,
        GetErrorsErrorResult,
        GetErrorsResult,
        GetScopeFreeLimitsResult,
        GetScopeResult,
        GetScopesResult,
        GetScopesScopeResult,
        GetStatsApiResult,
        GetStatsApisApiResult,
        GetStatsApiScopeResult,
        GetStatsApisResult,
        GetStatsIpsResult,
        GetStatsResult,
        GetSubscriptionResult,
        GetSubscriptionsResult,
        GetSubscriptionsSubscriptionResult,
        GetWalletResult,
        GetWalletTransactionsResult,
        GetWalletTransactionsTransactionResult,
        LookupError,
        get_callback,
        get_callback_output,
        get_callbacks,
        get_callbacks_output,
        get_errors,
        get_errors_output,
        get_scope,
        get_scope_output,
        get_scopes,
        get_scopes_output,
        get_stats,
        get_stats_api,
        get_stats_api_output,
        get_stats_apis,
        get_stats_apis_output,
        get_stats_ips,
        get_stats_ips_output,
        get_stats_output,
        get_subscription,
        get_subscription_output,
        get_subscriptions,
        get_subscriptions_output,
        get_wallet,
        get_wallet_output,
        get_wallet_transactions,
        get_wallet_transactions_output,
    )
    from pulumi_openapi_oauth.token import (
        Token,
        TokenLimitsArgs,
    )

#: Where each public name lives.
_ORIGIN = {
    "TOKEN_TYPE": "pulumi_openapi_oauth._constants",
    "APIError": "pulumi_openapi_oauth.errors",
    "ConfigError": "pulumi_openapi_oauth._config",
    "CreateOutcomeUnknownError": "pulumi_openapi_oauth.errors",
    "GetCallbackResult": "pulumi_openapi_oauth.lookups",
    "GetCallbacksCallbackResult": "pulumi_openapi_oauth.lookups",
    "GetCallbacksResult": "pulumi_openapi_oauth.lookups",
    "GetErrorsErrorResult": "pulumi_openapi_oauth.lookups",
    "GetErrorsResult": "pulumi_openapi_oauth.lookups",
    "GetScopeFreeLimitsResult": "pulumi_openapi_oauth.lookups",
    "GetScopeResult": "pulumi_openapi_oauth.lookups",
    "GetScopesResult": "pulumi_openapi_oauth.lookups",
    "GetScopesScopeResult": "pulumi_openapi_oauth.lookups",
    "GetStatsApiResult": "pulumi_openapi_oauth.lookups",
    "GetStatsApiScopeResult": "pulumi_openapi_oauth.lookups",
    "GetStatsApisApiResult": "pulumi_openapi_oauth.lookups",
    "GetStatsApisResult": "pulumi_openapi_oauth.lookups",
    "GetStatsIpsResult": "pulumi_openapi_oauth.lookups",
    "GetStatsResult": "pulumi_openapi_oauth.lookups",
    "GetSubscriptionResult": "pulumi_openapi_oauth.lookups",
    "GetSubscriptionsResult": "pulumi_openapi_oauth.lookups",
    "GetSubscriptionsSubscriptionResult": "pulumi_openapi_oauth.lookups",
    "GetWalletResult": "pulumi_openapi_oauth.lookups",
    "GetWalletTransactionsResult": "pulumi_openapi_oauth.lookups",
    "GetWalletTransactionsTransactionResult": "pulumi_openapi_oauth.lookups",
    "LookupError": "pulumi_openapi_oauth.lookups",
    "NotFoundError": "pulumi_openapi_oauth.errors",
    "OAuthClient": "pulumi_openapi_oauth.client",
    "OAuthError": "pulumi_openapi_oauth.errors",
    "QueryError": "pulumi_openapi_oauth.errors",
    "RateLimitedError": "pulumi_openapi_oauth.errors",
    "ServerError": "pulumi_openapi_oauth.errors",
    "Settings": "pulumi_openapi_oauth._config",
    "Token": "pulumi_openapi_oauth.token",
    "TokenLimitsArgs": "pulumi_openapi_oauth.token",
    "TransportError": "pulumi_openapi_oauth.errors",
    "UnauthorizedError": "pulumi_openapi_oauth.errors",
    "ValidationError": "pulumi_openapi_oauth.errors",
    "fingerprint": "pulumi_openapi_oauth._secrets",
    "get_callback": "pulumi_openapi_oauth.lookups",
    "get_callback_output": "pulumi_openapi_oauth.lookups",
    "get_callbacks": "pulumi_openapi_oauth.lookups",
    "get_callbacks_output": "pulumi_openapi_oauth.lookups",
    "get_errors": "pulumi_openapi_oauth.lookups",
    "get_errors_output": "pulumi_openapi_oauth.lookups",
    "get_scope": "pulumi_openapi_oauth.lookups",
    "get_scope_output": "pulumi_openapi_oauth.lookups",
    "get_scopes": "pulumi_openapi_oauth.lookups",
    "get_scopes_output": "pulumi_openapi_oauth.lookups",
    "get_stats": "pulumi_openapi_oauth.lookups",
    "get_stats_api": "pulumi_openapi_oauth.lookups",
    "get_stats_api_output": "pulumi_openapi_oauth.lookups",
    "get_stats_apis": "pulumi_openapi_oauth.lookups",
    "get_stats_apis_output": "pulumi_openapi_oauth.lookups",
    "get_stats_ips": "pulumi_openapi_oauth.lookups",
    "get_stats_ips_output": "pulumi_openapi_oauth.lookups",
    "get_stats_output": "pulumi_openapi_oauth.lookups",
    "get_subscription": "pulumi_openapi_oauth.lookups",
    "get_subscription_output": "pulumi_openapi_oauth.lookups",
    "get_subscriptions": "pulumi_openapi_oauth.lookups",
    "get_subscriptions_output": "pulumi_openapi_oauth.lookups",
    "get_wallet": "pulumi_openapi_oauth.lookups",
    "get_wallet_output": "pulumi_openapi_oauth.lookups",
    "get_wallet_transactions": "pulumi_openapi_oauth.lookups",
    "get_wallet_transactions_output": "pulumi_openapi_oauth.lookups",
    "resolve_settings": "pulumi_openapi_oauth._config",
}

__all__ = [
    "TOKEN_TYPE",
    "APIError",
    "ConfigError",
    "CreateOutcomeUnknownError",
    "GetCallbackResult",
    "GetCallbacksCallbackResult",
    "GetCallbacksResult",
    "GetErrorsErrorResult",
    "GetErrorsResult",
    "GetScopeFreeLimitsResult",
    "GetScopeResult",
    "GetScopesResult",
    "GetScopesScopeResult",
    "GetStatsApiResult",
    "GetStatsApiScopeResult",
    "GetStatsApisApiResult",
    "GetStatsApisResult",
    "GetStatsIpsResult",
    "GetStatsResult",
    "GetSubscriptionResult",
    "GetSubscriptionsResult",
    "GetSubscriptionsSubscriptionResult",
    "GetWalletResult",
    "GetWalletTransactionsResult",
    "GetWalletTransactionsTransactionResult",
    "LookupError",
    "NotFoundError",
    "OAuthClient",
    "OAuthError",
    "QueryError",
    "RateLimitedError",
    "ServerError",
    "Settings",
    "Token",
    "TokenLimitsArgs",
    "TransportError",
    "UnauthorizedError",
    "ValidationError",
    "fingerprint",
    "get_callback",
    "get_callback_output",
    "get_callbacks",
    "get_callbacks_output",
    "get_errors",
    "get_errors_output",
    "get_scope",
    "get_scope_output",
    "get_scopes",
    "get_scopes_output",
    "get_stats",
    "get_stats_api",
    "get_stats_api_output",
    "get_stats_apis",
    "get_stats_apis_output",
    "get_stats_ips",
    "get_stats_ips_output",
    "get_stats_output",
    "get_subscription",
    "get_subscription_output",
    "get_subscriptions",
    "get_subscriptions_output",
    "get_wallet",
    "get_wallet_output",
    "get_wallet_transactions",
    "get_wallet_transactions_output",
    "resolve_settings",
]


def __getattr__(name: str) -> Any:
    module = _ORIGIN.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


# Before the program runs on in a mis-started policy pack (see _policy_host): cheap, no imports.
from pulumi_openapi_oauth import _policy_host  # noqa: E402

_policy_host.exit_if_started_as_policy_pack()
