"""OAuthClient against httpx.MockTransport: retries, recovery, pagination, errors, redaction."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from pulumi_openapi_oauth import (
    APIError,
    CreateOutcomeUnknownError,
    NotFoundError,
    OAuthClient,
    QueryError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnauthorizedError,
    ValidationError,
)
from pulumi_openapi_oauth._models import TokenCreate, TokenUpdate

TOKEN = "0123456789abcdef01234567"
REFRESH = "fedcba9876543210fedcba98"
Handler = Callable[[httpx.Request], httpx.Response]


def ok(data: object) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "message": "", "error": None, "data": data})


def fail(status: int, code: int | None, message: str = "nope", **headers: str) -> httpx.Response:
    body = {"success": False, "message": message, "error": code, "data": None}
    return httpx.Response(status, json=body, headers=headers)


class Recorder:
    def __init__(self, *answers: httpx.Response | Exception | Handler) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        return answer

    def client(self, **kw: object) -> OAuthClient:
        return OAuthClient(
            base_url="http://oauth.test",
            email="ops@example.com",
            api_key="secret-key",
            transport=httpx.MockTransport(self),
            sleep=self.sleeps.append,
            **kw,  # type: ignore[arg-type]
        )


def detail(**extra: object) -> dict[str, object]:
    return {"token": TOKEN, "refreshToken": REFRESH, "name": "n", "scopes": ["GET:a.openapi.com/x"], **extra}


def test_basic_auth_and_envelope() -> None:
    rec = Recorder(ok(detail()))
    tok = rec.client().get_token(TOKEN)
    assert tok.token == TOKEN and tok.refresh_token == REFRESH
    auth = rec.requests[0].headers["Authorization"]
    assert auth == httpx.BasicAuth("ops@example.com", "secret-key")._auth_header


def test_get_retries_503_then_succeeds_with_backoff() -> None:
    rec = Recorder(fail(503, None), fail(502, None), fail(504, None), ok(detail()))
    rec.client().get_token(TOKEN)
    assert len(rec.requests) == 4
    assert len(rec.sleeps) == 3 and all(s >= 0 for s in rec.sleeps)


def test_429_honours_retry_after() -> None:
    rec = Recorder(fail(429, None, **{"Retry-After": "3"}), ok([]))
    rec.client().list_scopes()
    assert rec.sleeps == [3.0]


def test_retries_are_bounded_and_end_typed() -> None:
    rec = Recorder(fail(429, None, **{"Retry-After": "1"}))
    with pytest.raises(RateLimitedError) as err:
        rec.client(max_retries=2).get_wallet()
    assert len(rec.requests) == 3
    assert err.value.retry_after == 1.0 and err.value.status == 429

    rec = Recorder(fail(500, None))
    with pytest.raises(ServerError):
        rec.client().get_wallet()
    assert len(rec.requests) == 1  # 500 is not in the retry set


def test_connect_errors_are_retried_for_every_method() -> None:
    boom = httpx.ConnectError("refused")
    rec = Recorder(boom, boom, ok(detail()))
    rec.client().create_token(TokenCreate(scopes=["GET:a.openapi.com/x"], name="n"))
    assert [r.method for r in rec.requests] == ["POST"] * 3


def test_read_errors_retry_idempotent_requests_only() -> None:
    rec = Recorder(httpx.ReadTimeout("slow"), ok(detail()))
    rec.client().get_token(TOKEN)
    assert len(rec.requests) == 2


def test_lost_create_response_is_recovered_by_name_not_reposted() -> None:
    def tokens(request: httpx.Request) -> httpx.Response:
        return ok([detail(name="other"), detail(name="ci-deployer-1a2b3c4d")])

    rec = Recorder(httpx.RemoteProtocolError("dropped"), tokens)
    body = TokenCreate(scopes=["GET:a.openapi.com/x"], name="ci-deployer-1a2b3c4d")
    tok = rec.client().create_token(body)
    assert tok.name == "ci-deployer-1a2b3c4d"
    assert [(r.method, r.url.path) for r in rec.requests] == [("POST", "/tokens"), ("GET", "/tokens")]


def test_lost_create_response_with_nothing_listed_is_never_posted_again() -> None:
    # The POST may still be on its way (held by a proxy): a second POST could make a second token.
    rec = Recorder(httpx.ReadTimeout("slow"), *[ok([])] * 5)
    with pytest.raises(CreateOutcomeUnknownError, match="openapi-oauth-recover"):
        rec.client().create_token(TokenCreate(scopes=["GET:a.openapi.com/x"], name="n"))
    assert [r.method for r in rec.requests] == ["POST"] + ["GET"] * 5


def test_gateway_error_on_create_is_an_unknown_outcome() -> None:
    rec = Recorder(fail(502, None))
    with pytest.raises(CreateOutcomeUnknownError):
        rec.client().create_token(TokenCreate(scopes=["GET:a.openapi.com/x"]), recover=False)
    assert len(rec.requests) == 1


def test_create_retries_refusals() -> None:
    rec = Recorder(fail(503, None), fail(429, None, **{"Retry-After": "0"}), ok(detail()))
    rec.client().create_token(TokenCreate(scopes=["GET:a.openapi.com/x"]))
    assert len(rec.requests) == 3


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (404, 120, NotFoundError),
        (404, 10, NotFoundError),
        (422, 60, ValidationError),
        (422, 90, ValidationError),
        (400, 150, ValidationError),
        (401, 130, UnauthorizedError),
        (401, None, UnauthorizedError),
        (403, None, UnauthorizedError),
        (400, 190, QueryError),
        (400, 230, QueryError),
        (500, None, ServerError),
    ],
)
def test_errors_are_typed_by_code(status: int, code: int | None, cls: type[APIError]) -> None:
    rec = Recorder(fail(status, code, "went wrong"))
    with pytest.raises(cls) as err:
        rec.client(max_retries=0).get_token(TOKEN)
    assert err.value.status == status and err.value.code == code


def test_no_secret_in_any_error_text() -> None:
    echo = fail(404, 160, f"token {TOKEN} with refresh {REFRESH} not found")
    rec = Recorder(echo)
    client = rec.client()
    for call in (
        lambda: client.get_token(TOKEN),
        lambda: client.update_token(TOKEN, TokenUpdate(name="x")),
        lambda: client.refresh_token(TOKEN, REFRESH),
        lambda: client.delete_token(TOKEN),
    ):
        with pytest.raises(NotFoundError) as err:
            call()
        text = str(err.value) + repr(err.value) + repr(err.value.__cause__)
        for secret in (TOKEN, REFRESH, "secret-key", "ops@example.com"):
            assert secret not in text

    rec = Recorder(httpx.ReadTimeout(f"timed out reading http://oauth.test/tokens/{TOKEN}"))
    with pytest.raises(TransportError) as terr:
        rec.client(max_retries=1).get_token(TOKEN)
    assert TOKEN not in str(terr.value) and terr.value.__cause__ is None
    assert "secret-key" not in repr(rec.client())


def test_refresh_flow_uses_bearer_and_is_not_retried() -> None:
    rec = Recorder(fail(503, None))
    with pytest.raises(ServerError):
        rec.client().refresh_token(TOKEN, REFRESH, TokenUpdate(ttl=60))
    assert len(rec.requests) == 1
    req = rec.requests[0]
    assert req.headers["Authorization"] == f"Bearer {REFRESH}"
    assert json.loads(req.content) == {"ttl": 60}


def test_update_sends_only_fields_set() -> None:
    rec = Recorder(ok(detail()))
    rec.client().update_token(TOKEN, TokenUpdate(scopes=["GET:a.openapi.com/x"]))
    assert json.loads(rec.requests[0].content) == {"scopes": ["GET:a.openapi.com/x"]}


def test_pagination_walks_every_page() -> None:
    items = [detail(name=f"t{i}") for i in range(250)]

    def page(request: httpx.Request) -> httpx.Response:
        skip, limit = int(request.url.params["skip"]), int(request.url.params["limit"])
        assert limit <= 100
        return ok(items[skip : skip + limit])

    rec = Recorder(page)
    assert [t.name for t in rec.client().list_tokens()] == [f"t{i}" for i in range(250)]
    assert [r.url.params["skip"] for r in rec.requests] == ["0", "100", "200"]


def test_limit_stops_early_and_filters_are_comma_joined() -> None:
    rec = Recorder(lambda r: ok([{"id": str(i)} for i in range(int(r.url.params["limit"]))]))
    assert len(rec.client().list_wallet_transactions(limit=130)) == 130
    assert [r.url.params["limit"] for r in rec.requests] == ["100", "30"]

    rec = Recorder(ok([]))
    rec.client().list_errors(scopes=["GET:a.openapi.com/x", "POST:b.openapi.com/y"])
    assert rec.requests[0].url.params["scopes"] == "GET:a.openapi.com/x,POST:b.openapi.com/y"


def test_spec_quirks_are_kept() -> None:
    rec = Recorder(ok({"id": "s", "totalRequests": "1000", "availableRequests": "950", "extraField": 1}))
    sub = rec.client().get_subscription("s")
    assert sub.total_requests == "1000" and sub.model_extra == {"extraField": 1}
    rec = Recorder(ok({"id": "x", "freeLimits": {"dayLimit": 0, "monthLimit": False}, "rateLimit": False}))
    scope = rec.client().get_scope("x")
    assert scope.free_limits is not None
    assert scope.free_limits.day_limit == 0 and scope.free_limits.month_limit is False


def test_server_time_follows_date_header() -> None:
    rec = Recorder(httpx.Response(200, json={"data": []}, headers={"Date": "Wed, 01 Jan 2031 00:00:00 GMT"}))
    client = rec.client()
    assert client.server_time() is None
    client.list_scopes()
    now = client.server_time()
    assert now is not None and abs(now - 1924992000) < 5


def test_base_url_and_credentials_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAPI_OAUTH_EMAIL", "env@example.com")
    monkeypatch.setenv("OPENAPI_OAUTH_API_KEY", "env-key")
    monkeypatch.setenv("OPENAPI_OAUTH_BASE_URL", "http://env.test/")
    client = OAuthClient()
    assert client.base_url == "http://env.test"
    monkeypatch.delenv("OPENAPI_OAUTH_BASE_URL")
    assert OAuthClient(environment="sandbox").base_url == "https://test.oauth.openapi.com"
    assert OAuthClient().base_url == "https://oauth.openapi.com"
    monkeypatch.delenv("OPENAPI_OAUTH_API_KEY")
    with pytest.raises(ValueError, match="openapi-oauth:apiKey"):
        OAuthClient()


def test_client_refuses_to_be_pickled() -> None:
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(Recorder(ok([])).client())
