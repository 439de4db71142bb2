"""A typed, thread-safe client for the 18 operations of the Openapi OAuth Service.

One pooled :class:`httpx.Client` serves every thread (the dynamic-provider host runs four
gRPC workers on one provider). Every call has a timeout. Requests that are safe to repeat
are retried with exponential backoff and full jitter on 429 (honouring Retry-After),
502/503/504 and connection failures. Errors are translated once, in :meth:`_send`, into
the classes of :mod:`pulumi_openapi_oauth.errors`, with token values redacted from paths.
"""

from __future__ import annotations

import email.utils
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter

from pulumi_openapi_oauth._config import resolve_base_url, resolve_settings
from pulumi_openapi_oauth._models import (
    ApiStats,
    ApiStatsDetail,
    Callback,
    CallbackListElement,
    ErrorLog,
    ScopeDetail,
    Stats,
    Subscription,
    SubscriptionListElement,
    TokenCreate,
    TokenDetail,
    TokenUpdate,
    UserScope,
    Wallet,
    WalletTransaction,
)
from pulumi_openapi_oauth._secrets import fingerprint, redact_path, redact_token_paths
from pulumi_openapi_oauth.errors import (
    APIError,
    CreateOutcomeUnknownError,
    TransportError,
    error_for,
)

__all__ = ["PAGE_SIZE", "OAuthClient"]

log = logging.getLogger("pulumi_openapi_oauth.client")


class _RedactTokenPaths(logging.Filter):
    """httpx logs every request URL at INFO, and a URL can hold a token: redact it there."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        redacted = redact_token_paths(text)
        if redacted != text:
            record.msg, record.args = redacted, ()
        return True


logging.getLogger("httpx").addFilter(_RedactTokenPaths())

#: The service's maximum page size for every paginated list.
PAGE_SIZE = 100

_RETRY_STATUS = frozenset({429, 502, 503, 504})
#: For POST /tokens only these mean the server refused the request without acting on it
#: (429 Too Many Requests, 503 Service Unavailable). A 502/504 came from a gateway that may
#: already have forwarded the request, so it is not repeated.
_CREATE_RETRY_STATUS = frozenset({429, 503})

M = TypeVar("M", bound=BaseModel)


class OAuthClient:
    """Client of the Openapi OAuth Service.

    Credentials come from the arguments or ``OPENAPI_OAUTH_EMAIL`` / ``OPENAPI_OAUTH_API_KEY``;
    the endpoint from ``base_url``, ``environment`` (``production``/``sandbox``),
    ``OPENAPI_OAUTH_BASE_URL`` or production, in that order.
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        email: str | None = None,
        api_key: str | None = None,
        environment: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: float = 0.25,
        max_backoff: float = 8.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if email is None or api_key is None:
            settings = resolve_settings(
                {"email": email or "", "apiKey": api_key or ""}
            )
            email, api_key = settings.email, settings.api_key
        self.base_url = resolve_base_url(base_url=base_url, environment=environment)
        self.max_retries = max_retries
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._sleep = sleep
        self._email = email
        self._http = httpx.Client(
            base_url=self.base_url,
            auth=httpx.BasicAuth(email, api_key),
            timeout=httpx.Timeout(timeout),
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "pulumi-openapi-oauth"},
        )
        self._lock = threading.Lock()
        self.request_count = 0
        self._skew: float | None = None

    def __repr__(self) -> str:
        return f"OAuthClient(base_url={self.base_url!r})"

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("OAuthClient holds credentials and a connection pool; it is never pickled")

    def close(self) -> None:
        self._http.close()

    def server_time(self) -> float | None:
        """The service's clock (epoch seconds), from the Date header of the last response;
        None before the first response. Expiry is the service's to decide, not ours."""
        skew = self._skew
        return None if skew is None else time.time() + skew

    def __enter__(self) -> OAuthClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- tokens -----------------------------------------------------------------------------

    def create_token(self, body: TokenCreate, *, recover: bool = True) -> TokenDetail:
        """POST /tokens, never repeated once the request may have reached the server.

        A lost or late response (timeout after sending, dropped connection, 502/504) leaves it
        unknown whether a token was made, and a request held on its way (by a proxy, say) may
        still make one later. So the POST is never sent again: when ``recover`` is set and the
        body has a name, the client lists GET /tokens (a few times, with backoff) for the one
        token with that name and scope set made since the request was sent. Without a match it
        raises :class:`CreateOutcomeUnknownError`, which says to run ``openapi-oauth-recover``
        before the next ``pulumi up``. The Token resource always sends a name unique to it.
        """
        sent_at = self.server_time()
        try:
            data = self._send("POST", "/tokens", "/tokens", json=body.to_wire(), create=True)
            return TokenDetail.model_validate(data)
        except CreateOutcomeUnknownError as exc:
            if not (recover and body.name):
                raise
            for attempt in range(1, self.max_retries + 1):
                found = self.find_created_token(body, since=sent_at)
                if found is not None:
                    log.info("recovered token %r after a lost POST /tokens response", body.name)
                    return found
                self._pause(attempt, None)
            raise CreateOutcomeUnknownError(
                f"{str(exc).partition(': ')[2]}; no token named {body.name!r} has appeared after {self.max_retries} listings, but "
                "the request may still take effect. Run `openapi-oauth-recover --stack <stack>` (it deletes such a "
                "late token), then `pulumi up`",
                method="POST",
                path="/tokens",
            ) from None

    def find_created_token(self, body: TokenCreate, *, since: float | None = None) -> TokenDetail | None:
        """The single live token whose name and scope set match ``body``, if any.

        ``since`` (the service's clock when the POST was sent) leaves out older tokens, e.g. the
        token a replacement of the same name and scopes is about to replace.
        """
        wanted = set(body.scopes)
        matches = [
            t
            for t in self.iter_tokens()
            if t.name == body.name and set(t.scopes or ()) == wanted and _made_since(t, since)
        ]
        if len(matches) > 1:
            raise CreateOutcomeUnknownError(
                f"{len(matches)} tokens are named {body.name!r} with the same scopes; cannot tell "
                "which one this request made",
                method="POST",
                path="/tokens",
            )
        return matches[0] if matches else None

    def iter_tokens(self) -> Iterator[TokenDetail]:
        """GET /tokens, every page."""
        for item in self._pages("/tokens", "/tokens"):
            yield TokenDetail.model_validate(item)

    def list_tokens(self) -> list[TokenDetail]:
        return list(self.iter_tokens())

    def get_token(self, token: str) -> TokenDetail:
        """GET /tokens/{token}; an unknown or expired token raises NotFoundError."""
        data = self._send("GET", f"/tokens/{token}", "/tokens/{token}", secrets=(token,))
        return TokenDetail.model_validate(data)

    def update_token(self, token: str, body: TokenUpdate) -> TokenDetail:
        """PATCH /tokens/{token} with the account's credentials; sends only the fields set."""
        data = self._send(
            "PATCH", f"/tokens/{token}", "/tokens/{token}", json=body.to_wire(), secrets=(token,)
        )
        return TokenDetail.model_validate(data)

    def refresh_token(
        self, token: str, refresh_token: str, body: TokenUpdate | None = None
    ) -> TokenDetail:
        """PATCH /tokens/{token} authenticated by the refresh token (Bearer).

        The service answers with a new token and refresh token with the same scopes and
        deletes the old token. Not retried: a repeat after a lost response would present a
        refresh token that no longer works.
        """
        payload = (body or TokenUpdate()).to_wire()
        data = self._send(
            "PATCH",
            f"/tokens/{token}",
            "/tokens/{token}",
            json=payload,
            auth=_BearerAuth(refresh_token),
            retry=False,
            secrets=(token, refresh_token),
        )
        return TokenDetail.model_validate(data)

    def delete_token(self, token: str) -> None:
        """DELETE /tokens/{token}; raises NotFoundError when it is already gone."""
        self._send("DELETE", f"/tokens/{token}", "/tokens/{token}", secrets=(token,))

    # -- scopes -----------------------------------------------------------------------------

    def list_scopes(self) -> list[UserScope]:
        """GET /scopes: the account's whole catalogue (the service does not paginate it)."""
        return _list_of(UserScope, self._send("GET", "/scopes", "/scopes"))

    def get_scope(self, scope_id: str) -> ScopeDetail:
        return ScopeDetail.model_validate(self._send("GET", f"/scopes/{scope_id}", "/scopes/{id}"))

    # -- usage ------------------------------------------------------------------------------

    def list_errors(self, scopes: Sequence[str] | None = None) -> list[ErrorLog]:
        params = _scope_filter(scopes)
        return [ErrorLog.model_validate(i) for i in self._pages("/errors", "/errors", params)]

    def list_callbacks(self, scopes: Sequence[str] | None = None) -> list[CallbackListElement]:
        params = _scope_filter(scopes)
        return [
            CallbackListElement.model_validate(i)
            for i in self._pages("/callbacks", "/callbacks", params)
        ]

    def get_callback(self, callback_id: str) -> Callback:
        data = self._send("GET", f"/callbacks/{callback_id}", "/callbacks/{id}")
        return Callback.model_validate(data)

    def list_subscriptions(
        self, scopes: Sequence[str] | None = None
    ) -> list[SubscriptionListElement]:
        params = _scope_filter(scopes)
        return [
            SubscriptionListElement.model_validate(i)
            for i in self._pages("/subscriptions", "/subscriptions", params)
        ]

    def get_subscription(self, subscription_id: str) -> Subscription:
        data = self._send("GET", f"/subscriptions/{subscription_id}", "/subscriptions/{id}")
        return Subscription.model_validate(data)

    def find_subscription(self, subscription_id: str) -> Subscription:
        """GET /subscriptions?id=...: the query form of :meth:`get_subscription`."""
        data = self._send(
            "GET", "/subscriptions", "/subscriptions", params={"id": subscription_id}
        )
        return Subscription.model_validate(data)

    def get_wallet(self) -> Wallet:
        return Wallet.model_validate(self._send("GET", "/wallet", "/wallet"))

    def list_wallet_transactions(self, limit: int | None = None) -> list[WalletTransaction]:
        """GET /wallet/transactions, every page, or the first ``limit`` entries."""
        items = self._pages("/wallet/transactions", "/wallet/transactions", limit=limit)
        return [WalletTransaction.model_validate(i) for i in items]

    # -- stats ------------------------------------------------------------------------------

    def get_stats(self, date: str | None = None) -> Stats:
        return Stats.model_validate(self._send("GET", "/stats", "/stats", params=_date(date)))

    def get_stats_ips(self, date: str | None = None) -> list[str]:
        data = self._send("GET", "/stats/ips", "/stats/ips", params=_date(date))
        return [str(ip) for ip in data or []]

    def get_stats_apis(self, date: str | None = None) -> dict[str, ApiStats]:
        data = self._send("GET", "/stats/apis", "/stats/apis", params=_date(date))
        return _API_STATS.validate_python(data or {})

    def get_stats_api(self, domain: str, date: str | None = None) -> ApiStatsDetail:
        data = self._send(
            "GET", f"/stats/apis/{domain}", "/stats/apis/{domain}", params=_date(date)
        )
        return ApiStatsDetail.model_validate(data)

    # -- transport --------------------------------------------------------------------------

    def _pages(
        self,
        path: str,
        template: str,
        params: Mapping[str, str] | None = None,
        *,
        limit: int | None = None,
    ) -> Iterator[Any]:
        """Walk skip/limit pages of at most 100 until a short page (or ``limit`` items)."""
        skip = 0
        while True:
            page_size = PAGE_SIZE if limit is None else min(PAGE_SIZE, limit - skip)
            if page_size <= 0:
                return
            query = {**(params or {}), "skip": str(skip), "limit": str(page_size)}
            page = self._send("GET", path, template, params=query)
            if not isinstance(page, list):
                raise APIError(
                    status=200,
                    code=None,
                    message=f"expected a list, got {type(page).__name__}",
                    method="GET",
                    path=template,
                )
            yield from page
            if len(page) < page_size:
                return
            skip += len(page)

    def _send(
        self,
        method: str,
        path: str,
        template: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        auth: httpx.Auth | None = None,
        retry: bool = True,
        create: bool = False,
        secrets: tuple[str, ...] = (),
    ) -> Any:
        """One logical request: retries, then the ``data`` of the envelope or a typed error.

        ``secrets`` are values scrubbed from any error message the service sends back.
        """
        shown = redact_path(path)
        attempt = 0
        while True:
            attempt += 1
            with self._lock:
                self.request_count += 1
            try:
                response = self._http.request(
                    method,
                    path,
                    params=params,
                    json=json,
                    auth=auth if auth is not None else httpx.USE_CLIENT_DEFAULT,
                )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # The request never left this process: always safe to repeat.
                if retry and attempt <= self.max_retries:
                    self._pause(attempt, None)
                    continue
                raise TransportError(_describe(exc), method=method, path=shown) from None
            except httpx.TransportError as exc:
                # Sent, but the answer was lost (read timeout, dropped connection).
                if create:
                    raise CreateOutcomeUnknownError(
                        _describe(exc) + "; the token may or may not have been created",
                        method=method,
                        path=shown,
                    ) from None
                if retry and attempt <= self.max_retries:
                    self._pause(attempt, None)
                    continue
                raise TransportError(_describe(exc), method=method, path=shown) from None

            self._note_date(response)
            status = response.status_code
            if status < 400:
                return _envelope_data(response, method, shown)
            retry_after = _retry_after(response)
            retryable = _CREATE_RETRY_STATUS if create else _RETRY_STATUS
            if retry and status in retryable and attempt <= self.max_retries:
                self._pause(attempt, retry_after)
                continue
            if create and status in _RETRY_STATUS - _CREATE_RETRY_STATUS:
                raise CreateOutcomeUnknownError(
                    f"HTTP {status} from a gateway; the token may or may not have been created",
                    method=method,
                    path=shown,
                )
            raise _api_error(response, method, shown, retry_after, secrets)

    def _note_date(self, response: httpx.Response) -> None:
        value = response.headers.get("Date")
        if not value:
            return
        try:
            self._skew = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return

    def _pause(self, attempt: int, retry_after: float | None) -> None:
        if retry_after is not None:
            delay = min(retry_after, 60.0)
        else:
            delay = random.uniform(0, min(self._max_backoff, self._backoff * 2 ** (attempt - 1)))
        self._sleep(delay)


class _BearerAuth(httpx.Auth):
    """Authorization: Bearer <refresh token>; the value never appears in a repr."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def __repr__(self) -> str:
        return "_BearerAuth(<redacted>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


_OPAQUE = re.compile(r"\b(?!oatfp-)[A-Za-z0-9_-]{24,}")

_API_STATS: TypeAdapter[dict[str, ApiStats]] = TypeAdapter(dict[str, ApiStats])


def _made_since(token: TokenDetail, since: float | None) -> bool:
    """Whether ``token`` was created at or after ``since`` (2 s of slack for the Date header)."""
    if since is None or not token.created_at:
        return True
    try:
        created = datetime.fromisoformat(token.created_at.replace("Z", "+00:00"))
    except ValueError:
        return True
    if created.tzinfo is None:
        created = created.replace(tzinfo=timezone.utc)
    return created.timestamp() >= since - 2


def _list_of(model: type[M], data: Any) -> list[M]:
    return [model.model_validate(item) for item in data or []]


def _scope_filter(scopes: Sequence[str] | None) -> dict[str, str]:
    return {"scopes": ",".join(scopes)} if scopes else {}


def _date(date: str | None) -> dict[str, str]:
    return {"date": date} if date else {}


def _describe(exc: httpx.TransportError) -> str:
    # httpx messages can quote the URL (and so a token); keep only the class name.
    return f"{type(exc).__name__} talking to the Openapi OAuth Service"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time())


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _envelope_data(response: httpx.Response, method: str, path: str) -> Any:
    body = _json(response)
    if not isinstance(body, dict):
        raise APIError(
            status=response.status_code,
            code=None,
            message="the response is not a JSON object",
            method=method,
            path=path,
        )
    if body.get("success") is False:
        raise _api_error(response, method, path, None, ())
    return body.get("data")


def _api_error(
    response: httpx.Response,
    method: str,
    path: str,
    retry_after: float | None,
    secrets: tuple[str, ...],
) -> APIError:
    body = _json(response)
    code: int | None = None
    message = response.reason_phrase or "error"
    if isinstance(body, dict):
        raw = body.get("error")
        code = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
        if isinstance(body.get("message"), str) and body["message"]:
            message = body["message"][:500]
    for value in secrets:
        message = message.replace(value, fingerprint(value))
    # Whatever else looks like a credential (long opaque runs) is dropped too.
    message = _OPAQUE.sub("<redacted>", message)
    cls = error_for(response.status_code, code)
    return cls(
        status=response.status_code,
        code=code,
        message=message,
        method=method,
        path=path,
        retry_after=retry_after,
    )
