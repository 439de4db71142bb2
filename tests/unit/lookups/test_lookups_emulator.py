"""Every lookup and filter against the emulator's demo seed; pagination and the cache."""

from __future__ import annotations

import math

import pytest

import pulumi_openapi_oauth as oauth
from pulumi_openapi_oauth.emulator.store import derived_id, scope_id
from tests._emulator import Emulator
from tests.unit.lookups.lookups_fakes import PAGED_COUNT, SEEDED_EMAIL

IT_START = "GET:company.openapi.com/IT-start"
CH_START = "GET:company.openapi.com/CH-start"
SMS_SEND = "POST:sms.openapi.com/send"


def lookup_requests(emulator: Emulator) -> dict[str, int]:
    return {k: v for k, v in emulator.requests().items() if not k.split(" ", 1)[1].startswith("/_emulator")}


# -- scopes -------------------------------------------------------------------------------


def test_get_scopes_whole_catalogue(emu: Emulator) -> None:
    result = oauth.get_scopes()
    assert len(result.scopes) == 26
    first = next(s for s in result.scopes if s.scope == IT_START)
    assert (first.scope, first.method, first.endpoint, first.domain, first.enabled) == (
        IT_START,
        "GET",
        "IT-start",
        "company.openapi.com",
        True,
    )
    assert first.id == scope_id(IT_START)
    assert lookup_requests(emu) == {"GET /scopes": 1}


def test_get_scopes_filters_share_one_request(emu: Emulator) -> None:
    company = oauth.get_scopes(domain="company.openapi.com")
    assert {s.domain for s in company.scopes} == {"company.openapi.com"}
    assert len(company.scopes) == 7
    enabled = oauth.get_scopes(domain="company.openapi.com", enabled=True)
    assert CH_START not in [s.scope for s in enabled.scopes]
    assert len(enabled.scopes) == 5 and all(s.enabled for s in enabled.scopes)
    disabled = oauth.get_scopes(enabled=False)
    assert {s.scope for s in disabled.scopes} == {
        CH_START,
        "GET:company.openapi.com/FR-start",
        "DELETE:pec.openapi.com/pec",
        "POST:visurecamerali.openapi.com/ordinaria-societa-capitale",
        "POST:risk.openapi.com/IT-report",
    }
    deletes = oauth.get_scopes(method="DELETE")
    assert {s.scope for s in deletes.scopes} == {
        "DELETE:sms.openapi.com/messages",
        "DELETE:pec.openapi.com/pec",
        "DELETE:oauth.openapi.com/tokens",
    }
    assert oauth.get_scopes(domain="sms.openapi.com", method="POST", enabled=True).scopes[0].scope == SMS_SEND
    assert oauth.get_scopes(domain="nothing.openapi.com").scopes == ()
    assert (enabled.domain, enabled.enabled, enabled.method) == ("company.openapi.com", True, None)
    assert lookup_requests(emu) == {"GET /scopes": 1}


def test_get_scope_by_id_and_by_scope(emu: Emulator) -> None:
    by_id = oauth.get_scope(id=scope_id(CH_START))
    assert by_id.scope == CH_START and by_id.enabled is False
    assert by_id.rate_limit is False
    assert by_id.prices == {"ch-start": 0.06}
    assert by_id.requirements == {"id_card": False, "oa_general_contract": False}
    assert by_id.free_limits is not None and by_id.free_limits.day_limit == 0
    assert by_id.free_limits.month_limit is False
    by_scope = oauth.get_scope(scope=IT_START)
    assert by_scope.id == scope_id(IT_START)
    assert by_scope.rate_limit == "60/minute"
    assert by_scope.free_limits is not None and by_scope.free_limits.day_limit == 10
    assert by_scope.requirements == {"oa_general_contract": True}
    assert oauth.get_scope(scope=IT_START) == by_scope
    assert lookup_requests(emu) == {"GET /scopes": 1, "GET /scopes/{id}": 2}


def test_get_scope_not_found(emu: Emulator) -> None:
    with pytest.raises(oauth.LookupError, match=r"^get_scope: no scope with id 'ffffffffffffffffffffffff'$") as info:
        oauth.get_scope(id="f" * 24)
    assert info.value.not_found and isinstance(info.value.__cause__, oauth.NotFoundError)
    with pytest.raises(oauth.LookupError, match=r"get_scope: no scope 'GET:company.openapi.com/XX' in the"):
        oauth.get_scope(scope="GET:company.openapi.com/XX")


# -- wallet -------------------------------------------------------------------------------


def test_get_wallet(emu: Emulator) -> None:
    wallet = oauth.get_wallet()
    assert wallet.credit == 125.5
    assert wallet.created_at is not None and wallet.created_at.startswith("2025-01-15")
    assert wallet.updated_at is not None
    assert oauth.get_wallet() is not wallet
    assert lookup_requests(emu) == {"GET /wallet": 1}


def test_get_wallet_transactions(emu: Emulator) -> None:
    every = oauth.get_wallet_transactions()
    assert len(every.transactions) >= 5
    assert all(isinstance(t.amount, float) and t.id.startswith("txn_") for t in every.transactions)
    assert {t.description for t in every.transactions} >= {"Wallet recharge", "API usage - company.openapi.com"}
    first_two = oauth.get_wallet_transactions(limit=2)
    assert first_two.transactions == every.transactions[:2]
    assert first_two.limit == 2


# -- subscriptions ------------------------------------------------------------------------


def test_get_subscriptions_and_filters(emu: Emulator) -> None:
    every = oauth.get_subscriptions()
    assert len(every.subscriptions) == 4
    by_scope = {s.scope: s for s in every.subscriptions}
    adv = by_scope["GET:company.openapi.com/IT-advanced"]
    assert isinstance(adv.available_requests, int) and adv.available_requests == 1000 - 80
    assert adv.active is True
    expired = by_scope["GET:company.openapi.com/IT-full"]
    assert expired.active is False
    active = oauth.get_subscriptions(active=True)
    assert {s.scope for s in active.subscriptions} == {
        "GET:company.openapi.com/IT-advanced",
        SMS_SEND,
        "GET:pec.openapi.com/verifica_pec",
    }
    inactive = oauth.get_subscriptions(active=False)
    assert [s.scope for s in inactive.subscriptions] == ["GET:company.openapi.com/IT-full"]
    sms = oauth.get_subscriptions(scopes=[SMS_SEND])
    assert [s.scope for s in sms.subscriptions] == [SMS_SEND]
    assert sms.scopes == (SMS_SEND,)
    company = oauth.get_subscriptions(scopes=["GET:company.openapi.com/*"], active=True)
    assert [s.scope for s in company.subscriptions] == ["GET:company.openapi.com/IT-advanced"]
    # active is local: the unfiltered list was fetched once; each scope filter once.
    assert lookup_requests(emu) == {"GET /subscriptions": 3}


def test_get_subscription(emu: Emulator) -> None:
    sid = derived_id(SEEDED_EMAIL, "subscription", "sms-send-2026")
    sub = oauth.get_subscription(sid)
    assert (sub.id, sub.scope, sub.domain) == (sid, SMS_SEND, "sms.openapi.com")
    assert sub.total_requests == 5000 and isinstance(sub.total_requests, int)
    assert isinstance(sub.available_requests, int) and sub.available_requests <= 5000
    assert (sub.type, sub.autorenew, sub.price_per_request, sub.price) == ("yearly", False, 0.04, 200.0)
    with pytest.raises(oauth.LookupError, match=r"^get_subscription: no subscription with id 'nope'$"):
        oauth.get_subscription("nope")


# -- stats --------------------------------------------------------------------------------


def test_get_stats(emu: Emulator) -> None:
    every = oauth.get_stats()
    assert every.total_requests >= 3091 and isinstance(every.total_requests, int)
    assert every.error_requests >= 4 and every.total_apis >= 7 and every.total_ips >= 5
    assert isinstance(every.wallet_amount, float)
    march = oauth.get_stats(date="2026-03")
    assert (march.total_requests, march.error_requests, march.wallet_amount) == (7, 2, 1.5)
    assert march.date == "2026-03"
    day = oauth.get_stats("2026-03-10")
    assert day.total_requests == 7
    assert oauth.get_stats("2025").total_requests == 0


def test_get_stats_ips(emu: Emulator) -> None:
    assert oauth.get_stats_ips("2026-04").ips == ("10.0.0.5",)
    assert set(oauth.get_stats_ips().ips) >= {"93.146.69.125", "10.0.0.5", "203.0.113.42"}


def test_get_stats_apis(emu: Emulator) -> None:
    apis = oauth.get_stats_apis("2026").apis
    assert set(apis) >= {"company.openapi.com", "sms.openapi.com", "geocoding.openapi.com"}
    sms = apis["sms.openapi.com"]
    assert (sms.total_requests, sms.error_requests, sms.total_scopes) == (341, 1, 1)
    assert oauth.get_stats_apis("2026-08").apis.keys() == {"geocoding.openapi.com"}


def test_get_stats_api(emu: Emulator) -> None:
    company = oauth.get_stats_api("company.openapi.com", date="2026-03")
    assert company.domain == "company.openapi.com"
    assert (company.total_requests, company.total_scopes, company.ip) == (7, 2, ("192.168.1.100",))
    assert set(company.scopes) == {"GET:company.openapi.com/IT-full", "GET:company.openapi.com/IT-search"}
    full = company.scopes["GET:company.openapi.com/IT-full"]
    assert (full.total_requests, full.wallet_amount, full.ip) == (5, 1.5, ("192.168.1.100",))
    unused = oauth.get_stats_api("unused.openapi.com")
    assert (unused.total_requests, unused.scopes) == (0, {})


# -- callbacks and errors -----------------------------------------------------------------


def test_get_callbacks(emu: Emulator) -> None:
    every = oauth.get_callbacks()
    assert len(every.callbacks) == 4
    assert every.callbacks[0].scope == "GET:visurecamerali.openapi.com/impresa"  # newest first
    codes = {c.id: c.http_response_code for c in every.callbacks}
    assert codes[derived_id(SEEDED_EMAIL, "callback", "sms-delivery-2")] == 500
    sms = oauth.get_callbacks(scopes=[SMS_SEND])
    assert len(sms.callbacks) == 2 and {c.scope for c in sms.callbacks} == {SMS_SEND}


def test_get_callback(emu: Emulator) -> None:
    cid = derived_id(SEEDED_EMAIL, "callback", "pec-receipt-1")
    cb = oauth.get_callback(cid)
    assert (cb.scope, cb.domain, cb.http_response_code, cb.elapsed_time) == (
        "POST:pec.openapi.com/pec",
        "pec.openapi.com",
        200,
        5234,
    )
    assert cb.active is False
    assert cb.data == {"event": "pec-receipt", "reference": "pec-receipt-1"}
    assert cb.custom == {"trackingId": "demo-pec-receipt-1"}
    with pytest.raises(TypeError):
        cb.data["event"] = "changed"
    with pytest.raises(oauth.LookupError, match=r"^get_callback: no callback with id '0000'$"):
        oauth.get_callback("0000")


def test_get_errors(emu: Emulator) -> None:
    every = oauth.get_errors()
    assert len(every.errors) == 4
    newest = every.errors[0]
    assert (newest.scope, newest.http_response_code, newest.error_code, newest.message) == (
        SMS_SEND,
        422,
        422,
        "Invalid recipient",
    )
    search = oauth.get_errors(scopes=["GET:company.openapi.com/IT-search"])
    assert len(search.errors) == 2 and search.errors[0].error_code == 190


# -- validation happens before any request ------------------------------------------------


def test_bad_arguments_send_nothing(emu: Emulator) -> None:
    with pytest.raises(oauth.LookupError, match=r"^get_stats: date '2026-13' is not YYYY, YYYY-MM or YYYY-MM-DD$"):
        oauth.get_stats(date="2026-13")
    with pytest.raises(oauth.LookupError, match=r"^get_stats_api: domain 'Not A Domain' is not a domain"):
        oauth.get_stats_api("Not A Domain")
    with pytest.raises(
        oauth.LookupError, match=r"^get_subscriptions: scopes\[1\]: scope 'GET:sms.openapi.com' has no path"
    ):
        oauth.get_subscriptions(scopes=[SMS_SEND, "GET:sms.openapi.com"])
    with pytest.raises(oauth.LookupError, match=r"^get_subscription: id 'a/b' is not a valid id"):
        oauth.get_subscription("a/b")
    assert lookup_requests(emu) == {}


# -- pagination and the cache -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lookup", "template", "attribute"),
    [
        (oauth.get_subscriptions, "GET /subscriptions", "subscriptions"),
        (oauth.get_callbacks, "GET /callbacks", "callbacks"),
        (oauth.get_errors, "GET /errors", "errors"),
        (oauth.get_wallet_transactions, "GET /wallet/transactions", "transactions"),
    ],
)
def test_lists_walk_every_page_once(paged: Emulator, lookup: object, template: str, attribute: str) -> None:
    assert callable(lookup)
    result = lookup()
    items = getattr(result, attribute)
    assert len(items) == PAGED_COUNT
    assert len({item.id for item in items}) == PAGED_COUNT
    assert lookup_requests(paged) == {template: math.ceil(PAGED_COUNT / 100)}
    assert lookup() == result
    assert lookup_requests(paged) == {template: math.ceil(PAGED_COUNT / 100)}


def test_limit_stops_early(paged: Emulator) -> None:
    assert len(oauth.get_wallet_transactions(limit=150).transactions) == 150
    assert lookup_requests(paged) == {"GET /wallet/transactions": 2}


def test_accounts_do_not_share_answers(paged: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(oauth.get_subscriptions().subscriptions) == PAGED_COUNT
    monkeypatch.setenv("OPENAPI_OAUTH_EMAIL", paged.email)
    monkeypatch.setenv("OPENAPI_OAUTH_API_KEY", paged.api_key)
    assert len(oauth.get_subscriptions().subscriptions) == 4
