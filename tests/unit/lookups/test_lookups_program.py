"""The lookups inside a Pulumi program (``pulumi.runtime.set_mocks``): the ``_output`` forms,
stack config as the source of credentials, ``pulumi.export`` of results, preview."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import runpy
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pulumi
import pytest
from pulumi.runtime.config import set_all_config
from pulumi.runtime.rpc import serialize_property
from pulumi.runtime.settings import get_root_resource, reset_options
from pulumi.runtime.stack import Stack, massage

import pulumi_openapi_oauth as oauth
from pulumi_openapi_oauth.lookups import _client
from tests.unit.lookups.lookups_fakes import FAKE_URL, FakeService

STACK_CONFIG = {
    "openapi-oauth:email": "config@example.com",
    "openapi-oauth:apiKey": "config-key",
    "openapi-oauth:baseUrl": FAKE_URL,
}


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@contextlib.contextmanager
def _program(preview: bool) -> Iterator[None]:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.set_mocks(Mocks(), preview=preview)
    set_all_config(dict(STACK_CONFIG), ["openapi-oauth:apiKey"])
    try:
        yield
    finally:
        set_all_config({})
        reset_options()
        asyncio.set_event_loop(None)
        loop.close()


@pytest.fixture
def program(fake: FakeService, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeService]:
    """A mocked `pulumi up` whose credentials come only from stack config."""
    for var in ("OPENAPI_OAUTH_EMAIL", "OPENAPI_OAUTH_API_KEY", "OPENAPI_OAUTH_BASE_URL"):
        monkeypatch.delenv(var)
    fake.data.update(
        {
            "/wallet": {"credit": 42.5, "createdAt": "2025-01-15T10:00:00Z", "updatedAt": "2026-11-01T09:00:00Z"},
            "/scopes": [
                {
                    "id": "a",
                    "scope": "GET:company.openapi.com/IT-start",
                    "domain": "company.openapi.com",
                    "method": "GET",
                    "enabled": True,
                },
                {
                    "id": "b",
                    "scope": "GET:company.openapi.com/CH-start",
                    "domain": "company.openapi.com",
                    "method": "GET",
                    "enabled": False,
                },
                {
                    "id": "c",
                    "scope": "POST:sms.openapi.com/send",
                    "domain": "sms.openapi.com",
                    "method": "POST",
                    "enabled": True,
                },
            ],
            "/stats": {"totalRequests": 3, "walletAmount": 1.5},
        }
    )
    with _program(preview=False):
        yield fake


@pytest.fixture
def preview(fake: FakeService) -> Iterator[FakeService]:
    fake.data["/wallet"] = {"credit": 1}
    with _program(preview=True):
        yield fake


def _unknown() -> pulumi.Output[Any]:
    async def value() -> Any:
        return None

    async def known() -> bool:
        return False

    return pulumi.Output(set(), value(), known())


@pulumi.runtime.test
def test_output_form_waits_for_outputs_and_reads_stack_config(program: FakeService) -> None:
    domain = pulumi.Output.from_input("company.openapi.com")
    scopes = oauth.get_scopes_output(domain=domain, enabled=pulumi.Output.from_input(True))

    def check(result: oauth.GetScopesResult) -> None:
        assert [s.scope for s in result.scopes] == ["GET:company.openapi.com/IT-start"]
        auth = program.requests[0].headers["Authorization"]
        assert auth.startswith("Basic ")
        assert base64.b64decode(auth[6:]).decode() == "config@example.com:config-key"

    return scopes.apply(check)  # type: ignore[return-value]


@pulumi.runtime.test
def test_http_runs_off_the_event_loop(program: FakeService) -> None:
    loop_thread = threading.current_thread()
    seen: list[threading.Thread] = []

    def spy(request: httpx.Request) -> httpx.Response:
        seen.append(threading.current_thread())
        return program(request)

    _client.reset(transport=httpx.MockTransport(spy))

    def check(result: oauth.GetWalletResult) -> None:
        assert result.credit == 42.5
        assert seen and all(t is not loop_thread for t in seen)

    return oauth.get_wallet_output().apply(check)  # type: ignore[return-value]


@pulumi.runtime.test
def test_every_output_form(program: FakeService) -> None:
    program.data.update(
        {
            "/scopes/a": {
                "id": "a",
                "scope": "GET:company.openapi.com/IT-start",
                "enabled": True,
                "prices": {"it": 0.1},
            },
            "/wallet/transactions": [{"id": "t1", "amount": -1.5}],
            "/subscriptions": [
                {"id": "s1", "scope": "GET:company.openapi.com/IT-start", "active": True, "availableRequests": "7"}
            ],
            "/subscriptions/s1": {"id": "s1", "scope": "GET:company.openapi.com/IT-start", "totalRequests": "9"},
            "/stats/ips": ["10.0.0.1"],
            "/stats/apis": {"sms.openapi.com": {"totalRequests": 4, "totalScopes": 1}},
            "/stats/apis/sms.openapi.com": {
                "totalRequests": 4,
                "scopes": {"POST:sms.openapi.com/send": {"totalRequests": 4}},
            },
            "/callbacks": [{"id": "c1", "scope": "POST:sms.openapi.com/send", "httpResponseCode": "201"}],
            "/callbacks/c1": {"id": "c1", "scope": "POST:sms.openapi.com/send", "data": {"a": [1, 2]}},
            "/errors": [{"id": "e1", "scope": "POST:sms.openapi.com/send", "errorCode": 190.0}],
        }
    )
    out = pulumi.Output.from_input
    outputs = pulumi.Output.all(
        oauth.get_scope_output(scope=out("GET:company.openapi.com/IT-start")),
        oauth.get_wallet_transactions_output(limit=out(5)),
        oauth.get_subscriptions_output(scopes=[out("GET:company.openapi.com/IT-start")], active=True),
        oauth.get_subscription_output(out("s1")),
        oauth.get_stats_output(date=out("2026")),
        oauth.get_stats_ips_output(),
        oauth.get_stats_apis_output(),
        oauth.get_stats_api_output(out("sms.openapi.com")),
        oauth.get_callbacks_output(),
        oauth.get_callback_output("c1"),
        oauth.get_errors_output(scopes=None),
    )

    def check(r: list[Any]) -> None:
        assert r[0].prices == {"it": 0.1}
        assert r[1].transactions[0].amount == -1.5
        assert r[2].subscriptions[0].available_requests == 7
        assert r[3].total_requests == 9
        assert (r[4].total_requests, r[4].date) == (3, "2026")
        assert r[5].ips == ("10.0.0.1",)
        assert r[6].apis["sms.openapi.com"].total_scopes == 1
        assert r[7].scopes["POST:sms.openapi.com/send"].total_requests == 4
        assert r[8].callbacks[0].http_response_code == 201
        assert r[9].data == {"a": (1, 2)}
        assert r[10].errors[0].error_code == 190

    return outputs.apply(check)  # type: ignore[return-value]


@pulumi.runtime.test
def test_output_form_error_names_the_lookup(program: FakeService) -> None:
    failed: pulumi.Output[Any] = oauth.get_stats_output(date=pulumi.Output.from_input("2026-13"))
    recovered = failed.recover(lambda exc: str(exc))

    def check(message: Any) -> None:
        assert message == "get_stats: date '2026-13' is not YYYY, YYYY-MM or YYYY-MM-DD"
        assert program.total() == 0

    return recovered.apply(check)  # type: ignore[return-value]


@pulumi.runtime.test
def test_export_of_a_result(program: FakeService) -> None:
    """`pulumi.export("w", get_wallet())` gives the wire-named object the engine receives."""
    pulumi.export("w", oauth.get_wallet())
    pulumi.export("s", oauth.get_stats_output())
    stack = get_root_resource()
    assert isinstance(stack, Stack)
    outputs = massage(stack.outputs, [])  # what Stack._finish registers

    async def wire() -> Any:
        return await serialize_property(outputs, [], "outputs")

    def check(_: Any) -> Any:
        return pulumi.Output.from_input(asyncio.ensure_future(wire())).apply(expect)

    def expect(value: Any) -> None:
        assert value["w"] == {
            "credit": 42.5,
            "createdAt": "2025-01-15T10:00:00Z",
            "updatedAt": "2026-11-01T09:00:00Z",
        }
        assert value["s"] == {
            "totalRequests": 3,
            "walletRequests": 0,
            "subscriptionRequests": 0,
            "errorRequests": 0,
            "walletAmount": 1.5,
            "totalIps": 0,
            "totalApis": 0,
        }

    return pulumi.Output.from_input(None).apply(check)  # type: ignore[return-value]


@pulumi.runtime.test
def test_preview_runs_known_lookups_and_skips_unknown_inputs(preview: FakeService) -> None:
    assert pulumi.runtime.is_dry_run()
    wallet = oauth.get_wallet_output()
    unknown = oauth.get_subscription_output(_unknown())

    def check(_: oauth.GetSubscriptionResult) -> None:
        raise AssertionError("an unknown input must leave the result unknown")

    async def known(o: pulumi.Output[Any]) -> bool:
        return await o.is_known()

    def after(credit: float) -> Any:
        assert credit == 1.0
        assert preview.counts == {"GET /wallet": 1}
        is_known: pulumi.Output[bool] = pulumi.Output.from_input(asyncio.ensure_future(known(unknown)))
        return is_known.apply(lambda k: _assert_false(k))

    unknown.apply(check)
    return wallet.apply(lambda w: after(w.credit))  # type: ignore[return-value]


def _assert_false(value: bool) -> None:
    assert value is False


EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "lookups" / "__main__.py"


@contextlib.contextmanager
def _example_program(fake: FakeService, config: dict[str, str]) -> Iterator[None]:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.set_mocks(Mocks(), project="openapi-oauth-lookups", preview=False)
    set_all_config({**STACK_CONFIG, **config}, ["openapi-oauth:apiKey"])
    fake.data.update(
        {
            "/scopes": [
                {
                    "id": "a",
                    "scope": "GET:company.openapi.com/IT-start",
                    "domain": "company.openapi.com",
                    "enabled": True,
                },
                {
                    "id": "b",
                    "scope": "GET:company.openapi.com/CH-start",
                    "domain": "company.openapi.com",
                    "enabled": False,
                },
            ],
            "/stats": {"totalRequests": 3},
            "/stats/apis/company.openapi.com": {"totalRequests": 2, "scopes": {"GET:company.openapi.com/IT-start": {}}},
        }
    )
    try:
        yield
    finally:
        set_all_config({})
        reset_options()
        asyncio.set_event_loop(None)
        loop.close()


def test_example_refuses_a_low_wallet(fake: FakeService) -> None:
    fake.data["/wallet"] = {"credit": 9.5}
    with _example_program(fake, {}):

        @pulumi.runtime.test
        def run() -> None:
            with pytest.raises(pulumi.RunError, match=r"^wallet credit 9.5 is below the floor of 10 "):
                runpy.run_path(str(EXAMPLE))

        run()
    assert "POST /tokens" not in fake.counts


def test_example_declares_a_token_of_enabled_scopes(fake: FakeService) -> None:
    fake.data["/wallet"] = {"credit": 9.5}
    with _example_program(fake, {"openapi-oauth-lookups:minWalletCredit": "5"}):

        @pulumi.runtime.test
        def run() -> Any:
            runpy.run_path(str(EXAMPLE))
            stack = get_root_resource()
            assert isinstance(stack, Stack)
            outputs = massage(stack.outputs, [])

            def check(values: dict[str, Any]) -> None:
                assert values["scopes"] == ["GET:company.openapi.com/IT-start"]
                assert values["wallet"] == {"credit": 9.5}
                assert values["stats"]["domainRequests"] == 2
                assert values["stats"]["domainScopes"] == ["GET:company.openapi.com/IT-start"]

            return pulumi.Output.from_input(outputs).apply(check)

        run()
