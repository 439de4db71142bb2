"""The dynamic provider behind :class:`pulumi_openapi_oauth.Token`: a thin adapter.

Each engine call unwraps the host's secret wrappers, runs the matching coroutine of
:class:`~pulumi_openapi_oauth.token.core.TokenCore` on the process's I/O loop (:mod:`.._loop`,
which serves :class:`~pulumi_openapi_oauth.client.OAuthClient` the same way) and translates
its plain answer into the SDK's result classes. :func:`~pulumi_openapi_oauth._provider_errors.reported`
is the one error boundary around every call.

Pulumi pickles the provider into state with dill, by reference. Every existing stack's state
names ``pulumi_openapi_oauth._token_provider.TokenProvider``, so the class keeps that module
path (the module re-exports it) and new pickles stay byte-identical to old ones: an existing
stack sees no change of its ``__provider`` input. The pickled instance holds nothing:
credentials arrive in :meth:`TokenProvider.configure` (stack config, then the environment),
and the client, the core and its scope catalogue are built lazily, once per provider
process, and left out of the pickle (``__getstate__``).

A program imports this module for the class alone and never calls its methods, so the core,
the client (httpx) and the wire models (pydantic) load on the first engine call, in the
provider host: ``import pulumi_openapi_oauth as oauth; oauth.Token`` stays close to
``import pulumi`` (bench/run.py measures both).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

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

from pulumi_openapi_oauth import _loop
from pulumi_openapi_oauth._config import CONFIG_KEYS, resolve_settings
from pulumi_openapi_oauth._config import NAMESPACE as _NS
from pulumi_openapi_oauth._provider_errors import reported

if TYPE_CHECKING:
    import httpx

    from pulumi_openapi_oauth.client import AsyncOAuthClient, OAuthClient
    from pulumi_openapi_oauth.token.catalogue import Catalogue
    from pulumi_openapi_oauth.token.core import TokenCore

__all__ = ["PICKLED_MODULE", "TokenProvider"]

#: The module every pickled provider in state names (see the module docstring).
PICKLED_MODULE = "pulumi_openapi_oauth._token_provider"


def _plain(value: Any) -> Any:
    """Unwrap the host's secret wrappers at any depth (the core sees plain values)."""
    if isinstance(value, Mapping):
        if value.get(_special_sig_key) == _special_secret_sig:
            return _plain(value.get("value"))
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class TokenProvider(ResourceProvider):
    """CRUD of one Openapi OAuth token, as the dynamic provider host calls it. Holds no state
    when pickled."""

    def __init__(self, *, transport: httpx.BaseTransport | None = None) -> None:
        super().__init__()
        self._init_runtime(transport)

    def _init_runtime(self, transport: httpx.BaseTransport | None = None) -> None:
        self._transport = transport
        self._lock = threading.Lock()
        self._config: dict[str, str] = {}
        self._client: OAuthClient | None = None
        self._core_instance: TokenCore | None = None

    @property
    def _core(self) -> TokenCore:
        """The core, imported and built on the first engine call (see the module docstring)."""
        with self._lock:
            if self._core_instance is None:
                from pulumi_openapi_oauth.token.core import TokenCore

                self._core_instance = TokenCore(self._connect)
            return self._core_instance

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
            old, self._client = self._client, None
            core = self._core_instance
        # Outside the lock: the core's loop thread takes it to connect (see _connect).
        if core is not None:
            core.reset()
        if old is not None:
            old.close()

    def client(self) -> OAuthClient:
        """The process's one client, built on first use; raises ConfigError without credentials."""
        with self._lock:
            if self._client is None:
                from pulumi_openapi_oauth.client import OAuthClient

                self._client = OAuthClient(**resolve_settings(self._config).client_args(), transport=self._transport)
            return self._client

    def _connect(self) -> AsyncOAuthClient:
        return self.client().async_client

    def catalogue(self) -> Catalogue:
        """GET /scopes once per process (concurrent checks wait for the one fetch)."""
        return _loop.run(self._core.catalogue())

    def now(self) -> float:
        """The service's clock when a response has shown it, else local time."""
        return self._core.now()

    # -- engine calls -----------------------------------------------------------------------

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        checked = _loop.run(self._core.check(_plain(olds), _plain(news)))
        return CheckResult(checked.inputs, [CheckFailure(f.property, f.reason) for f in checked.failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        found = self._core.diff(_plain(olds), _plain(news))
        return DiffResult(changes=found.changes, replaces=found.replaces, delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        created = _loop.run(self._core.create(_plain(props)))
        return CreateResult(created.id, created.outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        found = _loop.run(self._core.read(id_, _plain(props)))
        return ReadResult(found.id, found.outs, inputs=found.inputs)

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(_loop.run(self._core.update(_plain(olds), _plain(news))))

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        _loop.run(self._core.delete(_id, _plain(props)))


# Pickles name the module existing state names (see the module docstring); it re-exports this class.
TokenProvider.__module__ = PICKLED_MODULE

# One boundary for every engine call: an OAuthError reaches the CLI as one sentence naming the
# Token, the operation, the cause and the fix (see _provider_errors).
for _operation in ("check", "diff", "create", "read", "update", "delete"):
    setattr(TokenProvider, _operation, reported(_operation)(getattr(TokenProvider, _operation)))
del _operation
