"""The dynamic provider behind :class:`pulumi_openapi_oauth.Token`.

Importing this module has no side effects, so dill pickles :class:`TokenProvider` *by
reference* (the pickle names this module and carries no code). The pickled instance holds
nothing: credentials arrive in :meth:`TokenProvider.configure` (stack config, then the
environment), and the client, its lock and the scope catalogue are built lazily, once per
provider process, and left out of the pickle (``__getstate__``).

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
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import math
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import httpx
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.runtime.rpc import _special_secret_sig, _special_sig_key

from pulumi_openapi_oauth._config import CONFIG_KEYS, CREDENTIALS_HINT, ConfigError, resolve_settings
from pulumi_openapi_oauth._config import NAMESPACE as _NS
from pulumi_openapi_oauth._constants import DEFAULT_TTL, MAX_TTL
from pulumi_openapi_oauth._models import TokenCreate, TokenDetail, TokenLimits, TokenUpdate, UserScope
from pulumi_openapi_oauth._provider_errors import reported
from pulumi_openapi_oauth._scopes import Scope, ScopeSyntaxError, parse_scope
from pulumi_openapi_oauth._secrets import fingerprint
from pulumi_openapi_oauth._token_inputs import (
    ADOPT_KEY,
    AUTO_NAME_KEY,
    MANAGED_FIELDS,
    MAX_NAME_LENGTH,
    NAME_PREFIX_KEY,
    UNKNOWN,
    Failure,
    changed_fields,
    contains_unknown,
    is_unknown,
    normalise,
    show,
    validate,
)
from pulumi_openapi_oauth.client import OAuthClient
from pulumi_openapi_oauth.errors import (
    NotFoundError,
    OAuthError,
    UnauthorizedError,
    ValidationError,
)

__all__ = [
    "CONFIG_KEYS",
    "DECLARED_EXPIRY_KEY",
    "EXPIRY_REASON",
    "EXPIRY_TOLERANCE",
    "NAME_SEED_KEY",
    "SECRET_OUTPUTS",
    "TokenProvider",
]

log = logging.getLogger("pulumi_openapi_oauth.token")

#: Outputs that hold secrets; the Token resource marks them with additional_secret_outputs.
SECRET_OUTPUTS = ("token", "refresh_token")
_SUFFIX_HEX = 8
#: Hidden input: the resource's URN, from which ``check`` derives the auto name (the same in
#: ``pulumi preview`` and ``pulumi up``).
NAME_SEED_KEY = "__name_seed"
#: Hidden output (and input after a refresh): the expiry the stack declares, i.e. the start of
#: the token's current lifetime (create, renewal, ttl change) plus ``ttl``. The ``expire_at``
#: input is the same value; the ``expire_at`` output is the service's.
DECLARED_EXPIRY_KEY = "__declared_expire_at"
#: Input shown beside ``expire_at``: why the declared expiry is what it is.
EXPIRY_REASON = "expire_reason"
#: Seconds the live expiry may differ from the declared one before it is drift (clock skew,
#: the 1-second resolution of the service's times and of its Date header).
EXPIRY_TOLERANCE = 60


@dataclass(frozen=True)
class _Catalogue:
    """The account's scopes: every known scope string and whether it is enabled."""

    enabled: dict[str, bool]
    parsed: tuple[Scope, ...]  # the enabled ones

    @classmethod
    def build(cls, scopes: list[UserScope]) -> _Catalogue:
        enabled: dict[str, bool] = {}
        parsed: list[Scope] = []
        for item in scopes:
            text = item.scope or (f"{item.method}:{item.domain}/{item.endpoint}" if item.method else None)
            if not text:
                continue
            on = item.enabled is not False
            enabled[text] = enabled.get(text, False) or on
            if on:
                try:
                    parsed.append(parse_scope(text))
                except ScopeSyntaxError:
                    continue
        return cls(enabled, tuple(parsed))

    def problem(self, text: str) -> str | None:
        """Why ``text`` cannot be granted, or None when it can."""
        scope = parse_scope(text)
        if scope.is_wildcard:
            if any(_wildcard_matches(scope, s) for s in self.parsed):
                return None
            return (
                f"wildcard scope {show(text)} matches no enabled scope of {scope.domain!r} in your account; "
                "narrow it or enable a matching scope"
            )
        state = self.enabled.get(text)
        if state is True:
            return None
        if state is False:
            return f"scope {show(text)} is disabled for your account; enable it in the Openapi console or remove it"
        close = difflib.get_close_matches(text, list(self.enabled), n=1, cutoff=0.75)
        hint = f"; did you mean {show(close[0], 200)}?" if close else "; list the available ones with get_scopes()"
        return f"scope {show(text)} is not in your account's catalogue{hint}"


def _wildcard_matches(pattern: Scope, scope: Scope) -> bool:
    if pattern.domain != scope.domain:
        return False
    if pattern.method not in ("*", scope.method):
        return False
    if pattern.path == "*":
        return True
    if pattern.path.endswith("/*"):
        return scope.path.startswith(pattern.path[:-1])
    return pattern.path == scope.path


def _plain(value: Any) -> Any:
    """Unwrap the host's secret wrappers at any depth (the provider sees plain values)."""
    if isinstance(value, Mapping):
        if value.get(_special_sig_key) == _special_secret_sig:
            return _plain(value.get("value"))
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _parse_time(text: Any) -> float | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def _limits_model(value: Any) -> TokenLimits | None:
    if not value:
        return None
    return TokenLimits(**{k: v for k, v in dict(value).items() if v is not None})


def _dump(model: Any) -> dict[str, Any] | None:
    if model is None:
        return None
    data: dict[str, Any] = model.model_dump(exclude_none=True, mode="json")
    return {k: v for k, v in data.items() if k in type(model).model_fields} or None


@contextmanager
def _credentials_hint() -> Iterator[None]:
    """Name the config keys to fix when the service answers 401/403 (nothing leaves state).

    The client adds the same hint (:data:`~pulumi_openapi_oauth.errors.CREDENTIALS_HINT`) to
    every 401/403 of the account's credentials; ``add_hint`` adds it only once.
    """
    try:
        yield
    except UnauthorizedError as exc:
        exc.add_hint(f"the service refused the credentials: {CREDENTIALS_HINT}")
        raise


def _auto_name(prefix: Any, seed: Any, triggers: Any) -> str:
    """``<prefix>-<8 hex>``: the hex is a hash of the URN and the rotation triggers, so preview
    and up agree, every stack and resource gets its own name, and a rotation a new one."""
    base = prefix if isinstance(prefix, str) and prefix and not is_unknown(prefix) else "token"
    base = "".join(ch for ch in base if ch.isprintable())[: MAX_NAME_LENGTH - _SUFFIX_HEX - 1] or "token"
    seed_text = seed if isinstance(seed, str) and not is_unknown(seed) else base
    pairs = triggers.items() if isinstance(triggers, Mapping) else ()
    canonical = json.dumps(sorted((str(k), str(v)) for k, v in pairs))
    digest = hashlib.sha256(f"{seed_text}\n{canonical}".encode()).hexdigest()
    return f"{base}-{digest[:_SUFFIX_HEX]}"


def _format_time(moment: float) -> str:
    return datetime.fromtimestamp(int(moment), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ttl_until(target: float, now: float) -> int:
    """The ttl that makes the service's expiry ``target`` (at least 1 s, at most a year)."""
    return min(MAX_TTL, max(1, math.ceil(target - now)))


class TokenProvider(ResourceProvider):
    """CRUD of one Openapi OAuth token. Holds no state when pickled."""

    def __init__(self, *, transport: httpx.BaseTransport | None = None) -> None:
        super().__init__()
        self._init_runtime(transport)

    def _init_runtime(self, transport: httpx.BaseTransport | None = None) -> None:
        self._transport = transport
        self._lock = threading.Lock()
        self._catalogue_lock = threading.Lock()
        self._config: dict[str, str] = {}
        self._client: OAuthClient | None = None
        self._catalogue: _Catalogue | None = None

    # -- pickling: the instance carries nothing ---------------------------------------------

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        self._init_runtime()

    def __repr__(self) -> str:
        return "TokenProvider()"

    # -- process state ----------------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        """Keep the stack's ``openapi-oauth:*`` config (decrypted strings) for the lazy client."""
        config: dict[str, str] = {}
        for key in CONFIG_KEYS:
            value = req.config.get(f"{_NS}:{key}")
            if isinstance(value, str) and value:
                config[f"{_NS}:{key}"] = value
        with self._lock:
            self._config = config
            if self._client is not None:
                self._client.close()
            self._client = None
            self._catalogue = None

    def client(self) -> OAuthClient:
        """The process's one client, built on first use; raises ConfigError without credentials."""
        with self._lock:
            if self._client is None:
                settings = resolve_settings(self._config)
                self._client = OAuthClient(
                    base_url=settings.base_url,
                    endpoint_source=settings.base_url_source,
                    email=settings.email,
                    api_key=settings.api_key,
                    transport=self._transport,
                )
            return self._client

    def catalogue(self) -> _Catalogue:
        """GET /scopes once per process (concurrent checks wait for the one fetch)."""
        with self._catalogue_lock:
            if self._catalogue is None:
                self._catalogue = _Catalogue.build(self.client().list_scopes())
            return self._catalogue

    def now(self) -> float:
        """The service's clock when a response has shown it, else local time."""
        with self._lock:
            client = self._client
        server = client.server_time() if client is not None else None
        return time.time() if server is None else server

    # -- check ------------------------------------------------------------------------------

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        olds, news = _plain(olds), _plain(news)
        inputs, failures = validate(news)
        if not any(f.property == "scopes" for f in failures):
            failures.extend(self._catalogue_failures(inputs.get("scopes")))
        if not olds and not any(f.property in ("scopes", ADOPT_KEY) for f in failures):
            failures.extend(self._adopt_failures(inputs.get(ADOPT_KEY)))
        self._fill_name(olds, inputs)
        self._declare_expiry(olds, inputs)
        return CheckResult(inputs, [CheckFailure(f.property, f.reason) for f in failures])

    def _catalogue_failures(self, scopes: Any) -> list[Failure]:
        if not isinstance(scopes, list):
            return []
        wanted = [s for s in scopes if isinstance(s, str) and not is_unknown(s)]
        if not wanted:
            return []
        try:
            catalogue = self.catalogue()
        except OAuthError as exc:  # ConfigError and 401/403 included: their messages say what to set
            return [Failure("scopes", f"scopes: cannot be checked against your account's catalogue: {exc}")]
        return [Failure("scopes", f"scopes: {p}") for s in wanted if (p := catalogue.problem(s))]

    def _adopt_failures(self, value: Any) -> list[Failure]:
        """At preview, the token to adopt must be live (one GET /tokens/{token}); only its
        fingerprint appears in a message."""
        if not isinstance(value, str) or not value or is_unknown(value):
            return []
        try:
            self.client().get_token(value)
        except NotFoundError:
            return [
                Failure(
                    ADOPT_KEY,
                    f"adopt_token: no live token of this account has fingerprint {fingerprint(value)}; it does not "
                    "exist, has expired or belongs to another account. Pass the value of a live token, or remove "
                    "adopt_token to create a new one",
                )
            ]
        except ValidationError as exc:
            return [
                Failure(
                    ADOPT_KEY,
                    f"adopt_token: the service does not accept this value as a token (HTTP {exc.status}); pass the "
                    "token's value exactly as the service issued it",
                )
            ]
        except OAuthError as exc:
            return [Failure(ADOPT_KEY, f"adopt_token: cannot be checked against your account: {exc}")]
        return []

    @staticmethod
    def _fill_name(olds: Mapping[str, Any], inputs: dict[str, Any]) -> None:
        """Fill the auto name; ``__auto_name`` keeps it (the name chosen at create) or is False.

        The kept name is the declared one even after a refresh took a hand-set name into the
        ``name`` input, so an out-of-band rename is drift. ``adopt_token`` only matters at
        create: an adopted token without a declared name keeps its own name.
        """
        if inputs.get("name") is not None:
            inputs[AUTO_NAME_KEY] = False
            return
        old_auto = olds.get(AUTO_NAME_KEY)
        rotated = bool(olds) and normalise("rotation_triggers", olds.get("rotation_triggers")) != normalise(
            "rotation_triggers", inputs.get("rotation_triggers")
        )
        unmanaged = bool(olds) and old_auto is False and olds.get("name") is None  # adopted, no name declared
        if (not olds and inputs.get(ADOPT_KEY) is not None) or (unmanaged and not rotated):
            inputs[AUTO_NAME_KEY] = False  # the adopted token's own name stays unmanaged
            return
        if isinstance(old_auto, str) and old_auto and not rotated:
            name = old_auto
        elif old_auto is True and isinstance(olds.get("name"), str) and olds["name"] and not rotated:
            name = olds["name"]  # state written before the auto name was kept in __auto_name
        else:
            # A rotation gets a new name: the replacement is created while the old token
            # still exists, and the lost-response recovery matches tokens by name.
            name = _auto_name(inputs.get(NAME_PREFIX_KEY), inputs.get(NAME_SEED_KEY), inputs.get("rotation_triggers"))
        inputs["name"] = name
        inputs[AUTO_NAME_KEY] = name

    def _declare_expiry(self, olds: Mapping[str, Any], inputs: dict[str, Any]) -> None:
        """Set the ``expire_at`` input (the declared expiry) and ``expire_reason``.

        A lifetime starts at create, at a ttl change, at a renewal (within ``renew_before`` of
        the declared expiry) and when the declared expiry has passed (the token is replaced);
        otherwise the declared expiry is carried over. Judged on the service's clock.
        """
        for key in ("expire_at", EXPIRY_REASON, DECLARED_EXPIRY_KEY):
            inputs.pop(key, None)
        ttl = inputs.get("ttl")
        if contains_unknown(ttl) or contains_unknown(inputs.get("renew_before")):
            inputs["expire_at"] = UNKNOWN  # preview only: decided once the inputs are known
            return
        if not olds and inputs.get(ADOPT_KEY) is not None:
            return  # an adopted token keeps its expiry; its lifetime is recorded at create
        if ttl is not None and not (isinstance(ttl, int) and not isinstance(ttl, bool) and 1 <= ttl <= MAX_TTL):
            return  # an invalid ttl: check reports it
        seconds = DEFAULT_TTL if ttl is None else ttl
        declared = _parse_time(olds.get(DECLARED_EXPIRY_KEY)) or _parse_time(olds.get("expire_at"))
        if olds and declared is None:
            return  # state written before lifetimes were declared: judged on the live expiry
        now = self._clock()
        renew = inputs.get("renew_before")
        if declared is None:
            reason = "new token: now + ttl"
        elif normalise("ttl", olds.get("ttl")) != normalise("ttl", ttl):
            reason = f"ttl changed to {seconds} s: now + ttl"
        elif now >= declared:
            reason = f"the declared expiry {_format_time(declared)} has passed: a new token, now + ttl"
        elif isinstance(renew, (int, float)) and not isinstance(renew, bool) and declared - now <= renew:
            reason = f"renewal: within renew_before ({int(renew)} s) of expire_at {_format_time(declared)}: now + ttl"
        else:
            live = _parse_time(olds.get("expire_at"))  # after a refresh, the live expiry
            inputs["expire_at"] = _format_time(declared)
            if live is not None and abs(live - declared) > EXPIRY_TOLERANCE:
                inputs[EXPIRY_REASON] = (
                    f"restore the declared expiry (the live one, {_format_time(live)}, was changed outside Pulumi)"
                )
            else:
                kept = olds.get(EXPIRY_REASON)
                inputs[EXPIRY_REASON] = kept if isinstance(kept, str) and not kept.startswith("restore") else "declared"
            return
        inputs["expire_at"] = _format_time(now + seconds)
        inputs[EXPIRY_REASON] = reason

    def _clock(self) -> float:
        """The service's clock; fetches the (cached) catalogue once if no response was seen yet."""
        with self._lock:
            client = self._client
        if client is None or client.server_time() is None:
            with suppress(ConfigError, OAuthError):  # local time then; check reports the problem
                self.catalogue()
        return self.now()

    # -- diff -------------------------------------------------------------------------------

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Old outputs against new inputs. The same call serves ``pulumi refresh`` (the engine
        passes the refreshed outputs and the state's inputs) and ``preview``/``up``, so both
        checks see the same drift: managed fields, and the live expiry against the declared."""
        olds, news = _plain(olds), _plain(news)
        changed = changed_fields(olds, news, (*MANAGED_FIELDS, "renew_before"))
        replaces: list[str] = []
        if normalise("rotation_triggers", olds.get("rotation_triggers")) != normalise(
            "rotation_triggers", news.get("rotation_triggers")
        ):
            replaces.append("rotation_triggers")
        expiry = self._expiry(olds, news)
        if expiry == "expired":
            replaces.append("expire_at")
        elif expiry is not None:
            changed.append("expire_at")
        return DiffResult(
            changes=bool(changed or replaces),
            replaces=replaces,
            delete_before_replace=False,
        )

    def _expiry(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> str | None:
        """What the expiry needs, on the service's clock: "expired" (replace), "set" (one PATCH
        of ttl to reach the declared expiry: renewal, ttl change, out-of-band change) or None."""
        live = _parse_time(olds.get("expire_at"))
        if live is None:
            return None
        now = self.now()
        declared_before = _parse_time(olds.get(DECLARED_EXPIRY_KEY))
        if now >= live or (declared_before is not None and now >= declared_before):
            return "expired"
        wanted = news.get("expire_at")
        if is_unknown(wanted):
            return "set"
        declared = _parse_time(wanted)
        if declared is None:
            # Inputs written before lifetimes were declared: renew on the live expiry.
            renew = news.get("renew_before")
            if renew is None or contains_unknown(renew) or isinstance(renew, bool):
                return None
            return "set" if live - now <= float(renew) else None
        return "set" if abs(declared - live) > EXPIRY_TOLERANCE else None

    # -- create -----------------------------------------------------------------------------

    def create(self, props: dict[str, Any]) -> CreateResult:
        props = _plain(props)
        client = self.client()
        adopt = props.get(ADOPT_KEY)
        if isinstance(adopt, str) and adopt:
            detail = self._adopt(client, adopt, props)
        else:
            declared = _parse_time(props.get("expire_at"))
            ttl = int(props.get("ttl") or DEFAULT_TTL)
            body = TokenCreate(
                scopes=list(dict.fromkeys(props["scopes"])),
                name=props.get("name"),
                # The lifetime started when check declared it (the expiry preview showed).
                ttl=_ttl_until(declared, self.now()) if declared is not None else props.get("ttl"),
                limits=_limits_model(props.get("limits")),
            )
            if body.ttl is not None and body.ttl > ttl:
                body = body.model_copy(update={"ttl": ttl})
            with _credentials_hint():
                detail = client.create_token(body)
        outs = self._outs(detail, props)
        log.info("token %s ready", outs["token_id"])
        return CreateResult(outs["token_id"], outs)

    def _adopt(self, client: OAuthClient, value: str, props: Mapping[str, Any]) -> TokenDetail:
        try:
            found = client.get_token(value)
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
        updated = client.update_token(value, TokenUpdate(**fields))
        return updated.model_copy(
            update={"token": updated.token or value, "refresh_token": updated.refresh_token or found.refresh_token}
        )

    # -- read -------------------------------------------------------------------------------

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh (GET by value) or ``Token.get`` (list and match the fingerprint).

        Returns inputs too: the live values, so a refresh shows what changed, plus the hidden
        declared name and expiry, so the next check still knows what the stack declares.
        """
        props = _plain(props)
        client = self.client()
        token = props.get("token")
        if isinstance(token, str) and token:
            try:
                with _credentials_hint():
                    detail = client.get_token(token)
            except NotFoundError:
                log.info("token %s is gone (deleted or expired)", id_)
                return ReadResult("", {})
        else:
            with _credentials_hint():
                match = next((t for t in client.iter_tokens() if t.token and fingerprint(t.token) == id_), None)
            if match is None:
                raise OAuthError(
                    f"Token.get: no live token of this account has the id {id_!r} (GET /tokens lists none with "
                    "that fingerprint); it was deleted or has expired, or belongs to another account. Pass the "
                    "token_id (oatfp-...) of a live token"
                )
            detail = match
        outs = self._outs(detail, props, declared=props.get(DECLARED_EXPIRY_KEY) or props.get("expire_at"))
        inputs = {k: outs.get(k) for k in ("scopes", "name", "ttl", "limits", "renew_before", "rotation_triggers")}
        inputs["expire_at"] = outs.get("expire_at")
        for key in (EXPIRY_REASON, NAME_PREFIX_KEY, NAME_SEED_KEY, AUTO_NAME_KEY, DECLARED_EXPIRY_KEY):
            inputs[key] = outs.get(key)
        return ReadResult(outs["token_id"], outs, inputs={k: v for k, v in inputs.items() if v is not None})

    # -- update -----------------------------------------------------------------------------

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """One PATCH with only what differs; ``ttl`` is sent whenever the expiry must move
        (renewal, ttl change, restoring an out-of-band change), chosen to reach the declared one."""
        olds, news = _plain(olds), _plain(news)
        changed = changed_fields(olds, news, MANAGED_FIELDS)
        fields: dict[str, Any] = {}
        for field in changed:
            if field == "limits":
                fields["limits"] = _limits_model(news.get("limits")) or TokenLimits()
            elif field == "scopes":
                fields["scopes"] = list(dict.fromkeys(news["scopes"]))
            elif field != "ttl":
                fields[field] = news[field]
        if "ttl" in changed or self._expiry(olds, news) == "set":
            declared = _parse_time(news.get("expire_at"))
            ttl = int(news.get("ttl") or DEFAULT_TTL)
            fields["ttl"] = min(ttl, _ttl_until(declared, self.now())) if declared is not None else ttl
        if not fields:
            return UpdateResult(self._outs(None, news, previous=olds))
        token = olds["token"]
        with _credentials_hint():
            detail = self.client().update_token(token, TokenUpdate(**fields))
        return UpdateResult(self._outs(detail, news, previous=olds))

    # -- delete -----------------------------------------------------------------------------

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        props = _plain(props)
        token = props.get("token")
        if not isinstance(token, str) or not token:
            log.info("token %s has no value in state; nothing to delete", _id)
            return
        try:
            with _credentials_hint():
                self.client().delete_token(token)
        except NotFoundError:
            log.info("token %s was already gone", _id)

    # -- outputs ----------------------------------------------------------------------------

    @staticmethod
    def _outs(
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
            declared = wanted if isinstance(wanted, str) and _parse_time(wanted) is not None else None
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
            NAME_PREFIX_KEY: inputs.get(NAME_PREFIX_KEY),
            NAME_SEED_KEY: inputs.get(NAME_SEED_KEY),
            AUTO_NAME_KEY: auto if isinstance(auto, str) and auto else bool(auto),
            DECLARED_EXPIRY_KEY: declared or expire_at,
        }
        return {k: v for k, v in outs.items() if v is not None}


# One boundary for every engine call: an OAuthError reaches the CLI as one sentence naming the
# Token, the operation, the cause and the fix (see _provider_errors).
for _operation in ("check", "diff", "create", "read", "update", "delete"):
    setattr(TokenProvider, _operation, reported(_operation)(getattr(TokenProvider, _operation)))
del _operation
