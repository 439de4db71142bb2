"""``Token``: an Openapi OAuth token as a Pulumi resource.

::

    tok = oauth.Token(
        "ci-deployer",
        scopes=["GET:company.openapi.com/IT-start"],
        ttl=30 * 24 * 3600,
        limits=oauth.TokenLimitsArgs(total_requests=10_000, ip=["203.0.113.7"]),
        renew_before=7 * 24 * 3600,
    )
    pulumi.export("token", tok.token)  # a secret

The inputs are declared in :mod:`pulumi_openapi_oauth.token.inputs`; the CRUD lives in
:mod:`pulumi_openapi_oauth.token.core`, behind the dynamic provider
:mod:`pulumi_openapi_oauth.dynamic.provider`. The resource id is the token's fingerprint,
never its value; ``token`` and ``refresh_token`` are always secret outputs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, cast

import pulumi
import pulumi.dynamic

from pulumi_openapi_oauth._constants import (
    ADOPT_KEY,
    NAME_SEED_KEY,
    SECRET_OUTPUTS,
    TOKEN_MODULE,
    TOKEN_TYPE,
)
from pulumi_openapi_oauth.dynamic.provider import TokenProvider

__all__ = ["Token", "TokenLimitsArgs"]

#: One provider object for every Token: it pickles to the same few bytes each time.
_PROVIDER = TokenProvider()
# The pickle holds only a reference to the class (``__getstate__`` returns nothing), so
# ``__provider`` needs no encryption per resource. The SDK still marks it secret whenever
# a secret Output is captured while pickling (pulumi.dynamic.Resource.__init__).
_PROVIDER.serialize_as_secret_always = False

#: Outputs that are not inputs: declared (as None) so the SDK makes them attributes.
_OUTPUT_ONLY = dict.fromkeys(("token", "refresh_token", "token_id", "expire_at", "created_at", "updated_at", "stats"))


@dataclass(frozen=True, kw_only=True)
class TokenLimitsArgs:
    """Usage limits of a :class:`Token`; every field is optional. A plain dict with the same
    keys is accepted too."""

    total_requests: pulumi.Input[int] | None = None
    """Maximum number of requests of any kind."""
    wallet_requests: pulumi.Input[int] | None = None
    """Maximum number of requests paid from the wallet."""
    subscription_requests: pulumi.Input[int] | None = None
    """Maximum number of requests counted against subscriptions."""
    wallet_amount: pulumi.Input[float] | None = None
    """Maximum amount spent from the wallet."""
    ip: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    """Allowed client IP addresses (single IPv4/IPv6 addresses; no ports, no CIDR)."""

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def _limits(value: Any) -> Any:
    if isinstance(value, TokenLimitsArgs):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {k: v for k, v in value.items() if v is not None}
    return value  # an Output, None or garbage: check reports garbage


class Token(pulumi.dynamic.Resource, module=TOKEN_MODULE, name="Token"):
    """An Openapi OAuth token (type ``pulumi-python:dynamic/openapi-oauth:Token``).

    Credentials and endpoint come from the stack config (``openapi-oauth:email``,
    ``openapi-oauth:apiKey``, ``openapi-oauth:baseUrl`` or ``openapi-oauth:environment``) or
    the ``OPENAPI_OAUTH_*`` environment variables; they are never inputs or state.
    """

    token: pulumi.Output[str]
    """The token value (secret)."""
    refresh_token: pulumi.Output[str]
    """The refresh token (secret)."""
    token_id: pulumi.Output[str]
    """The fingerprint of the token value; also the resource id."""
    name: pulumi.Output[str]
    scopes: pulumi.Output[list[str]]
    ttl: pulumi.Output[int]
    limits: pulumi.Output[dict[str, Any] | None]
    expire_at: pulumi.Output[str]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    stats: pulumi.Output[dict[str, Any] | None]
    """Usage counters (TokenStats) as last read."""
    renew_before: pulumi.Output[int | None]
    rotation_triggers: pulumi.Output[dict[str, Any] | None]

    def __init__(
        self,
        resource_name: str,
        *,
        scopes: pulumi.Input[Sequence[pulumi.Input[str]]],
        name: pulumi.Input[str] | None = None,
        ttl: pulumi.Input[int] | None = None,
        limits: TokenLimitsArgs | pulumi.Input[Mapping[str, Any]] | None = None,
        renew_before: pulumi.Input[int] | None = None,
        rotation_triggers: pulumi.Input[Mapping[str, pulumi.Input[str | float]]] | None = None,
        adopt_token: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        :param resource_name: The Pulumi resource name; also the default token name's prefix.
        :param scopes: Scopes ``METHOD:domain/path``; compared as a set.
        :param name: Token name; default ``<resource_name>-<8 hex>``, stable across updates.
        :param ttl: Lifetime in seconds (1 .. one year); default the service's (30 days).
        :param limits: :class:`TokenLimitsArgs` or a dict with the same keys.
        :param renew_before: Extend the token in place when ``pulumi up`` runs this many
            seconds or fewer before its expiry.
        :param rotation_triggers: Any change replaces the token (create before delete).
        :param adopt_token: The value of an existing token to manage instead of creating one
            (made secret here if it is not already).
        """
        props: dict[str, Any] = {
            "scopes": scopes,
            "name": name,
            "ttl": ttl,
            "limits": _limits(limits),
            "renew_before": renew_before,
            "rotation_triggers": rotation_triggers,
            # The URN seeds the auto name (its last part is the name's prefix), so `pulumi
            # preview` shows the name `pulumi up` makes.
            NAME_SEED_KEY: _urn(resource_name, opts.parent if opts else None),
            **_OUTPUT_ONLY,
        }
        if adopt_token is not None:
            props[ADOPT_KEY] = pulumi.Output.secret(adopt_token)
        super().__init__(_PROVIDER, resource_name, props, _options(opts))

    @staticmethod
    def get(resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None) -> Token:
        """Look up an existing token by its fingerprint (``oatfp-...``), read-only.

        The provider lists the account's tokens and matches the fingerprint; ``token`` and
        ``refresh_token`` are then the values found (secret). A fingerprint that matches no
        live token of the account fails the program (never an empty resource).
        """
        token = Token.__new__(Token)
        props: dict[str, Any] = {
            "scopes": None,
            "name": None,
            "ttl": None,
            "limits": None,
            "renew_before": None,
            "rotation_triggers": None,
            **_OUTPUT_ONLY,
        }
        options = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))
        pulumi.dynamic.Resource.__init__(token, _PROVIDER, resource_name, props, _options(options))
        return token


def _urn(resource_name: str, parent: pulumi.Resource | None) -> pulumi.Input[str]:
    """The Token's URN; a plain string unless it has a parent (fewer Outputs per Token: the
    SDK's wait for outstanding Outputs is quadratic in their number, see bench/README.md).

    Under a parent it is derived from the parent's URN without depending on the parent: an
    input that depends on a component waits for the component's children, this Token among
    them (the SDK stops the program with "circular dependency").
    """
    if parent is None:
        return f"urn:pulumi:{pulumi.get_stack()}::{pulumi.get_project()}::{TOKEN_TYPE}::{resource_name}"
    urn = parent.urn
    parent_urn: pulumi.Output[str] = pulumi.Output(
        set(), cast(Awaitable[str], urn.future()), urn.is_known(), urn.is_secret()
    )
    return pulumi.resource.create_urn(resource_name, TOKEN_TYPE, parent=parent_urn)


def _options(opts: pulumi.ResourceOptions | None) -> pulumi.ResourceOptions:
    return pulumi.ResourceOptions.merge(pulumi.ResourceOptions(additional_secret_outputs=list(SECRET_OUTPUTS)), opts)
