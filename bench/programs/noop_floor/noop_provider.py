"""A dynamic provider that does nothing: the engine's own cost per resource, for the benchmark.

It lives in an importable module (like the Token provider) so dill pickles it by reference,
and ``serialize_as_secret_always`` is off as on the Token, so the two stacks differ only in
what the providers themselves do.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pulumi
import pulumi.dynamic
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult


class NoopProvider(ResourceProvider):
    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(hashlib.sha256(repr(sorted(props.items())).encode()).hexdigest()[:24], props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, props)


PROVIDER = NoopProvider()


class Noop(pulumi.dynamic.Resource, module="noop", name="Noop"):
    def __init__(self, name: str, props: dict[str, Any]) -> None:
        super().__init__(PROVIDER, name, props)


def _hex(*parts: Any, size: int = 24) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:size]


class SecretsProvider(NoopProvider):
    """The plain floor plus two made-up 24-hex values in the outputs, as the Token's ``token``
    and ``refresh_token``: what secret outputs alone cost the engine."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        created = super().create(props)
        return CreateResult(
            created.id, {**props, "token": _hex("t", created.id), "refresh_token": _hex("r", created.id)}
        )


SECRETS = SecretsProvider()


class WithSecrets(pulumi.dynamic.Resource, module="noop", name="WithSecrets"):
    def __init__(self, name: str, props: dict[str, Any]) -> None:
        opts = pulumi.ResourceOptions(additional_secret_outputs=["token", "refresh_token"])
        super().__init__(SECRETS, name, {**props, "token": None, "refresh_token": None}, opts)


class TokenShapedProvider(ResourceProvider):
    """Does nothing, with the Token's shape: check fills what the Token's check fills, create
    returns outputs like the Token's (fixed times, zero stats, made-up secrets), update returns
    them with the new scopes. No I/O, deterministic (no perpetual diff)."""

    serialize_as_secret_always = False

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        name = f"{news['__name_seed'].rsplit('::', 1)[1]}-{_hex(news['__name_seed'], size=8)}"
        return CheckResult(
            {
                **{k: v for k, v in news.items() if v is not None},
                "name": name,
                "__auto_name": name,
                "expire_at": "2026-12-29T18:11:48Z",
                "expire_reason": "new token: now + ttl",
            },
            [],
        )

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=sorted(olds["scopes"]) != sorted(news["scopes"]))

    def _outs(self, props: dict[str, Any], token: str) -> dict[str, Any]:
        return {
            **props,
            "token": token,
            "refresh_token": _hex("refresh", token),
            "token_id": "oatfp-" + _hex("fp", token, size=32),
            "ttl": 2592000,
            "__declared_expire_at": props["expire_at"],
            "created_at": "2026-11-29T18:11:48Z",
            "updated_at": "2026-11-29T18:11:48Z",
            "stats": dict.fromkeys(
                ("error_requests", "subscription_requests", "total_requests", "wallet_amount", "wallet_requests"), 0
            )
            | {"ip": []},
        }

    def create(self, props: dict[str, Any]) -> CreateResult:
        outs = self._outs(props, _hex(props["__name_seed"]))
        return CreateResult(outs["token_id"], outs)

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self._outs(news, olds["token"]))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, props)


SHAPED = TokenShapedProvider()
#: The Token's properties that are outputs only: declared so the SDK makes them attributes.
_OUTPUT_ONLY = dict.fromkeys(("token", "refresh_token", "token_id", "expire_at", "created_at", "updated_at", "stats"))


class TokenShaped(pulumi.dynamic.Resource, module="noop", name="TokenShaped"):
    def __init__(self, name: str, scopes: list[str]) -> None:
        props = {
            "scopes": scopes,
            "name": None,
            "ttl": None,
            "limits": None,
            "renew_before": None,
            "rotation_triggers": None,
            "__name_seed": f"urn:pulumi:{pulumi.get_stack()}::{pulumi.get_project()}::pulumi-python:dynamic/noop:TokenShaped::{name}",
            **_OUTPUT_ONLY,
        }
        opts = pulumi.ResourceOptions(additional_secret_outputs=["token", "refresh_token"])
        super().__init__(SHAPED, name, props, opts)
