"""The ``demo`` seed: a realistic catalogue, wallet, subscriptions and 2026 usage history.

Seeding is idempotent per account (a marker in the ``meta`` table), and every id it
writes is deterministic: catalogue ids come from :func:`~.store.scope_id` (so a test can
compute ``scope_id("GET:company.openapi.com/IT-start")``) and subscription / callback ids
from :func:`~.store.derived_id` of the account and a label.
"""

from __future__ import annotations

from typing import Any

from .._models import ScopeDetail, ScopeLimits
from .store import MAX_TTL, Store, TokenChanges, derived_id

__all__ = ["DEMO_CATALOGUE", "SEED_TOKEN_NAME", "seed_account"]

#: Name of the one token the demo seed creates per account (valid for a year).
SEED_TOKEN_NAME = "seeded-demo-token"

# Data tables below keep one row a line, so the formatter leaves them alone.
# fmt: off
_NO_LIMITS: dict[str, Any] = {
    "dayLimit": False, "monthLimit": False, "yearLimit": False, "totalLimit": False,
}

# scope, enabled, prices, free limits, requirements, rate limit
_Row = tuple[str, bool, dict[str, float], dict[str, Any], dict[str, bool], "str | bool"]

_CATALOGUE: list[_Row] = [
    ("GET:company.openapi.com/IT-start", True, {"it-start": 0.01},
     {**_NO_LIMITS, "dayLimit": 10}, {"oa_general_contract": True}, "60/minute"),
    ("GET:company.openapi.com/IT-advanced", True, {"it-advanced": 0.1},
     _NO_LIMITS, {"oa_general_contract": True}, "60/minute"),
    ("GET:company.openapi.com/IT-full", True, {"it-full": 0.3},
     _NO_LIMITS, {"oa_general_contract": True, "id_card": True}, "30/minute"),
    ("GET:company.openapi.com/IT-search", True, {"it-search": 0.05},
     {**_NO_LIMITS, "monthLimit": 100}, {}, False),
    ("GET:company.openapi.com/IT-pec", True, {"it-pec": 0.02}, _NO_LIMITS, {}, False),
    ("GET:company.openapi.com/CH-start", False, {"ch-start": 0.06},
     {**_NO_LIMITS, "dayLimit": 0}, {"id_card": False, "oa_general_contract": False}, False),
    ("GET:company.openapi.com/FR-start", False, {"fr-start": 0.08}, _NO_LIMITS, {}, False),
    ("POST:sms.openapi.com/send", True, {"sms-it": 0.06, "sms-world": 0.12},
     _NO_LIMITS, {"id_card": True}, "10/second"),
    ("GET:sms.openapi.com/messages", True, {}, {**_NO_LIMITS, "totalLimit": 1000}, {}, False),
    ("DELETE:sms.openapi.com/messages", True, {}, _NO_LIMITS, {}, False),
    ("GET:pec.openapi.com/pec", True, {}, _NO_LIMITS, {}, False),
    ("POST:pec.openapi.com/pec", True, {"pec-standard": 5.0, "pec-pro": 9.9},
     _NO_LIMITS, {"id_card": True}, False),
    ("GET:pec.openapi.com/verifica_pec", True, {"verifica": 0.02},
     {**_NO_LIMITS, "dayLimit": 50}, {}, False),
    ("DELETE:pec.openapi.com/pec", False, {}, _NO_LIMITS, {}, False),
    ("GET:oauth.openapi.com/tokens", True, {}, _NO_LIMITS, {}, "100/minute"),
    ("POST:oauth.openapi.com/tokens", True, {}, _NO_LIMITS, {}, "100/minute"),
    ("PATCH:oauth.openapi.com/tokens", True, {}, _NO_LIMITS, {}, "100/minute"),
    ("DELETE:oauth.openapi.com/tokens", True, {}, _NO_LIMITS, {}, "100/minute"),
    ("GET:oauth.openapi.com/scopes", True, {}, _NO_LIMITS, {}, False),
    ("GET:visurecamerali.openapi.com/impresa", True, {"impresa": 0.5}, _NO_LIMITS, {}, False),
    ("POST:visurecamerali.openapi.com/ordinaria-societa-capitale", False,
     {"ordinaria": 4.9}, _NO_LIMITS, {"oa_general_contract": True}, False),
    ("GET:risk.openapi.com/IT-creditscore-start", True, {"creditscore-start": 0.9},
     _NO_LIMITS, {"oa_general_contract": True}, False),
    ("POST:risk.openapi.com/IT-report", False, {"report": 12.0}, _NO_LIMITS, {}, False),
    ("POST:geocoding.openapi.com/geocode", True, {"geocode": 0.003},
     {**_NO_LIMITS, "dayLimit": 1000, "monthLimit": 10000}, {}, "20/second"),
    ("POST:geocoding.openapi.com/reverse", True, {"reverse": 0.003},
     {**_NO_LIMITS, "dayLimit": 1000}, {}, "20/second"),
    ("GET:geocoding.openapi.com/places", True, {}, {**_NO_LIMITS, "totalLimit": 500}, {}, False),
]
# fmt: on

#: The demo catalogue as wire models (the same for every seeded account).
DEMO_CATALOGUE = [
    ScopeDetail(
        scope=scope,
        enabled=enabled,
        prices=prices,
        free_limits=ScopeLimits.model_validate(limits),
        requirements=requirements,
        rate_limit=rate,
    )
    for scope, enabled, prices, limits, requirements, rate in _CATALOGUE
]

# fmt: off
# (label, scope, starts, expires, total, type, autorenew, price per request, price)
_SUBSCRIPTIONS = [
    ("company-advanced-2026", "GET:company.openapi.com/IT-advanced", "2026-01-01T00:00:00Z",
     "2036-01-01T00:00:00Z", 1000, "yearly", True, 0.05, 50.0),
    ("sms-send-2026", "POST:sms.openapi.com/send", "2026-02-01T00:00:00Z",
     "2036-02-01T00:00:00Z", 5000, "yearly", False, 0.04, 200.0),
    ("pec-verify-nov", "GET:pec.openapi.com/verifica_pec", "2026-11-01T00:00:00Z",
     "2036-11-01T00:00:00Z", 300, "monthly", True, 0.01, 3.0),
    ("company-full-2025", "GET:company.openapi.com/IT-full", "2025-01-01T00:00:00Z",
     "2026-01-01T00:00:00Z", 200, "yearly", False, 0.2, 40.0),
]

# (scope, count, wallet amount, ip, error or None, at)
_USAGE: list[tuple[str, int, float, str, dict[str, Any] | None, str]] = [
    ("GET:company.openapi.com/IT-start", 120, 1.2, "93.146.69.125", None, "2026-01-15T09:10:00Z"),
    ("GET:company.openapi.com/IT-advanced", 80, 0.0, "93.146.69.125", None, "2026-02-03T10:00:00Z"),
    ("DELETE:oauth.openapi.com/tokens", 1, 0.0, "93.146.69.125",
     {"http": 404, "code": 180, "message": "Not Found"}, "2026-02-03T17:15:09Z"),
    ("GET:company.openapi.com/IT-full", 5, 1.5, "192.168.1.100", None, "2026-03-10T08:00:00Z"),
    ("GET:company.openapi.com/IT-search", 2, 0.0, "192.168.1.100",
     {"http": 400, "code": 190, "message": "Query error"}, "2026-03-10T16:30:45Z"),
    ("POST:sms.openapi.com/send", 300, 0.0, "10.0.0.5", None, "2026-04-20T12:00:00Z"),
    ("POST:sms.openapi.com/send", 40, 4.8, "10.0.0.5", None, "2026-05-02T12:00:00Z"),
    ("POST:pec.openapi.com/pec", 3, 15.0, "172.16.0.100", None, "2026-06-18T14:20:00Z"),
    ("GET:visurecamerali.openapi.com/impresa", 10, 5.0, "203.0.113.42", None,
     "2026-07-07T07:07:07Z"),
    ("POST:geocoding.openapi.com/geocode", 2500, 0.0, "203.0.113.42", None,
     "2026-08-01T10:00:00Z"),
    ("GET:risk.openapi.com/IT-creditscore-start", 4, 3.6, "93.146.69.125", None,
     "2026-09-09T09:00:00Z"),
    ("POST:sms.openapi.com/send", 1, 0.0, "10.0.0.5",
     {"http": 422, "code": 422, "message": "Invalid recipient"}, "2026-10-12T18:45:00Z"),
    ("GET:pec.openapi.com/verifica_pec", 25, 0.0, "172.16.0.100", None, "2026-11-05T11:00:00Z"),
]

# (label, scope, url, http code or None, started, completed or None, elapsed ms)
_CALLBACKS = [
    ("sms-delivery-1", "POST:sms.openapi.com/send", "https://example.com/callback", 200,
     "2026-04-20T12:00:01Z", "2026-04-20T12:00:03Z", 2150),
    ("sms-delivery-2", "POST:sms.openapi.com/send", "https://app.example.com/notify", 500,
     "2026-05-02T12:00:01Z", "2026-05-02T12:00:31Z", 30000),
    ("pec-receipt-1", "POST:pec.openapi.com/pec", "https://example.com/pec-receipts", 200,
     "2026-06-18T14:21:00Z", "2026-06-18T14:21:05Z", 5234),
    ("visura-ready-1", "GET:visurecamerali.openapi.com/impresa", "https://example.com/visure",
     None, "2026-11-20T09:00:00Z", None, 0),
]
# fmt: on


def seed_account(store: Store, account: str) -> bool:
    """Seed ``account`` with the demo data; False (and no change) if it was seeded before."""
    if store.seeded("demo", account):
        return False
    store.add_scopes(account, DEMO_CATALOGUE)
    store.set_wallet(
        account,
        credit=100.0,
        description="Wallet recharge",
        created_at="2025-01-15T10:00:00Z",
        at="2026-01-10T14:15:00Z",
    )
    store.add_subscriptions(
        account,
        [
            {
                "id": derived_id(account, "subscription", label),
                "scope": scope,
                "startsAt": starts,
                "expiresAt": expires,
                "totalRequests": total,
                "type": kind,
                "autorenew": autorenew,
                "pricePerRequest": per_request,
                "price": price,
                "createdAt": starts,
            }
            for label, scope, starts, expires, total, kind, autorenew, per_request, price in _SUBSCRIPTIONS
        ],
    )
    token = store.create_token(
        account,
        TokenChanges(
            scopes=["GET:company.openapi.com/IT-start", "POST:sms.openapi.com/send"],
            name=SEED_TOKEN_NAME,
            ttl=MAX_TTL,
            limits={"totalRequests": 10000, "walletAmount": 50},
        ),
    )
    for scope, count, amount, ip, error, at in _USAGE:
        store.record_usage(
            account,
            scope=scope,
            count=count,
            token=token.token if scope in (token.scopes or []) else None,
            wallet_amount=amount,
            ip=ip,
            error=error,
            at=at,
        )
    store.add_callbacks(
        account,
        [
            {
                "id": derived_id(account, "callback", label),
                "scope": scope,
                "url": url,
                "httpResponseCode": code,
                "startedAt": started,
                "createdAt": started,
                "completedAt": completed,
                "elapsedTime": elapsed,
                "data": {"event": label.rsplit("-", 1)[0], "reference": label},
                "custom": {"trackingId": f"demo-{label}"},
                "headers": {"Content-Type": "application/json"},
                "method": "POST",
                "field": "callbackUrl",
                "attempt": 1 if code == 200 or code is None else 3,
                "retry": 0 if code == 200 or code is None else 2,
            }
            for label, scope, url, code, started, completed, elapsed in _CALLBACKS
        ],
    )
    store.set_wallet(account, credit=125.5, description="Wallet recharge", at="2026-11-01T09:00:00Z")
    store.mark_seeded("demo", account)
    return True
