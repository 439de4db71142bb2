"""Pulumi provider for the Openapi OAuth Service: scoped API tokens as code.

The public surface lives here; the modules behind it are private unless named below.
"""

from pulumi_openapi_oauth._config import ConfigError, Settings, resolve_settings
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

__all__ = [
    "TOKEN_TYPE",
    "APIError",
    "ConfigError",
    "CreateOutcomeUnknownError",
    "NotFoundError",
    "OAuthClient",
    "OAuthError",
    "QueryError",
    "RateLimitedError",
    "ServerError",
    "Settings",
    "TransportError",
    "UnauthorizedError",
    "ValidationError",
    "fingerprint",
    "resolve_settings",
]
