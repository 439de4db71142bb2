"""The Token provider class against the running emulator: every branch, with request budgets.

Each ``new_provider()`` is a fresh provider "process" (its own client and catalogue cache),
as every ``pulumi up`` starts a new dynamic-provider host.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from pulumi.dynamic import CreateResult

from pulumi_openapi_oauth._constants import TOKEN_TYPE
from pulumi_openapi_oauth._models import TokenCreate, TokenUpdate
from pulumi_openapi_oauth._secrets import fingerprint
from pulumi_openapi_oauth.client import AsyncOAuthClient, OAuthClient
from pulumi_openapi_oauth.dynamic.provider import TokenProvider
from pulumi_openapi_oauth.errors import APIError, NotFoundError, OAuthError, UnauthorizedError

Factory = Callable[..., TokenProvider]
SCOPES = ["GET:company.openapi.com/IT-start", "POST:sms.openapi.com/send"]
DAY = 24 * 3600


def urn(name: str) -> str:
    """The URN a program sends as the auto name's seed (its last part is the name's prefix)."""
    return f"urn:pulumi:test::p::{TOKEN_TYPE}::{name}"


def checked(provider: TokenProvider, news: dict[str, Any], olds: dict[str, Any] | None = None) -> dict[str, Any]:
    result = provider.check(olds or {}, news)
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    return result.inputs


def create(provider: TokenProvider, unique: str, **inputs: Any) -> tuple[dict[str, Any], CreateResult]:
    news = checked(provider, {"scopes": SCOPES, "__name_seed": urn(unique), **inputs})
    return news, provider.create(news)


def named(emulator: Any, name: str) -> list[dict[str, Any]]:
    return [t for t in emulator.tokens() if t.get("name") == name]


def test_create_one_post_and_outputs(new_provider: Factory, clean_emulator: Any, unique: str) -> None:
    provider = new_provider()
    inputs, result = create(
        provider, unique, ttl=3600, limits={"total_requests": 10, "wallet_amount": 5.5, "ip": ["203.0.113.7"]}
    )
    assert clean_emulator.requests() == {"GET /scopes": 1, "POST /tokens": 1}
    outs = result.outs or {}
    assert result.id == outs["token_id"] == fingerprint(outs["token"])
    assert outs["name"] == inputs["name"] and outs["name"].startswith(unique + "-")
    assert set(outs["scopes"]) == set(SCOPES) and outs["ttl"] == 3600
    assert outs["limits"] == {"total_requests": 10, "wallet_amount": 5.5, "ip": ["203.0.113.7"]}
    assert outs["refresh_token"] and outs["expire_at"] and outs["created_at"] and outs["updated_at"]
    assert "stats" in outs
    assert len(named(clean_emulator, outs["name"])) == 1
    # A second create in the same process does not fetch the catalogue again.
    clean_emulator.reset_requests()
    create(provider, unique + "b")
    assert clean_emulator.requests() == {"POST /tokens": 1}


def test_requests_search_for_no_module(new_provider: Factory, clean_emulator: Any, unique: str) -> None:
    # httpcore runs `import sniffio` on every request: with sniffio missing, each one searched
    # sys.path (4 searches per request). The package depends on sniffio; count the searches.
    provider = new_provider()
    _, result = create(provider, unique)
    searched: list[str] = []

    class Spy:
        @staticmethod
        def find_spec(name: str, path: Any = None, target: Any = None) -> None:
            searched.append(name)

    sys.meta_path.insert(0, Spy)
    try:
        for _ in range(3):
            provider.read(result.id, result.outs or {})
    finally:
        sys.meta_path.remove(Spy)
    assert searched == []
    assert clean_emulator.requests() == {"GET /scopes": 1, "POST /tokens": 1, "GET /tokens/{token}": 3}


def test_no_change_diff_makes_no_request(new_provider: Factory, clean_emulator: Any, unique: str) -> None:
    provider = new_provider()
    inputs, result = create(provider, unique, limits={"total_requests": 10})
    clean_emulator.reset_requests()
    again = checked(
        provider,
        {"scopes": list(reversed(SCOPES)), "__name_seed": urn(unique), "limits": {"total_requests": 10.0}},
        inputs,
    )
    diff = provider.diff(result.id, result.outs or {}, again | {"__provider": "new code"})
    assert diff.changes is False
    assert clean_emulator.requests() == {}


def test_read_one_get_and_drift_seen_and_reverted(new_provider: Factory, clean_emulator: Any, unique: str) -> None:
    provider = new_provider()
    inputs, result = create(provider, unique, limits={"total_requests": 10})
    outs = result.outs or {}
    # out-of-band change
    with OAuthClient(base_url=clean_emulator.url, email=clean_emulator.email, api_key=clean_emulator.api_key) as c:
        c.update_token(outs["token"], TokenUpdate(scopes=[SCOPES[0]], limits={"total_requests": 99}))
    clean_emulator.reset_requests()
    refresh = new_provider()
    read = refresh.read(result.id, outs)
    assert clean_emulator.requests() == {"GET /tokens/{token}": 1}
    assert read.id == result.id and read.inputs is not None and read.outs is not None
    assert read.outs["scopes"] == [SCOPES[0]] and read.inputs["scopes"] == [SCOPES[0]]
    assert read.inputs["limits"] == {"total_requests": 99}
    assert read.inputs["name"] == inputs["name"] and read.inputs["__auto_name"] == inputs["name"]
    # refresh's drift: the provider's diff of the refreshed state against the old inputs
    assert refresh.diff(read.id, read.outs, inputs).changes is True
    # the next `pulumi up` puts the declared state back, with one PATCH of only what differs
    up = new_provider()
    news = checked(up, {"scopes": SCOPES, "__name_seed": urn(unique), "limits": {"total_requests": 10}}, read.inputs)
    assert news["name"] == inputs["name"]
    assert up.diff(read.id, read.outs, news).changes is True
    clean_emulator.reset_requests()
    updated = up.update(read.id, read.outs, news).outs or {}
    assert clean_emulator.requests() == {"PATCH /tokens/{token}": 1}
    assert set(updated["scopes"]) == set(SCOPES) and updated["limits"] == {"total_requests": 10}
    assert updated["token"] == outs["token"]


def test_update_sends_only_changed_fields(
    new_provider: Factory, clean_emulator: Any, unique: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider = new_provider()
    inputs, result = create(provider, unique, ttl=7 * DAY)
    outs = result.outs or {}
    sent: list[dict[str, Any]] = []
    real = AsyncOAuthClient.update_token

    async def spy(self: AsyncOAuthClient, token: str, body: TokenUpdate) -> Any:
        sent.append(body.to_wire())
        return await real(self, token, body)

    monkeypatch.setattr(AsyncOAuthClient, "update_token", spy)
    news = checked(
        provider, {"scopes": SCOPES, "__name_seed": urn(unique), "ttl": 7 * DAY, "name": "renamed " + unique}, inputs
    )
    clean_emulator.reset_requests()
    assert provider.diff(result.id, outs, news).changes is True
    new_outs = provider.update(result.id, outs, news).outs or {}
    assert sent == [{"name": "renamed " + unique}]
    assert clean_emulator.requests() == {"PATCH /tokens/{token}": 1}
    assert new_outs["name"] == "renamed " + unique and new_outs["token"] == outs["token"]
    assert new_outs["expire_at"] == outs["expire_at"]
    # only renew_before changed: no request at all
    clean_emulator.reset_requests()
    later = provider.update(result.id, new_outs, news | {"renew_before": DAY}).outs or {}
    assert clean_emulator.requests() == {} and later["renew_before"] == DAY


def test_delete_and_missing_on_delete(new_provider: Factory, clean_emulator: Any, unique: str) -> None:
    provider = new_provider()
    _, result = create(provider, unique)
    outs = result.outs or {}
    clean_emulator.reset_requests()
    provider.delete(result.id, outs)
    assert clean_emulator.requests() == {"DELETE /tokens/{token}": 1}
    assert named(clean_emulator, outs["name"]) == []
    provider.delete(result.id, outs)  # already gone: counts as deleted
    gone = provider.read(result.id, outs)
    assert gone.id == ""


def test_expired_token_is_replaced(new_provider: Factory, service_clock: Any, unique: str) -> None:
    provider = new_provider()
    inputs, result = create(provider, unique, ttl=3600)
    outs = result.outs or {}
    service_clock.advance(3601)
    later = new_provider()
    news = checked(later, {"scopes": SCOPES, "__name_seed": urn(unique), "ttl": 3600}, inputs)
    diff = later.diff(result.id, outs, news)
    assert diff.changes is True and diff.replaces == ["expire_at"] and diff.delete_before_replace is False
    replacement = later.create(news).outs or {}
    assert replacement["token"] != outs["token"]
    later.delete(result.id, outs)  # the expired one is already gone: fine
    assert later.read(result.id, outs).id == ""


def test_renewal_extends_in_place_with_the_same_value(new_provider: Factory, service_clock: Any, unique: str) -> None:
    provider = new_provider()
    inputs, result = create(provider, unique, ttl=10 * DAY, renew_before=3 * DAY)
    outs = result.outs or {}
    service_clock.advance(8 * DAY)
    later = new_provider()
    news = checked(
        later, {"scopes": SCOPES, "__name_seed": urn(unique), "ttl": 10 * DAY, "renew_before": 3 * DAY}, inputs
    )
    assert news["expire_reason"].startswith(
        f"renewal: within renew_before (259200 s) of expire_at {inputs['expire_at']}"
    )
    assert news["expire_at"] > inputs["expire_at"]
    service_clock.reset_requests()
    diff = later.diff(result.id, outs, news)
    assert diff.changes is True and diff.replaces == []
    assert service_clock.requests() == {}
    renewed = later.update(result.id, outs, news).outs or {}
    assert service_clock.requests() == {"PATCH /tokens/{token}": 1}
    assert renewed["token"] == outs["token"] and renewed["token_id"] == result.id
    assert renewed["expire_at"] > outs["expire_at"]
    # outside the window now: no change
    assert later.diff(result.id, renewed, news).changes is False


def test_rotation_replaces_before_deleting(new_provider: Factory, clean_emulator: Any, unique: str) -> None:
    provider = new_provider()
    inputs, result = create(provider, unique, rotation_triggers={"quarter": "2026-Q3"})
    outs = result.outs or {}
    news = checked(
        provider, {"scopes": SCOPES, "__name_seed": urn(unique), "rotation_triggers": {"quarter": "2026-Q4"}}, inputs
    )
    diff = provider.diff(result.id, outs, news)
    assert diff.replaces == ["rotation_triggers"] and diff.delete_before_replace is False
    assert news["name"] != inputs["name"]
    new = provider.create(news).outs or {}
    assert len(named(clean_emulator, outs["name"])) == 1  # both live until the old one is deleted
    provider.delete(result.id, outs)
    assert new["token"] != outs["token"] and provider.read(new["token_id"], new).id == new["token_id"]


def test_lost_post_response_makes_exactly_one_token(new_provider: Factory, clean_emulator: Any, unique: str) -> None:
    provider = new_provider()
    news = checked(provider, {"scopes": SCOPES, "__name_seed": urn(unique)})
    clean_emulator.faults([{"method": "POST", "path": "/tokens", "drop": True, "times": 1}])
    result = provider.create(news)
    assert len(named(clean_emulator, news["name"])) == 1
    assert clean_emulator.requests()["POST /tokens"] == 1
    assert provider.read(result.id, result.outs or {}).id == result.id


def test_adoption_by_value(new_provider: Factory, clean_emulator: Any, unique: str) -> None:
    with OAuthClient(base_url=clean_emulator.url, email=clean_emulator.email, api_key=clean_emulator.api_key) as c:
        existing = c.create_token(TokenCreate(scopes=[SCOPES[0]], name="legacy " + unique))
    assert existing.token
    provider = new_provider()
    news = checked(
        provider,
        {"scopes": SCOPES, "__name_seed": urn(unique), "adopt_token": existing.token, "limits": {"total_requests": 5}},
    )
    assert "name" not in news
    clean_emulator.reset_requests()
    result = provider.create(news)
    outs = result.outs or {}
    assert clean_emulator.requests() == {"GET /tokens/{token}": 1, "PATCH /tokens/{token}": 1}
    assert outs["token"] == existing.token and result.id == fingerprint(existing.token)
    assert outs["name"] == "legacy " + unique and set(outs["scopes"]) == set(SCOPES)
    assert "adopt_token" not in outs
    assert len(named(clean_emulator, "legacy " + unique)) == 1
    # adopting a token that does not exist: a clear error without the value
    missing = "0" * 24  # well-formed (the spec's 24 hex) but no live token
    with pytest.raises(NotFoundError) as info:
        provider.create(news | {"adopt_token": missing})
    assert missing not in str(info.value) and "adopt_token" in str(info.value)


def test_lookup_by_fingerprint(new_provider: Factory, clean_emulator: Any, unique: str) -> None:
    provider = new_provider()
    _, result = create(provider, unique)
    outs = result.outs or {}
    reader = new_provider()
    found = reader.read(result.id, {"__name_seed": urn(unique)})
    assert found.id == result.id and found.outs is not None
    assert found.outs["token"] == outs["token"] and found.outs["refresh_token"] == outs["refresh_token"]
    assert found.outs["name"] == outs["name"]
    assert clean_emulator.requests().get("GET /tokens", 0) >= 1
    with pytest.raises(OAuthError, match=r"Token.get: no live token of this account has the id 'oatfp-0+'"):
        reader.read("oatfp-" + "0" * 32, {"__name_seed": urn(unique)})


def test_unauthorized_read_is_an_error_not_gone(new_provider: Factory, clean_emulator: Any, unique: str) -> None:
    _, result = create(new_provider(), unique)
    outs = result.outs or {}
    wrong = new_provider(apiKey="not-the-key")
    with pytest.raises(UnauthorizedError) as info:
        wrong.read(result.id, outs)
    text = str(info.value)
    for secret in (outs["token"], outs["refresh_token"], "not-the-key", clean_emulator.email):
        assert secret not in text


def test_failing_patch_error_has_no_token_value(new_provider: Factory, clean_emulator: Any, unique: str) -> None:
    provider = new_provider()
    inputs, result = create(provider, unique)
    outs = result.outs or {}
    clean_emulator.faults([{"method": "PATCH", "path": "/tokens/{token}", "status": 500, "times": 100}])
    news = checked(provider, {"scopes": [SCOPES[0]], "__name_seed": urn(unique)}, inputs)
    with pytest.raises(APIError) as info:
        provider.update(result.id, outs, news)
    text = str(info.value)
    assert outs["token"] not in text and outs["refresh_token"] not in text and clean_emulator.api_key not in text


# -- drift without blind spots (issue 10) ---------------------------------------------------------


def _time(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


@pytest.mark.parametrize("out_of_band_ttl", [365 * DAY, 3600], ids=["extended", "shortened"])
def test_lifetime_changed_out_of_band_is_drift_and_one_patch_restores_it(
    new_provider: Factory, clean_emulator: Any, unique: str, out_of_band_ttl: int
) -> None:
    provider = new_provider()
    program = {"scopes": SCOPES, "__name_seed": urn(unique), "ttl": 60 * DAY}
    inputs, result = create(provider, unique, ttl=60 * DAY)
    outs = result.outs or {}
    declared = inputs["expire_at"]
    assert abs(_time(outs["expire_at"]) - _time(declared)) <= 2  # the create hits the declared expiry
    with OAuthClient(base_url=clean_emulator.url, email=clean_emulator.email, api_key=clean_emulator.api_key) as c:
        c.update_token(outs["token"], TokenUpdate(ttl=out_of_band_ttl))
    refreshed = new_provider().read(result.id, outs)
    assert refreshed.outs is not None and refreshed.inputs is not None
    # refresh: the engine diffs the refreshed outputs against the state's inputs
    assert provider.diff(result.id, refreshed.outs, inputs).changes is True
    # preview --refresh / up after a refresh: check gets the refreshed inputs as olds
    assert refreshed.inputs["expire_at"] == refreshed.outs["expire_at"] != declared
    news = checked(provider, program, refreshed.inputs)
    assert news["expire_at"] == declared and "changed outside Pulumi" in news["expire_reason"]
    assert provider.diff(result.id, refreshed.outs, news).changes is True
    clean_emulator.reset_requests()
    restored = provider.update(result.id, refreshed.outs, news).outs or {}
    assert clean_emulator.requests() == {"PATCH /tokens/{token}": 1}
    assert abs(_time(restored["expire_at"]) - _time(declared)) <= 2
    assert provider.diff(result.id, restored, news).changes is False


def test_auto_name_is_the_same_in_every_check_and_new_on_rotation(new_provider: Factory, clean_emulator: Any) -> None:
    program = {"scopes": SCOPES, "__name_seed": "urn:pulumi:s::p::T::api"}
    first, second = checked(new_provider(), program), checked(new_provider(), program)
    assert first["name"] == second["name"] and first["name"].startswith("api-")
    other_stack = checked(new_provider(), program | {"__name_seed": "urn:pulumi:t::p::T::api"})
    rotated = checked(new_provider(), program | {"rotation_triggers": {"q": "2"}}, first)
    assert len({first["name"], other_stack["name"], rotated["name"]}) == 3


def test_out_of_band_rename_of_an_auto_named_token_is_drift(
    new_provider: Factory, clean_emulator: Any, unique: str
) -> None:
    provider = new_provider()
    program = {"scopes": SCOPES, "__name_seed": urn(unique)}
    inputs, result = create(provider, unique)
    outs = result.outs or {}
    with OAuthClient(base_url=clean_emulator.url, email=clean_emulator.email, api_key=clean_emulator.api_key) as c:
        c.update_token(outs["token"], TokenUpdate(name="hand-set"))
    refreshed = provider.read(result.id, outs)
    assert refreshed.outs is not None and refreshed.inputs is not None
    assert provider.diff(result.id, refreshed.outs, inputs).changes is True
    news = checked(provider, program, refreshed.inputs)
    assert refreshed.inputs["name"] == "hand-set" and news["name"] == inputs["name"]
    restored = provider.update(result.id, refreshed.outs, news).outs or {}
    assert restored["name"] == inputs["name"]


def test_duplicate_scopes_are_accepted_sent_once_and_no_perpetual_diff(
    new_provider: Factory, clean_emulator: Any, unique: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[dict[str, Any]] = []
    real = AsyncOAuthClient.create_token

    async def spy(self: AsyncOAuthClient, body: TokenCreate, **kw: Any) -> Any:
        sent.append(body.to_wire())
        return await real(self, body, **kw)

    monkeypatch.setattr(AsyncOAuthClient, "create_token", spy)
    provider = new_provider()
    inputs, result = create(provider, unique, scopes=[SCOPES[0], SCOPES[1], SCOPES[0]])
    assert sent[0]["scopes"] == SCOPES
    again = checked(provider, {"scopes": [SCOPES[0], SCOPES[1], SCOPES[0]], "__name_seed": urn(unique)}, inputs)
    assert provider.diff(result.id, result.outs or {}, again).changes is False


@pytest.mark.parametrize("adopt", ["added", "changed", "removed"])
def test_adopt_token_on_an_existing_resource_has_no_effect(
    new_provider: Factory, clean_emulator: Any, unique: str, adopt: str
) -> None:
    provider = new_provider()
    after = {"added": {"adopt_token": "b" * 40}, "changed": {"adopt_token": "c" * 40}, "removed": {}}[adopt]
    program = {"scopes": SCOPES, "__name_seed": urn(unique)}
    inputs, result = create(provider, unique) if adopt == "added" else (None, None)
    if result is None:  # adopt a token made out of band
        with OAuthClient(base_url=clean_emulator.url, email=clean_emulator.email, api_key=clean_emulator.api_key) as c:
            value = c.create_token(TokenCreate(scopes=SCOPES, name="legacy " + unique)).token
        inputs = checked(provider, program | {"adopt_token": value})
        result = provider.create(inputs)
    assert inputs is not None
    clean_emulator.reset_requests()
    news = checked(provider, program | after, inputs)
    assert provider.diff(result.id, result.outs or {}, news).changes is False
    assert clean_emulator.requests() == {}
