"""Read-only lookups of the Openapi OAuth account, in the two forms Pulumi SDKs use.

``get_x(...)`` returns a typed, immutable result at once (usable in plain Python too);
``get_x_output(...)`` takes inputs or Outputs and returns an ``Output`` of the same result.
One module per family, as in a Terraform plugin-framework provider: :mod:`.scopes`,
:mod:`.wallet`, :mod:`.subscriptions`, :mod:`.stats`, :mod:`.callbacks`, :mod:`.error_log`.
Credentials come from the ``openapi-oauth:*`` stack config, then the environment
(:mod:`._client`), which also caches the answers per process.
"""

from pulumi_openapi_oauth.errors import LookupError
from pulumi_openapi_oauth.lookups.callbacks import (
    GetCallbackResult,
    GetCallbacksCallbackResult,
    GetCallbacksResult,
    get_callback,
    get_callback_output,
    get_callbacks,
    get_callbacks_output,
)
from pulumi_openapi_oauth.lookups.error_log import (
    GetErrorsErrorResult,
    GetErrorsResult,
    get_errors,
    get_errors_output,
)
from pulumi_openapi_oauth.lookups.scopes import (
    GetScopeFreeLimitsResult,
    GetScopeResult,
    GetScopesResult,
    GetScopesScopeResult,
    get_scope,
    get_scope_output,
    get_scopes,
    get_scopes_output,
)
from pulumi_openapi_oauth.lookups.stats import (
    GetStatsApiResult,
    GetStatsApisApiResult,
    GetStatsApiScopeResult,
    GetStatsApisResult,
    GetStatsIpsResult,
    GetStatsResult,
    get_stats,
    get_stats_api,
    get_stats_api_output,
    get_stats_apis,
    get_stats_apis_output,
    get_stats_ips,
    get_stats_ips_output,
    get_stats_output,
)
from pulumi_openapi_oauth.lookups.subscriptions import (
    GetSubscriptionResult,
    GetSubscriptionsResult,
    GetSubscriptionsSubscriptionResult,
    get_subscription,
    get_subscription_output,
    get_subscriptions,
    get_subscriptions_output,
)
from pulumi_openapi_oauth.lookups.wallet import (
    GetWalletResult,
    GetWalletTransactionsResult,
    GetWalletTransactionsTransactionResult,
    get_wallet,
    get_wallet_output,
    get_wallet_transactions,
    get_wallet_transactions_output,
)

__all__ = [
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
]
