"""The real dynamic-provider host (``python -m pulumi.dynamic``) driven over gRPC, with
properties serialized as the engine sends them and ``__provider`` pickled as
``pulumi.dynamic.Resource`` pickles it."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import dill
import grpc
import pytest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2
from pulumi.runtime.rpc import UNKNOWN

from pulumi_openapi_oauth._constants import TOKEN_TYPE
from pulumi_openapi_oauth._secrets import fingerprint
from pulumi_openapi_oauth.client import OAuthClient
from pulumi_openapi_oauth.dynamic.provider import TokenProvider

pytestmark = pytest.mark.host

SCOPES = ["GET:company.openapi.com/IT-start", "POST:sms.openapi.com/send"]
URN = f"urn:pulumi:dev::proj::{TOKEN_TYPE}::ci-deployer"


def struct(props: dict[str, Any]) -> Any:
    return asyncio.run(rpc.serialize_properties(props, {}))


def plain(message: Any) -> dict[str, Any]:
    result: dict[str, Any] = rpc.deserialize_properties(message, True)
    return result


def pickled_provider(emulator: Any, config: dict[str, str]) -> str:
    """A provider that has been configured and has used its client, pickled the engine's way."""
    from pulumi.dynamic import Config, ConfigureRequest

    provider = TokenProvider()
    provider.configure(ConfigureRequest(Config(config, "proj")))
    provider.catalogue()  # a live client and cache on the instance
    encoded: str = serialize_provider(provider)
    return encoded


def test_pickle_is_by_reference_and_holds_no_credential(clean_emulator: Any, config_of: Any) -> None:
    encoded = pickled_provider(clean_emulator, config_of(clean_emulator))
    raw = base64.b64decode(encoded)
    assert len(raw) < 300, len(raw)
    assert b"pulumi_openapi_oauth._token_provider" in raw and b"TokenProvider" in raw
    for secret in (clean_emulator.email, clean_emulator.api_key, clean_emulator.url, "127.0.0.1"):
        assert secret.encode() not in raw
    restored = dill.loads(raw)
    assert type(restored) is TokenProvider and restored._client is None and restored._config == {}


def test_full_lifecycle_over_grpc(host: Any, clean_emulator: Any, config_of: Any) -> None:
    stub = host.stub
    provider = pickled_provider(clean_emulator, config_of(clean_emulator))
    config = struct(config_of(clean_emulator))
    stub.Configure(provider_pb2.ConfigureRequest(args=config, acceptSecrets=True))

    news = {
        "scopes": SCOPES,
        "ttl": 3600,
        "limits": {"total_requests": 10},
        "__name_seed": URN,
        "__provider": provider,
    }
    checked = stub.Check(provider_pb2.CheckRequest(urn=URN, olds=struct({}), news=struct(news)))
    assert list(checked.failures) == []
    inputs = plain(checked.inputs)
    assert (
        inputs["name"].startswith("ci-deployer-") and inputs["__auto_name"] == inputs["name"] and inputs["ttl"] == 3600
    )

    clean_emulator.reset_requests()
    created = stub.Create(provider_pb2.CreateRequest(urn=URN, properties=struct(inputs)))
    outs = plain(created.properties)
    assert clean_emulator.requests() == {"POST /tokens": 1}
    assert created.id == fingerprint(outs["token"]) and created.id.startswith("oatfp-")
    assert outs["token"] not in created.id

    # a no-op diff (new provider code, same inputs): no change, no request
    clean_emulator.reset_requests()
    again = plain(stub.Check(provider_pb2.CheckRequest(urn=URN, olds=struct(inputs), news=struct(news))).inputs)
    assert again["name"] == inputs["name"]
    diff = stub.Diff(provider_pb2.DiffRequest(id=created.id, urn=URN, olds=struct(outs), news=struct(again)))
    assert diff.changes == provider_pb2.DiffResponse.DIFF_NONE
    assert clean_emulator.requests() == {}

    # preview: unknown values pass check and diff says "some"
    preview = dict(news, scopes=UNKNOWN)
    checked = stub.Check(provider_pb2.CheckRequest(urn=URN, olds=struct(inputs), news=struct(preview)))
    assert list(checked.failures) == []

    # an update of one field: one PATCH
    changed = dict(again, limits={"total_requests": 20})
    diff = stub.Diff(provider_pb2.DiffRequest(id=created.id, urn=URN, olds=struct(outs), news=struct(changed)))
    assert diff.changes == provider_pb2.DiffResponse.DIFF_SOME and list(diff.replaces) == []
    updated = plain(
        stub.Update(
            provider_pb2.UpdateRequest(id=created.id, urn=URN, olds=struct(outs), news=struct(changed))
        ).properties
    )
    assert updated["limits"] == {"total_requests": 20} and updated["token"] == outs["token"]
    assert clean_emulator.requests() == {"PATCH /tokens/{token}": 1}

    # rotation: replace, create before delete
    rotated = dict(changed, rotation_triggers={"quarter": "2026-Q4"})
    diff = stub.Diff(provider_pb2.DiffRequest(id=created.id, urn=URN, olds=struct(updated), news=struct(rotated)))
    assert list(diff.replaces) == ["rotation_triggers"] and diff.deleteBeforeReplace is False

    # refresh: one GET; nothing drifted, so no inputs: the engine keeps the state's
    clean_emulator.reset_requests()
    read = stub.Read(
        provider_pb2.ReadRequest(id=created.id, urn=URN, properties=struct(updated), inputs=struct(changed))
    )
    assert read.id == created.id and clean_emulator.requests() == {"GET /tokens/{token}": 1}
    assert plain(read.properties)["limits"] == {"total_requests": 20} and not read.HasField("inputs")

    # import-style read with only the id
    by_id = stub.Read(provider_pb2.ReadRequest(id=created.id, urn=URN, inputs=struct({"__provider": provider})))
    assert by_id.id == created.id and plain(by_id.properties)["token"] == outs["token"]

    stub.Delete(provider_pb2.DeleteRequest(id=created.id, urn=URN, properties=struct(updated)))
    stub.Delete(provider_pb2.DeleteRequest(id=created.id, urn=URN, properties=struct(updated)))  # missing: fine
    gone = stub.Read(provider_pb2.ReadRequest(id=created.id, urn=URN, properties=struct(updated)))
    assert gone.id == ""


def test_bad_input_is_a_check_failure_not_a_traceback(host: Any, clean_emulator: Any, config_of: Any) -> None:
    provider = pickled_provider(clean_emulator, config_of(clean_emulator))
    host.stub.Configure(provider_pb2.ConfigureRequest(args=struct(config_of(clean_emulator))))
    news = {
        "scopes": ["GET:company.openapi.com/IT-strat"],
        "ttl": 0,
        "limits": {"ip": ["1.2.3.4:80"]},
        "__provider": provider,
    }
    checked = host.stub.Check(provider_pb2.CheckRequest(urn=URN, olds=struct({}), news=struct(news)))
    failures = {f.property: f.reason for f in checked.failures}
    assert set(failures) == {"scopes", "ttl", "limits"}
    assert "did you mean" in failures["scopes"]
    assert all("Traceback" not in r for r in failures.values())


def test_unauthorized_read_is_an_error(host: Any, clean_emulator: Any, config_of: Any) -> None:
    provider = pickled_provider(clean_emulator, config_of(clean_emulator))
    with OAuthClient(base_url=clean_emulator.url, email=clean_emulator.email, api_key=clean_emulator.api_key) as c:
        from pulumi_openapi_oauth._models import TokenCreate

        token = c.create_token(TokenCreate(scopes=SCOPES[:1], name="host-401")).token
    assert token
    host.stub.Configure(provider_pb2.ConfigureRequest(args=struct(config_of(clean_emulator, apiKey="wrong-key"))))
    props = {"token": token, "refresh_token": "r", "__provider": provider}
    with pytest.raises(grpc.RpcError) as info:
        host.stub.Read(provider_pb2.ReadRequest(id=fingerprint(token), urn=URN, properties=struct(props)))
    details = info.value.details() or ""
    # The real host prints our error as its one sentence, without a traceback.
    assert details.startswith(
        f"Token ({fingerprint(token)}): refresh (read) failed: GET /tokens/{fingerprint(token)} -> HTTP 401"
    )
    assert "openapi-oauth:apiKey" in details and "Traceback" not in details
    assert token not in details and "wrong-key" not in details and clean_emulator.email not in details
