"""Typed errors of the Openapi OAuth client.

::

    OAuthError (a pulumi.RunError)
    ├── ConfigError                 credentials or endpoint missing or unusable (_config.py)
    ├── LookupError                 a lookup's bad argument or missing object (lookups/)
    ├── TransportError              no usable HTTP response (after retries)
    │   └── CreateOutcomeUnknownError   POST /tokens may or may not have made a token
    └── APIError                    the service answered with an error envelope
        ├── NotFoundError           10, 120, 160, 180, 200, 220 (or HTTP 404)
        ├── ValidationError         60, 70, 80, 90, 100, 110, 150, 170, 240 (or HTTP 400/422)
        ├── UnauthorizedError       130, 140 (or HTTP 401/403)
        ├── QueryError              190, 210, 230
        ├── RateLimitedError        HTTP 429
        └── ServerError             HTTP 5xx

No message ever holds a token value, refresh token or credential: paths are redacted with
:func:`pulumi_openapi_oauth._secrets.redact_path` before an error is built.

Every class derives from :class:`pulumi.RunError`: when one escapes a Pulumi program (a
lookup), the Python language host prints its message alone, without a traceback. In the
dynamic provider host :mod:`pulumi_openapi_oauth._provider_errors` does the same.
"""

from __future__ import annotations

from pulumi.errors import RunError

__all__ = [
    "CREDENTIALS_HINT",
    "APIError",
    "CreateOutcomeUnknownError",
    "NotFoundError",
    "OAuthError",
    "QueryError",
    "RateLimitedError",
    "ServerError",
    "TransportError",
    "UnauthorizedError",
    "ValidationError",
    "error_for",
]


#: The fix for refused or missing credentials; the one copy every message uses.
CREDENTIALS_HINT = (
    "set them with `pulumi config set --secret openapi-oauth:email <e-mail>` and "
    "`pulumi config set --secret openapi-oauth:apiKey <key>`, or the environment variables "
    "OPENAPI_OAUTH_EMAIL and OPENAPI_OAUTH_API_KEY"
)


class OAuthError(RunError):
    """Base of every error raised by the client, the config resolution and the lookups."""

    def add_context(self, subject: str) -> None:
        """Prefix the message with what was being done (``get_wallet``, ``Token 'a': read``).

        The same object, class and attributes stay, so ``except NotFoundError`` still works;
        a second call with the same subject changes nothing.
        """
        text = str(self)
        if not text.startswith(f"{subject}: "):
            self.args = (f"{subject}: {text}",)

    def add_hint(self, hint: str) -> None:
        """Append what to do about it to the message (once)."""
        text = str(self)
        if hint not in text:
            self.args = (f"{text}; {hint}",)


class TransportError(OAuthError):
    """The service could not be reached, or the connection failed, after all retries."""

    def __init__(self, message: str, *, method: str, path: str) -> None:
        super().__init__(f"{method} {path}: {message}")
        self.method = method
        self.path = path


class CreateOutcomeUnknownError(TransportError):
    """POST /tokens failed after the request may have reached the server.

    It is not retried, since a repeat could create a second token. The caller recovers by
    listing GET /tokens and matching the unique name it sent (see ``Token.create``).
    """


class APIError(OAuthError):
    """The service answered with a non-2xx status and (usually) its error envelope."""

    def __init__(
        self,
        *,
        status: int,
        code: int | None,
        message: str,
        method: str,
        path: str,
        retry_after: float | None = None,
    ) -> None:
        detail = f" (error {code})" if code is not None else ""
        super().__init__(f"{method} {path} -> HTTP {status}{detail}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.method = method
        self.path = path
        self.retry_after = retry_after

    def add_hint(self, hint: str) -> None:
        """Append what to do about it to the message (once); ``message`` follows."""
        if hint not in self.message:
            self.message = f"{self.message}; {hint}"
        super().add_hint(hint)


class NotFoundError(APIError):
    """The token, scope, callback or subscription does not exist (or is expired)."""


class ValidationError(APIError):
    """The request was malformed: bad token format, scopes, ids or dates."""


class UnauthorizedError(APIError):
    """Missing or wrong credentials, or a refresh token that no longer works."""


class QueryError(APIError):
    """The service rejected a list query (errors, callbacks, subscriptions)."""


class RateLimitedError(APIError):
    """HTTP 429 after all retries; ``retry_after`` holds the server's hint in seconds."""


class ServerError(APIError):
    """HTTP 5xx after all retries."""


_BY_CODE: dict[int, type[APIError]] = {
    **dict.fromkeys((10, 120, 160, 180, 200, 220), NotFoundError),
    **dict.fromkeys((60, 70, 80, 90, 100, 110, 150, 170, 240), ValidationError),
    **dict.fromkeys((130, 140), UnauthorizedError),
    **dict.fromkeys((190, 210, 230), QueryError),
}


def error_for(status: int, code: int | None) -> type[APIError]:
    """The error class for an HTTP status and service error code (the code wins)."""
    if code is not None and code in _BY_CODE:
        return _BY_CODE[code]
    if status in (401, 403):
        return UnauthorizedError
    if status == 404:
        return NotFoundError
    if status == 429:
        return RateLimitedError
    if status >= 500:
        return ServerError
    if status in (400, 422):
        return ValidationError
    return APIError
