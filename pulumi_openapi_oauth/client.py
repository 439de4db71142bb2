"""A typed client for the 18 operations of the Openapi OAuth Service, async and blocking.

:class:`AsyncOAuthClient` holds every operation, on one pooled :class:`httpx.AsyncClient`.
:class:`OAuthClient` is its blocking facade for threads and Pulumi programs: each call runs
on one private event-loop thread per process (:mod:`._loop`). Every call has a timeout.
Requests that are safe to repeat are retried with exponential backoff and full jitter on
429 (honouring Retry-After), 502/503/504 and connection failures. A request is sent by
``_send``: ``_attempt`` makes one exchange, :func:`_retryable` decides whether to repeat it,
and ``_outcome`` translates the final answer once into the classes of
:mod:`pulumi_openapi_oauth.errors`, with token values redacted from paths.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import logging
import random
import re
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Generator, Iterator, Mapping, Sequence
from typing import Any, Concatenate, NamedTuple, ParamSpec, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from pulumi_openapi_oauth import _loop
from pulumi_openapi_oauth._config import REFUSED_CREDENTIALS_HINT, resolve_endpoint, resolve_settings
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
from pulumi_openapi_oauth._times import parse_time
from pulumi_openapi_oauth.errors import (
    APIError,
    CreateOutcomeUnknownError,
    TransportError,
    UnauthorizedError,
    error_for,
)

__all__ = ["PAGE_SIZE", "AsyncOAuthClient", "OAuthClient"]

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


class AsyncOAuthClient:
    """Client of the Openapi OAuth Service, with async I/O: every operation lives here.

    Credentials come from the arguments or ``OPENAPI_OAUTH_EMAIL`` / ``OPENAPI_OAUTH_API_KEY``;
    the endpoint from ``base_url``, ``environment`` (``production``/``sandbox``),
    ``OPENAPI_OAUTH_BASE_URL`` or production, in that order. ``endpoint_source`` names the
    setting ``base_url`` came from (``openapi-oauth:baseUrl``...), for the messages of
    connection failures; a URL that can never work raises ConfigError at once.

    Its pooled ``httpx.AsyncClient`` belongs to the event loop that first uses it, so one
    instance serves one loop (any number of concurrent tasks on it).
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        email: str | None = None,
        api_key: str | None = None,
        environment: str | None = None,
        endpoint_source: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: float = 0.25,
        max_backoff: float = 8.0,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if email is None or api_key is None:
            settings = resolve_settings({"email": email or "", "apiKey": api_key or ""})
            email, api_key = settings.email, settings.api_key
        self.endpoint = resolve_endpoint(
            base_url=base_url,
            environment=environment,
            base_url_source=endpoint_source or "the base_url argument",
            environment_source="the environment argument",
        )
        self.base_url = self.endpoint.url
        self._timeout = timeout
        self.max_retries = max_retries
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=httpx.BasicAuth(email, api_key),
            timeout=httpx.Timeout(timeout),
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "pulumi-openapi-oauth"},
            # A plain-HTTP endpoint (the emulator) needs no CA bundle: loading it is most of the
            # client's construction (httpx 0.28: ~20-45 ms against ~1-2 ms), paid once per process.
            verify=not self.base_url.startswith("http://"),
        )
        #: HTTP requests sent, retries included.
        self.request_count = 0
        self._skew: float | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError(f"{type(self).__name__} holds credentials and a connection pool; it is never pickled")

    async def aclose(self) -> None:
        await self._http.aclose()

    def server_time(self) -> float | None:
        """The service's clock (epoch seconds), from the Date header of the last response;
        None before the first response. Expiry is the service's to decide, not ours."""
        skew = self._skew
        return None if skew is None else time.time() + skew

    async def __aenter__(self) -> AsyncOAuthClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- tokens -----------------------------------------------------------------------------

    async def create_token(self, body: TokenCreate, *, recover: bool = True) -> TokenDetail:
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
            data = await self._send("POST", "/tokens", json=body.to_wire(), create=True)
            return _model(TokenDetail, data, "POST", "/tokens")
        except CreateOutcomeUnknownError as exc:
            if not (recover and body.name):
                raise
            for attempt in range(1, self.max_retries + 1):
                found = await self.find_created_token(body, since=sent_at)
                if found is not None:
                    log.info("recovered token %r after a lost POST /tokens response", body.name)
                    return found
                await self._pause(attempt, None)
            raise CreateOutcomeUnknownError(
                f"{str(exc).partition(': ')[2]}; no token named {body.name!r} has appeared after {self.max_retries} listings, but "
                "the request may still take effect. Run `openapi-oauth-recover --stack <stack>` (it deletes such a "
                "late token), then `pulumi up`",
                method="POST",
                path="/tokens",
            ) from None

    async def find_created_token(self, body: TokenCreate, *, since: float | None = None) -> TokenDetail | None:
        """The single live token whose name and scope set match ``body``, if any.

        ``since`` (the service's clock when the POST was sent) leaves out older tokens, e.g. the
        token a replacement of the same name and scopes is about to replace.
        """
        wanted = set(body.scopes)
        matches = [
            t
            async for t in self.iter_tokens()
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

    async def iter_tokens(self) -> AsyncIterator[TokenDetail]:
        """GET /tokens, every page, fetched as the iteration reaches it."""
        async for page in self._pages("/tokens"):
            for item in page:
                yield _token(item)

    async def list_tokens(self) -> list[TokenDetail]:
        return [t async for t in self.iter_tokens()]

    async def get_token(self, token: str) -> TokenDetail:
        """GET /tokens/{token}; an unknown or expired token raises NotFoundError."""
        data = await self._send("GET", f"/tokens/{token}", secrets=(token,))
        return _model(TokenDetail, data, "GET", "/tokens/{token}")

    async def update_token(self, token: str, body: TokenUpdate) -> TokenDetail:
        """PATCH /tokens/{token} with the account's credentials; sends only the fields set."""
        data = await self._send("PATCH", f"/tokens/{token}", json=body.to_wire(), secrets=(token,))
        return _model(TokenDetail, data, "PATCH", "/tokens/{token}")

    async def refresh_token(self, token: str, refresh_token: str, body: TokenUpdate | None = None) -> TokenDetail:
        """PATCH /tokens/{token} authenticated by the refresh token (Bearer).

        The service answers with a new token and refresh token with the same scopes and
        deletes the old token. Not retried: a repeat after a lost response would present a
        refresh token that no longer works.
        """
        payload = (body or TokenUpdate()).to_wire()
        data = await self._send(
            "PATCH",
            f"/tokens/{token}",
            json=payload,
            auth=_BearerAuth(refresh_token),
            retry=False,
            secrets=(token, refresh_token),
        )
        return _model(TokenDetail, data, "PATCH", "/tokens/{token}")

    async def delete_token(self, token: str) -> None:
        """DELETE /tokens/{token}; raises NotFoundError when it is already gone."""
        await self._send("DELETE", f"/tokens/{token}", secrets=(token,))

    # -- scopes -----------------------------------------------------------------------------

    async def list_scopes(self) -> list[UserScope]:
        """GET /scopes: the account's whole catalogue (the service does not paginate it)."""
        return _list_of(UserScope, await self._send("GET", "/scopes"), "GET", "/scopes")

    async def get_scope(self, scope_id: str) -> ScopeDetail:
        return _model(ScopeDetail, await self._send("GET", f"/scopes/{scope_id}"), "GET", "/scopes/{id}")

    # -- usage ------------------------------------------------------------------------------

    async def list_errors(self, scopes: Sequence[str] | None = None) -> list[ErrorLog]:
        pages = self._pages("/errors", _scope_filter(scopes))
        return [_model(ErrorLog, i, "GET", "/errors") async for page in pages for i in page]

    async def list_callbacks(self, scopes: Sequence[str] | None = None) -> list[CallbackListElement]:
        pages = self._pages("/callbacks", _scope_filter(scopes))
        return [_model(CallbackListElement, i, "GET", "/callbacks") async for page in pages for i in page]

    async def get_callback(self, callback_id: str) -> Callback:
        data = await self._send("GET", f"/callbacks/{callback_id}")
        return _model(Callback, data, "GET", "/callbacks/{id}")

    async def list_subscriptions(self, scopes: Sequence[str] | None = None) -> list[SubscriptionListElement]:
        pages = self._pages("/subscriptions", _scope_filter(scopes))
        return [_model(SubscriptionListElement, i, "GET", "/subscriptions") async for page in pages for i in page]

    async def get_subscription(self, subscription_id: str) -> Subscription:
        data = await self._send("GET", f"/subscriptions/{subscription_id}")
        return _model(Subscription, data, "GET", "/subscriptions/{id}")

    async def find_subscription(self, subscription_id: str) -> Subscription:
        """GET /subscriptions?id=...: the query form of :meth:`get_subscription`."""
        data = await self._send("GET", "/subscriptions", params={"id": subscription_id})
        return _model(Subscription, data, "GET", "/subscriptions")

    async def get_wallet(self) -> Wallet:
        return _model(Wallet, await self._send("GET", "/wallet"), "GET", "/wallet")

    async def list_wallet_transactions(self, limit: int | None = None) -> list[WalletTransaction]:
        """GET /wallet/transactions, every page, or the first ``limit`` entries."""
        pages = self._pages("/wallet/transactions", limit=limit)
        return [_model(WalletTransaction, i, "GET", "/wallet/transactions") async for page in pages for i in page]

    # -- stats ------------------------------------------------------------------------------

    async def get_stats(self, date: str | None = None) -> Stats:
        return _model(Stats, await self._send("GET", "/stats", params=_date(date)), "GET", "/stats")

    async def get_stats_ips(self, date: str | None = None) -> list[str]:
        data = await self._send("GET", "/stats/ips", params=_date(date))
        return [str(ip) for ip in data or []]

    async def get_stats_apis(self, date: str | None = None) -> dict[str, ApiStats]:
        data = await self._send("GET", "/stats/apis", params=_date(date))
        try:
            return _API_STATS.validate_python(data or {})
        except PydanticValidationError as exc:
            raise _mismatch(exc, "GET", "/stats/apis") from None

    async def get_stats_api(self, domain: str, date: str | None = None) -> ApiStatsDetail:
        data = await self._send("GET", f"/stats/apis/{domain}", params=_date(date))
        return _model(ApiStatsDetail, data, "GET", "/stats/apis/{domain}")

    # -- transport --------------------------------------------------------------------------

    async def _pages(
        self, path: str, params: Mapping[str, str] | None = None, *, limit: int | None = None
    ) -> AsyncIterator[list[Any]]:
        """Walk skip/limit pages of at most 100 until a short page (or ``limit`` items)."""
        skip = 0
        while True:
            page_size = PAGE_SIZE if limit is None else min(PAGE_SIZE, limit - skip)
            if page_size <= 0:
                return
            query = {**(params or {}), "skip": str(skip), "limit": str(page_size)}
            page = await self._send("GET", path, params=query)
            if not isinstance(page, list):
                raise APIError(
                    status=200,
                    code=None,
                    message=f"expected a list, got {type(page).__name__}",
                    method="GET",
                    path=path,
                )
            yield page
            if len(page) < page_size:
                return
            skip += len(page)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        auth: httpx.Auth | None = None,
        retry: bool = True,
        create: bool = False,
        secrets: tuple[str, ...] = (),
    ) -> Any:
        """One logical request: attempts until :func:`_retryable` says stop, then the ``data``
        of the envelope or a typed error (:meth:`_outcome`).

        ``secrets`` are values scrubbed from any error message the service sends back.
        """
        call = _Call(method, path, params, json, auth, create, secrets)
        attempt = 0
        while True:
            attempt += 1
            answer = await self._attempt(call)
            if not (retry and attempt <= self.max_retries and _retryable(answer, create=create)):
                return self._outcome(call, answer)
            await self._pause(attempt, _retry_after(answer) if isinstance(answer, httpx.Response) else None)

    async def _attempt(self, call: _Call) -> httpx.Response | httpx.TransportError:
        """One HTTP exchange, counted; the service's clock noted from its Date header."""
        self.request_count += 1
        try:
            response = await self._http.request(
                call.method,
                call.path,
                params=call.params,
                json=call.json,
                auth=call.auth if call.auth is not None else httpx.USE_CLIENT_DEFAULT,
            )
        except httpx.TransportError as exc:
            return exc
        self._note_date(response)
        return response

    def _outcome(self, call: _Call, answer: httpx.Response | httpx.TransportError) -> Any:
        """The ``data`` of a final answer, or the typed error it stands for."""
        shown = redact_path(call.path)
        if isinstance(answer, httpx.TransportError):
            if call.create and not _never_sent(answer):
                # Sent, but the answer was lost (read timeout, dropped connection).
                raise CreateOutcomeUnknownError(
                    self._unreachable(answer) + "; the token may or may not have been created",
                    method=call.method,
                    path=shown,
                )
            raise TransportError(self._unreachable(answer), method=call.method, path=shown)
        status = answer.status_code
        if status < 400:
            return _envelope_data(answer, call.method, shown)
        if call.create and status in _RETRY_STATUS - _CREATE_RETRY_STATUS:
            raise CreateOutcomeUnknownError(
                f"HTTP {status} from a gateway; the token may or may not have been created",
                method=call.method,
                path=shown,
            )
        error = _api_error(answer, call.method, shown, _retry_after(answer), call.secrets)
        if isinstance(error, UnauthorizedError) and call.auth is None:
            error.add_hint(REFUSED_CREDENTIALS_HINT)
        elif error.code is None and status == 404:
            # Every "not found" of the service carries its error code; a bare 404 comes
            # from a URL that is not the service's root (a wrong path prefix such as /v1).
            error = APIError(
                status=404,
                code=None,
                message=f"{self.base_url}{shown} is not an Openapi OAuth Service endpoint; "
                f"{self.endpoint.source} is {self.base_url!r}: set it to the service's root URL "
                "(no path prefix such as /v1)",
                method=call.method,
                path=shown,
            )
        raise error

    def _unreachable(self, exc: httpx.TransportError) -> str:
        """What failed, at which URL, chosen by which setting, and what to check.

        httpx messages can quote the URL with a token in it, so only the class name is kept.
        """
        where = f"{self.base_url} (set by {self.endpoint.source})"
        if _tls_failure(exc):
            return (
                f"the TLS handshake with {where} failed: if that port serves plain HTTP (as the local "
                "emulator does) use http://, else check the URL"
            )
        if isinstance(exc, httpx.ConnectError):
            return f"could not connect to {where}: is the service running there? Check the URL and the network"
        if isinstance(exc, httpx.TimeoutException):
            return f"{where} did not answer within {self._timeout:g} s ({type(exc).__name__}); check the URL and the network"
        return f"the connection to {where} failed ({type(exc).__name__}); check the URL and the network"

    def _note_date(self, response: httpx.Response) -> None:
        value = response.headers.get("Date")
        if not value:
            return
        try:
            self._skew = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return

    async def _pause(self, attempt: int, retry_after: float | None) -> None:
        if retry_after is not None:
            delay = min(retry_after, 60.0)
        else:
            delay = random.uniform(0, min(self._max_backoff, self._backoff * 2 ** (attempt - 1)))
        await self._sleep(delay)


class _Call(NamedTuple):
    """One logical request, as every attempt at it sends it."""

    method: str
    path: str
    params: Mapping[str, str] | None
    json: Any
    auth: httpx.Auth | None
    create: bool
    secrets: tuple[str, ...]


def _never_sent(exc: httpx.TransportError) -> bool:
    """True when the request never left this process (no connection to send it on)."""
    return isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))


def _retryable(answer: httpx.Response | httpx.TransportError, *, create: bool) -> bool:
    """Whether repeating the request may help and cannot do harm.

    A request that never left this process is always safe to repeat, unless TLS failed
    (https:// on a plain-HTTP port), which no retry changes. One that was sent and lost its
    answer is repeated except for POST /tokens, which could make a second token. Statuses:
    :data:`_RETRY_STATUS`, or :data:`_CREATE_RETRY_STATUS` for POST /tokens.
    """
    if isinstance(answer, httpx.TransportError):
        return not _tls_failure(answer) if _never_sent(answer) else not create
    return answer.status_code in (_CREATE_RETRY_STATUS if create else _RETRY_STATUS)


P = ParamSpec("P")
R = TypeVar("R")


def _blocking(
    operation: Callable[Concatenate[AsyncOAuthClient, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[OAuthClient, P], R]:
    """The blocking form of an :class:`AsyncOAuthClient` operation, run on the private loop."""

    @functools.wraps(operation)
    def call(self: OAuthClient, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return _loop.run(operation(self._async, *args, **kwargs))

    return call


class OAuthClient:
    """The blocking client: :class:`AsyncOAuthClient`'s operations, each run to completion.

    Safe to share between threads (the dynamic-provider host runs four gRPC workers on one
    provider) and usable inside a Pulumi program, whose own event loop is running: every
    call runs on one private event-loop thread per process (:mod:`._loop`). The arguments
    are :class:`AsyncOAuthClient`'s, except that ``transport`` may also be a blocking
    ``httpx.BaseTransport`` (run in a worker thread) and ``sleep`` is a blocking function
    (run in a worker thread; the default waits on the loop).
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        email: str | None = None,
        api_key: str | None = None,
        environment: str | None = None,
        endpoint_source: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: float = 0.25,
        max_backoff: float = 8.0,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            transport = _ThreadedTransport(transport)
        self._async = AsyncOAuthClient(
            base_url=base_url,
            email=email,
            api_key=api_key,
            environment=environment,
            endpoint_source=endpoint_source,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            max_backoff=max_backoff,
            transport=transport,
            sleep=asyncio.sleep if sleep is None else _in_thread(sleep),
        )
        self.endpoint = self._async.endpoint
        self.base_url = self._async.base_url

    @property
    def max_retries(self) -> int:
        return self._async.max_retries

    @max_retries.setter
    def max_retries(self, value: int) -> None:
        self._async.max_retries = value

    @property
    def request_count(self) -> int:
        """HTTP requests sent, retries included."""
        return self._async.request_count

    @property
    def async_client(self) -> AsyncOAuthClient:
        """The :class:`AsyncOAuthClient` this facade runs; await it only on :mod:`._loop`'s loop."""
        return self._async

    def __repr__(self) -> str:
        return f"OAuthClient(base_url={self.base_url!r})"

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("OAuthClient holds credentials and a connection pool; it is never pickled")

    def close(self) -> None:
        _loop.run(self._async.aclose())

    def server_time(self) -> float | None:
        """The service's clock (epoch seconds), from the Date header of the last response;
        None before the first response. Expiry is the service's to decide, not ours."""
        return self._async.server_time()

    def __enter__(self) -> OAuthClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def iter_tokens(self) -> Iterator[TokenDetail]:
        """GET /tokens, every page, fetched as the iteration reaches it."""
        for page in _loop.iterate(self._async._pages("/tokens")):
            for item in page:
                yield _token(item)

    create_token = _blocking(AsyncOAuthClient.create_token)
    find_created_token = _blocking(AsyncOAuthClient.find_created_token)
    list_tokens = _blocking(AsyncOAuthClient.list_tokens)
    get_token = _blocking(AsyncOAuthClient.get_token)
    update_token = _blocking(AsyncOAuthClient.update_token)
    refresh_token = _blocking(AsyncOAuthClient.refresh_token)
    delete_token = _blocking(AsyncOAuthClient.delete_token)
    list_scopes = _blocking(AsyncOAuthClient.list_scopes)
    get_scope = _blocking(AsyncOAuthClient.get_scope)
    list_errors = _blocking(AsyncOAuthClient.list_errors)
    list_callbacks = _blocking(AsyncOAuthClient.list_callbacks)
    get_callback = _blocking(AsyncOAuthClient.get_callback)
    list_subscriptions = _blocking(AsyncOAuthClient.list_subscriptions)
    get_subscription = _blocking(AsyncOAuthClient.get_subscription)
    find_subscription = _blocking(AsyncOAuthClient.find_subscription)
    get_wallet = _blocking(AsyncOAuthClient.get_wallet)
    list_wallet_transactions = _blocking(AsyncOAuthClient.list_wallet_transactions)
    get_stats = _blocking(AsyncOAuthClient.get_stats)
    get_stats_ips = _blocking(AsyncOAuthClient.get_stats_ips)
    get_stats_apis = _blocking(AsyncOAuthClient.get_stats_apis)
    get_stats_api = _blocking(AsyncOAuthClient.get_stats_api)


def _in_thread(sleep: Callable[[float], None]) -> Callable[[float], Awaitable[None]]:
    """A blocking ``sleep`` that waits in a worker thread, never on the shared loop."""

    async def pause(delay: float) -> None:
        await asyncio.to_thread(sleep, delay)

    return pause


class _ThreadedTransport(httpx.AsyncBaseTransport):
    """A blocking transport behind the async client: each exchange runs in a worker thread."""

    def __init__(self, transport: httpx.BaseTransport) -> None:
        self._transport = transport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await asyncio.to_thread(self._exchange, request)

    def _exchange(self, request: httpx.Request) -> httpx.Response:
        response = self._transport.handle_request(request)
        try:
            content = response.read()
        finally:
            response.close()
        return httpx.Response(
            response.status_code, headers=response.headers, content=content, extensions=response.extensions
        )

    async def aclose(self) -> None:
        await asyncio.to_thread(self._transport.close)


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


def _token(item: Any) -> TokenDetail:
    """One entry of GET /tokens."""
    return _model(TokenDetail, item, "GET", "/tokens")


def _list_of(model: type[M], data: Any, method: str, path: str) -> list[M]:
    if data is not None and not isinstance(data, list):
        raise APIError(status=200, code=None, message="the service's answer is not a list", method=method, path=path)
    return [_model(model, item, method, path) for item in data or []]


def _model(model: type[M], data: Any, method: str, path: str) -> M:
    """``data`` as ``model``, or an APIError: a malformed answer is the service's failure."""
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        raise _mismatch(exc, method, path) from None


def _mismatch(exc: PydanticValidationError, method: str, path: str) -> APIError:
    # Only the location of the first problem: pydantic's own text quotes the input, which can
    # hold a token value.
    errors = exc.errors(include_input=False, include_url=False)
    where = ".".join(str(p) for p in errors[0]["loc"]) if errors and errors[0]["loc"] else "the answer"
    return APIError(
        status=200,
        code=None,
        message=f"the service's answer does not match the API ({len(errors)} problem(s), first at {where}: "
        f"{errors[0]['msg'] if errors else 'invalid'})",
        method=method,
        path=path,
    )


def _made_since(token: TokenDetail, since: float | None) -> bool:
    """Whether ``token`` was created at or after ``since`` (2 s of slack for the Date header)."""
    created = parse_time(token.created_at)
    return since is None or created is None or created >= since - 2


def _scope_filter(scopes: Sequence[str] | None) -> dict[str, str]:
    return {"scopes": ",".join(scopes)} if scopes else {}


def _date(date: str | None) -> dict[str, str]:
    return {"date": date} if date else {}


def _tls_failure(exc: BaseException) -> bool:
    """True when an SSL error is behind ``exc`` (httpx chains the transport's error)."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds (a number or an HTTP date); None when absent or malformed."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return None
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
