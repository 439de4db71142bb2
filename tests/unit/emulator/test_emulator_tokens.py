"""Tokens through the live emulator: lifecycle, validation codes, isolation, expiry, refresh."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests._emulator import Emulator
from tests.factories import DISABLED_SCOPE, ENABLED_SCOPE, emulator_client, token_body
from tests.unit.emulator.emulator_checks import assert_error

HEX24 = re.compile(r"^[0-9a-f]{24}$")  # the spec's example: 656d1e2f8b3c2a001f7e4a12
ONE_YEAR = 31536000
MISSING = "0" * 24


def create(client: httpx.Client, **kwargs: Any) -> dict[str, Any]:
    response = client.post("/tokens", json=token_body(**kwargs))
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_create_returns_token_detail(client: httpx.Client) -> None:
    data = create(client, name="detail", limits={"totalRequests": 5, "ip": ["10.0.0.1"]})
    assert HEX24.match(data["token"]) and HEX24.match(data["refreshToken"])
    assert data["name"] == "detail"
    assert data["scopes"] == [ENABLED_SCOPE]
    assert data["limits"] == {"totalRequests": 5, "ip": ["10.0.0.1"]}
    assert data["stats"]["totalRequests"] == 0
    for key in ("createdAt", "expireAt", "updatedAt"):
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", data[key])
    fetched = client.get(f"/tokens/{data['token']}").json()
    assert fetched["success"] is True and fetched["data"]["token"] == data["token"]


@pytest.mark.parametrize("ttl", [None, 0, -5])
def test_default_ttl_is_30_days(client: httpx.Client, ttl: int | None) -> None:
    from datetime import datetime

    data = create(client, ttl=ttl)
    created = datetime.fromisoformat(data["createdAt"].replace("Z", "+00:00"))
    expires = datetime.fromisoformat(data["expireAt"].replace("Z", "+00:00"))
    assert (expires - created).total_seconds() == 2592000


def test_one_year_ttl_accepted_and_longer_rejected(client: httpx.Client) -> None:
    create(client, ttl=ONE_YEAR)
    assert_error(client.post("/tokens", json=token_body(ttl=ONE_YEAR + 1)), 422, 80)


def test_wildcards_accepted_when_they_match_an_enabled_scope(client: httpx.Client) -> None:
    response = client.post("/tokens", json={"scopes": ["*:company.openapi.com/IT-start", "GET:company.openapi.com/*"]})
    assert response.status_code == 200, response.text
    assert response.json()["data"]["scopes"] == [
        "*:company.openapi.com/IT-start",
        "GET:company.openapi.com/*",
    ]
    assert_error(client.post("/tokens", json={"scopes": ["GET:nowhere.openapi.com/*"]}), 422, 90)


def test_list_paginates_as_the_spec_types_skip_and_limit(client: httpx.Client) -> None:
    for i in range(3):
        create(client, name=f"page-{i}")
    everything = client.get("/tokens").json()["data"]
    assert len(everything) >= 4
    page = client.get("/tokens", params={"skip": 1, "limit": 2}).json()["data"]
    assert [t["token"] for t in page] == [t["token"] for t in everything[1:3]]
    # The schema sets no minimum: a negative skip reads as 0, a negative limit as an empty page.
    assert client.get("/tokens", params={"skip": -5, "limit": 100}).json()["data"] == everything
    assert client.get("/tokens", params={"limit": -1}).json()["data"] == []
    # What it forbids (maximum 100, an integer) is the route's documented 422.
    for bad in ({"limit": 101}, {"limit": ""}, {"skip": ""}, {"skip": "1.0"}, {"limit": "\u0661"}):
        assert_error(client.get("/tokens", params=bad), 422, None, None)


def test_patch_replaces_given_fields_and_extends_expiry(client: httpx.Client, emulator: Emulator) -> None:
    data = create(client, name="before", ttl=60)
    emulator.advance(10)
    response = client.patch(
        f"/tokens/{data['token']}",
        json={"name": "after", "ttl": 3600, "scopes": ["POST:sms.openapi.com/send"], "limits": {"walletAmount": 2.5}},
    )
    assert response.status_code == 200, response.text
    patched = response.json()["data"]
    assert patched["name"] == "after"
    assert patched["scopes"] == ["POST:sms.openapi.com/send"]
    assert patched["limits"] == {"walletAmount": 2.5}
    assert patched["expireAt"] > data["expireAt"]
    assert patched["updatedAt"] > data["updatedAt"]
    assert patched["createdAt"] == data["createdAt"]
    assert patched["token"] == data["token"] and patched["refreshToken"] == data["refreshToken"]


def test_delete(client: httpx.Client) -> None:
    data = create(client)
    response = client.delete(f"/tokens/{data['token']}")
    assert response.status_code == 200
    assert response.json() == {"success": True, "message": "Deleted", "error": None, "data": None}
    assert_error(client.get(f"/tokens/{data['token']}"), 404, 120)


# ----------------------------------------------------------------- every token error code


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, 70),
        ({"name": "no scopes"}, 70),
        ({"scopes": []}, 70),
        ({"scopes": "GET:company.openapi.com/IT-start"}, 80),
        ({"scopes": [42]}, 80),
        ({"scopes": ["company.openapi.com/IT-start"]}, 80),
        ({"scopes": ["FETCH:company.openapi.com/IT-start"]}, 80),
        ({"scopes": [ENABLED_SCOPE], "ttl": "60"}, 80),
        ({"scopes": [ENABLED_SCOPE], "limits": {"totalRequests": -1}}, 80),
        ([ENABLED_SCOPE], 80),
        ({"scopes": ["GET:company.openapi.com/NOPE"]}, 90),
        ({"scopes": [DISABLED_SCOPE]}, 90),
    ],
)
def test_create_validation_codes(client: httpx.Client, body: Any, code: int) -> None:
    assert_error(client.post("/tokens", json=body), 422, code)


def test_error_60_invalid_token_format(client: httpx.Client) -> None:
    assert_error(client.get("/tokens/not-a-token"), 422, 60, "Invalid Token Format")
    assert_error(client.get("/tokens/" + "A" * 24), 422, 60)
    assert_error(client.get("/tokens/" + "0" * 40), 422, 60)  # not the spec's 24-hex format


def test_spec_example_value_is_well_formed_and_unknown(client: httpx.Client) -> None:
    assert_error(client.get("/tokens/656d1e2f8b3c2a001f7e4a12"), 404, 120, "Not Found")


def test_error_120_160_180_unknown_token(client: httpx.Client) -> None:
    assert_error(client.get(f"/tokens/{MISSING}"), 404, 120, "Not Found")
    assert_error(client.patch(f"/tokens/{MISSING}", json={"name": "x"}), 404, 160, "Not Found")
    assert_error(client.delete(f"/tokens/{MISSING}"), 404, 180, "Not Found")


def test_malformed_token_on_patch_and_delete_is_not_found(client: httpx.Client) -> None:
    assert_error(client.patch("/tokens/zzz", json={"name": "x"}), 404, 160)
    assert_error(client.delete("/tokens/zzz"), 404, 180)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"scopes": "nope"}, 100),
        ({"scopes": ["bad scope"]}, 100),
        ({"scopes": []}, 100),
        ({"ttl": ONE_YEAR + 1}, 100),
        ({"name": 12}, 100),
        ({"scopes": [DISABLED_SCOPE]}, 110),
        ({"scopes": ["GET:company.openapi.com/NOPE"]}, 110),
    ],
)
def test_patch_validation_codes(client: httpx.Client, body: Any, code: int) -> None:
    token = create(client)["token"]
    assert_error(client.patch(f"/tokens/{token}", json=body), 422, code)


def test_error_150_170_empty_token(client: httpx.Client) -> None:
    assert_error(client.patch("/tokens/", json={"name": "x"}), 400, 150, "Token ID is required")
    assert_error(client.delete("/tokens/"), 400, 170, "Token ID is required")


def test_error_140_missing_or_wrong_credentials(emulator: Emulator) -> None:
    with emulator_client(emulator.url, email=None) as anonymous:
        for response in (
            anonymous.get("/tokens"),
            anonymous.post("/tokens", json=token_body()),
            anonymous.patch(f"/tokens/{MISSING}", json={}),
            anonymous.delete(f"/tokens/{MISSING}"),
            anonymous.get("/wallet"),
        ):
            assert_error(response, 401, 140, "Unauthorized")
    with emulator_client(emulator.url, api_key="wrong-key") as wrong:
        assert_error(wrong.get("/scopes"), 401, 140)
    with emulator_client(emulator.url, email="nobody@example.com", api_key="x") as nobody:
        assert_error(nobody.get("/stats"), 401, 140)


# ----------------------------------------------------------------- isolation, expiry, refresh


def test_accounts_are_isolated(client: httpx.Client, other_client: httpx.Client) -> None:
    data = create(client, name="mine")
    token = data["token"]
    assert_error(other_client.get(f"/tokens/{token}"), 404, 120)
    assert_error(other_client.patch(f"/tokens/{token}", json={"name": "stolen"}), 404, 160)
    assert_error(other_client.delete(f"/tokens/{token}"), 404, 180)
    assert token not in {t["token"] for t in other_client.get("/tokens").json()["data"]}
    assert client.get(f"/tokens/{token}").json()["data"]["name"] == "mine"


def test_expired_token_is_gone(client: httpx.Client, emulator: Emulator) -> None:
    data = create(client, name="short", ttl=30)
    token = data["token"]
    assert client.get(f"/tokens/{token}").status_code == 200
    emulator.advance(31)
    assert_error(client.get(f"/tokens/{token}"), 404, 120)
    assert_error(client.patch(f"/tokens/{token}", json={"name": "x"}), 404, 160)
    assert_error(client.delete(f"/tokens/{token}"), 404, 180)
    assert token not in {t["token"] for t in client.get("/tokens").json()["data"]}


def test_refresh_rotates_token_and_refresh_token(client: httpx.Client, emulator: Emulator) -> None:
    old = create(client, name="rotating", ttl=600)
    bearer = {"Authorization": f"Bearer {old['refreshToken']}"}
    with httpx.Client(base_url=emulator.url, timeout=10) as raw:
        response = raw.patch(f"/tokens/{old['token']}", headers=bearer, json={"name": "rotated"})
        assert response.status_code == 200, response.text
        new = response.json()["data"]
        assert new["token"] != old["token"] and new["refreshToken"] != old["refreshToken"]
        assert new["scopes"] == old["scopes"] and new["name"] == "rotated"
        # The old token and the old refresh token stop working.
        assert_error(client.get(f"/tokens/{old['token']}"), 404, 120)
        assert_error(raw.patch(f"/tokens/{old['token']}", headers=bearer, json={}), 401, 130)
        # The new refresh token works, without a body too.
        again = raw.patch(f"/tokens/{new['token']}", headers={"Authorization": f"Bearer {new['refreshToken']}"})
        assert again.status_code == 200, again.text
    assert client.get(f"/tokens/{again.json()['data']['token']}").status_code == 200


def test_error_130_wrong_refresh_token(client: httpx.Client, emulator: Emulator) -> None:
    one, two = create(client), create(client)
    with httpx.Client(base_url=emulator.url, timeout=10) as raw:
        wrong = {"Authorization": f"Bearer {two['refreshToken']}"}
        assert_error(raw.patch(f"/tokens/{one['token']}", headers=wrong, json={}), 401, 130)
        assert_error(raw.patch(f"/tokens/{one['token']}", headers={"Authorization": "Bearer nope"}), 401, 130)
        assert_error(raw.patch(f"/tokens/{one['token']}", json={}), 401, 140)
    assert client.get(f"/tokens/{one['token']}").status_code == 200
