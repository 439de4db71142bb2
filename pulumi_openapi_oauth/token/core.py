"""The Token's CRUD, on plain values: the one core under every front end.

:class:`TokenCore` takes and returns plain Python values (dicts of inputs and outputs and
the small results below) and awaits an :class:`~pulumi_openapi_oauth.client.AsyncOAuthClient`;
it knows nothing of ``pulumi.dynamic``, pickling or secret wrappers. The dynamic provider
(:mod:`pulumi_openapi_oauth.dynamic.provider`) runs these coroutines on the process's I/O loop;
a native provider awaits them on its own loop. Nothing here blocks.

What each engine call does:

- ``check`` (old inputs, new inputs): validates every input, checks scopes against the
  account's live catalogue (one GET /scopes per process), fills the auto name (a hash of the
  URN and rotation triggers, kept in ``__auto_name``) and declares the expiry (the
  ``expire_at`` input, with ``expire_reason``).
- ``diff`` (old outputs, new inputs): normalised comparison of the managed fields, and of the
  live expiry with the declared one, on the service's clock; never makes a request. The engine
  uses it for ``pulumi refresh`` too (refreshed outputs against the state's inputs).
- ``create``: one POST /tokens (the client recovers a lost response by the unique name, never
  by a second POST), or for ``adopt_token`` a GET of that token and a PATCH to the declared state.
- ``read``: GET /tokens/{token}; with only an id (``Token.get``), GET /tokens and match the
  fingerprint (no match is an error). Returns the live values as inputs, so refresh shows drift,
  and the declared name and expiry in hidden inputs, so the next check still knows them.
- ``update``: one PATCH with only the changed fields (``ttl`` whenever the expiry must move:
  renewal, ttl change, restoring an out-of-band change).
- ``delete``: DELETE; already gone counts as deleted.

A 401/403 already names the config keys to fix (the client adds the hint to each).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from pulumi_openapi_oauth._constants import DEFAULT_TTL, MAX_TTL, SECRET_OUTPUTS
from pulumi_openapi_oauth._models import TokenCreate, TokenDetail, TokenLimits, TokenUpdate
from pulumi_openapi_oauth._secrets import fingerprint
from pulumi_openapi_oauth._times import parse_time
from pulumi_openapi_oauth.client import AsyncOAuthClient
from pulumi_openapi_oauth.errors import NotFoundError, OAuthError, ValidationError
from pulumi_openapi_oauth.token import diff as rules
from pulumi_openapi_oauth.token.catalogue import Catalogue
from pulumi_openapi_oauth.token.diff import (
    DECLARED_EXPIRY_KEY,
    EXPIRY_REASON,
    EXPIRY_TOLERANCE,
    Diff,
    ttl_until,
)
from pulumi_openapi_oauth.token.inputs import (
    ADOPT_KEY,
    AUTO_NAME_KEY,
    MANAGED_FIELDS,
    Failure,
    changed_fields,
    contains_unknown,
    is_unknown,
    validate,
)

__all__ = [
    "DECLARED_EXPIRY_KEY",
    "EXPIRY_REASON",
    "EXPIRY_TOLERANCE",
    "SECRET_OUTPUTS",
    "Checked",
    "Created",
    "Diff",
    "Read",
    "TokenCore",
]

log = logging.getLogger("pulumi_openapi_oauth.token")


#: The inputs ``read`` returns: the live values and the hidden declared name and expiry.
_READ_INPUTS = (
    "scopes",
    "name",
    "ttl",
    "limits",
    "renew_before",
    "rotation_triggers",
    "expire_at",
    EXPIRY_REASON,
    AUTO_NAME_KEY,
    DECLARED_EXPIRY_KEY,
)


@dataclass(frozen=True)
class Checked:
    """``check``'s answer: the normalised inputs (name and expiry filled) and the failures."""

    inputs: dict[str, Any]
    failures: list[Failure]


@dataclass(frozen=True)
class Created:
    """``create``'s answer: the id (the token's fingerprint) and the outputs."""

    id: str
    outs: dict[str, Any]


@dataclass(frozen=True)
class Read:
    """``read``'s answer: an empty id and no outputs mean the token is gone; no inputs mean
    the state's inputs stand (the engine keeps them)."""

    id: str
    outs: dict[str, Any]
    inputs: dict[str, Any] | None = None


class TokenCore:
    """CRUD of one Openapi OAuth token over plain values.

    ``connect`` returns the client to use; it is called once, on first use, and again after
    :meth:`reset`. The scope catalogue is fetched once per instance (concurrent checks wait
    for the one fetch). One instance serves one event loop.
    """

    def __init__(self, connect: Callable[[], AsyncOAuthClient]) -> None:
        self._connect = connect
        self._lock = threading.Lock()
        self._client: AsyncOAuthClient | None = None
        self._catalogue: Catalogue | None = None
        self._catalogue_lock = asyncio.Lock()

    def reset(self) -> None:
        """Forget the client and the catalogue (new configuration); the caller closes the client."""
        with self._lock:
            self._client = None
            self._catalogue = None

    def client(self) -> AsyncOAuthClient:
        """The client, connected on first use; raises ConfigError without credentials."""
        with self._lock:
            if self._client is None:
                self._client = self._connect()
            return self._client

    async def catalogue(self) -> Catalogue:
        """GET /scopes once (concurrent checks wait for the one fetch)."""
        async with self._catalogue_lock:
            if self._catalogue is None:
                self._catalogue = Catalogue.build(await self.client().list_scopes())
            return self._catalogue

    def now(self) -> float:
        """The service's clock when a response has shown it, else local time."""
        with self._lock:
            client = self._client
        server = client.server_time() if client is not None else None
        return time.time() if server is None else server

    async def clock(self) -> float:
        """The service's clock; fetches the (cached) catalogue once if no response was seen yet."""
        with self._lock:
            client = self._client
        if client is None or client.server_time() is None:
            with suppress(OAuthError):  # ConfigError included: local time then; check reports the problem
                await self.catalogue()
        return self.now()

    # -- check ------------------------------------------------------------------------------

    async def check(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Checked:
        inputs, failures = validate(news)
        if not any(f.property == "scopes" for f in failures):
            failures.extend(await self._catalogue_failures(inputs.get("scopes")))
        if not olds and not any(f.property in ("scopes", ADOPT_KEY) for f in failures):
            failures.extend(await self._adopt_failures(inputs.get(ADOPT_KEY)))
        rules.fill_name(olds, inputs)
        await rules.declare_expiry(olds, inputs, self.clock)
        return Checked(inputs, failures)

    async def _catalogue_failures(self, scopes: Any) -> list[Failure]:
        if not isinstance(scopes, list):
            return []
        wanted = [s for s in scopes if isinstance(s, str) and not is_unknown(s)]
        if not wanted:
            return []
        try:
            catalogue = await self.catalogue()
        except OAuthError as exc:  # ConfigError and 401/403 included: their messages say what to set
            return [Failure("scopes", f"cannot be checked against your account's catalogue: {exc}")]
        return [Failure("scopes", p) for s in wanted if (p := catalogue.problem(s))]

    async def _adopt_failures(self, value: Any) -> list[Failure]:
        """At preview, the token to adopt must be live (one GET /tokens/{token}); only its
        fingerprint appears in a message."""
        if not isinstance(value, str) or not value or is_unknown(value):
            return []
        try:
            await self.client().get_token(value)
        except NotFoundError:
            return [
                Failure(
                    ADOPT_KEY,
                    f"no live token of this account has fingerprint {fingerprint(value)}; it does not "
                    "exist, has expired or belongs to another account. Pass the value of a live token, or remove "
                    "adopt_token to create a new one",
                )
            ]
        except ValidationError as exc:
            return [
                Failure(
                    ADOPT_KEY,
                    f"the service does not accept this value as a token (HTTP {exc.status}); pass the "
                    "token's value exactly as the service issued it",
                )
            ]
        except OAuthError as exc:
            return [Failure(ADOPT_KEY, f"cannot be checked against your account: {exc}")]
        return []

    # -- diff -------------------------------------------------------------------------------

    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Diff:
        """Old outputs against new inputs, on the service's clock; never makes a request."""
        return rules.diff(olds, news, self.now)

    # -- create -----------------------------------------------------------------------------

    async def create(self, props: Mapping[str, Any]) -> Created:
        client = self.client()
        adopt = props.get(ADOPT_KEY)
        if isinstance(adopt, str) and adopt:
            detail = await self._adopt(client, adopt, props)
        else:
            declared = parse_time(props.get("expire_at"))
            ttl = int(props.get("ttl") or DEFAULT_TTL)
            body = TokenCreate(
                scopes=list(dict.fromkeys(props["scopes"])),
                name=props.get("name"),
                # The lifetime started when check declared it (the expiry preview showed).
                ttl=ttl_until(declared, self.now()) if declared is not None else props.get("ttl"),
                limits=_limits_model(props.get("limits")),
            )
            if body.ttl is not None and body.ttl > ttl:
                body = body.model_copy(update={"ttl": ttl})
            detail = await client.create_token(body)
        outs = outputs(detail, props)
        log.info("token %s ready", outs["token_id"])
        return Created(outs["token_id"], outs)

    async def _adopt(self, client: AsyncOAuthClient, value: str, props: Mapping[str, Any]) -> TokenDetail:
        try:
            found = await client.get_token(value)
        except NotFoundError:
            raise NotFoundError(
                status=404,
                code=None,
                message=f"adopt_token: no live token has fingerprint {fingerprint(value)}; it does not exist or has "
                "expired. Remove adopt_token to create a new token",
                method="GET",
                path="/tokens/{token}",
            ) from None
        current = {
            "scopes": found.scopes,
            "name": found.name,
            "limits": _dump(found.limits),
        }
        fields: dict[str, Any] = {}
        for field in changed_fields(current, props, ("scopes", "name", "limits")):
            fields[field] = (_limits_model(props.get(field)) or TokenLimits()) if field == "limits" else props[field]
        if not fields:
            return found.model_copy(update={"token": found.token or value})
        updated = await client.update_token(value, TokenUpdate(**fields))
        return updated.model_copy(
            update={"token": updated.token or value, "refresh_token": updated.refresh_token or found.refresh_token}
        )

    # -- read -------------------------------------------------------------------------------

    async def read(self, id_: str, props: Mapping[str, Any]) -> Read:
        """Refresh (GET by value) or ``Token.get`` (list and match the fingerprint).

        Returns inputs when they are news: the live values, so a refresh shows what changed,
        plus the hidden declared name and expiry, so the next check still knows what the stack
        declares. A refresh that finds the token as the state recorded it returns none, and the
        engine keeps the state's inputs: replacing them with equal-but-different ones (``ttl``
        filled in, ``__name_seed`` gone) made the next preview or up re-serialise the whole
        state once per Token.
        """
        client = self.client()
        token = props.get("token")
        refresh = token if isinstance(token, str) and token else None
        if refresh is not None:
            try:
                detail = await client.get_token(refresh)
            except NotFoundError:
                log.info("token %s is gone (deleted or expired)", id_)
                return Read("", {})
        else:
            match = None
            async for item in client.iter_tokens():
                if item.token and fingerprint(item.token) == id_:
                    match = item
                    break
            if match is None:
                raise OAuthError(
                    f"Token.get: no live token of this account has the id {id_!r} (GET /tokens lists none with "
                    "that fingerprint); it was deleted or has expired, or belongs to another account. Pass the "
                    "token_id (oatfp-...) of a live token"
                )
            detail = match
            # No state to say what was declared: the lifetime the service shows becomes the ttl
            # (what `pulumi import` writes into the program).
            props = {**props, "ttl": _lifetime(detail)}
        outs = outputs(detail, props, declared=props.get(DECLARED_EXPIRY_KEY) or props.get("expire_at"))
        if refresh is not None and not changed_fields(props, outs, _READ_INPUTS):
            return Read(outs["token_id"], outs)
        inputs = {k: outs.get(k) for k in _READ_INPUTS}
        return Read(outs["token_id"], outs, {k: v for k, v in inputs.items() if v is not None})

    # -- update -----------------------------------------------------------------------------

    async def update(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        """One PATCH with only what differs; ``ttl`` is sent whenever the expiry must move
        (renewal, ttl change, restoring an out-of-band change), chosen to reach the declared one.
        Returns the new outputs."""
        changed = changed_fields(olds, news, MANAGED_FIELDS)
        fields: dict[str, Any] = {}
        for field in changed:
            if field == "limits":
                fields["limits"] = _limits_model(news.get("limits")) or TokenLimits()
            elif field == "scopes":
                fields["scopes"] = list(dict.fromkeys(news["scopes"]))
            elif field != "ttl":
                fields[field] = news[field]
        if "ttl" in changed or rules.expiry(olds, news, self.now) == "set":
            declared = parse_time(news.get("expire_at"))
            ttl = int(news.get("ttl") or DEFAULT_TTL)
            fields["ttl"] = min(ttl, ttl_until(declared, self.now())) if declared is not None else ttl
        if not fields:
            return outputs(None, news, previous=olds)
        detail = await self.client().update_token(olds["token"], TokenUpdate(**fields))
        return outputs(detail, news, previous=olds)

    # -- delete -----------------------------------------------------------------------------

    async def delete(self, id_: str, props: Mapping[str, Any]) -> None:
        token = props.get("token")
        if not isinstance(token, str) or not token:
            log.info("token %s has no value in state; nothing to delete", id_)
            return
        try:
            await self.client().delete_token(token)
        except NotFoundError:
            log.info("token %s was already gone", id_)


# -- outputs -------------------------------------------------------------------------------


def outputs(
    detail: TokenDetail | None,
    inputs: Mapping[str, Any],
    previous: Mapping[str, Any] | None = None,
    *,
    declared: Any = None,
) -> dict[str, Any]:
    """Outputs from the service's answer, falling back to the previous outputs.

    ``expire_at`` is the service's; the declared expiry (hidden) is the ``expire_at``
    input, else ``declared`` (read carries it over), else the service's (adoption).
    """
    prev: Mapping[str, Any] = previous or inputs
    token = (detail.token if detail else None) or prev.get("token")
    if not isinstance(token, str) or not token:
        raise OAuthError("the service's answer carried no token value")
    refresh = (detail.refresh_token if detail else None) or prev.get("refresh_token")
    ttl = inputs.get("ttl")
    expire_at = (detail.expire_at if detail else None) or prev.get("expire_at")
    if declared is None:
        wanted = inputs.get("expire_at")
        declared = wanted if isinstance(wanted, str) and parse_time(wanted) is not None else None
    auto = inputs.get(AUTO_NAME_KEY, False)
    outs: dict[str, Any] = {
        "token": token,
        "refresh_token": refresh,
        "token_id": fingerprint(token),
        "name": (detail.name if detail else None) or inputs.get("name") or prev.get("name"),
        "scopes": list(detail.scopes) if detail and detail.scopes is not None else prev.get("scopes"),
        "ttl": int(ttl) if ttl is not None and not contains_unknown(ttl) else DEFAULT_TTL,
        "limits": _dump(detail.limits) if detail else prev.get("limits"),
        "expire_at": expire_at,
        "created_at": (detail.created_at if detail else None) or prev.get("created_at"),
        "updated_at": (detail.updated_at if detail else None) or prev.get("updated_at"),
        "stats": _dump(detail.stats) if detail and detail.stats is not None else prev.get("stats"),
        "renew_before": inputs.get("renew_before"),
        "rotation_triggers": inputs.get("rotation_triggers"),
        EXPIRY_REASON: inputs.get(EXPIRY_REASON) if isinstance(inputs.get(EXPIRY_REASON), str) else None,
        AUTO_NAME_KEY: auto if isinstance(auto, str) and auto else bool(auto),
        DECLARED_EXPIRY_KEY: declared or expire_at,
    }
    return {k: v for k, v in outs.items() if v is not None}


def _lifetime(detail: TokenDetail) -> int:
    """The token's lifetime as the service shows it, expiry minus creation, in seconds.

    The service reports no ttl. The default ttl when the times are missing, or when a token
    extended again and again has outlived the one-year maximum a ttl may declare.
    """
    created, expires = parse_time(detail.created_at), parse_time(detail.expire_at)
    if created is None or expires is None:
        return DEFAULT_TTL
    seconds = round(expires - created)
    return seconds if 1 <= seconds <= MAX_TTL else DEFAULT_TTL


def _limits_model(value: Any) -> TokenLimits | None:
    if not value:
        return None
    return TokenLimits(**{k: v for k, v in dict(value).items() if v is not None})


def _dump(model: Any) -> dict[str, Any] | None:
    if model is None:
        return None
    data: dict[str, Any] = model.model_dump(exclude_none=True, mode="json")
    return {k: v for k, v in data.items() if k in type(model).model_fields} or None
