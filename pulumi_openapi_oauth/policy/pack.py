"""The ready policy pack: every rule of :mod:`pulumi_openapi_oauth.policy`, at its default level.

:func:`run_pack` starts the pack's gRPC server and blocks, so only a pack's ``__main__.py``
calls it (see ``examples/policy-pack``). Importing this module has no side effects.
"""

from __future__ import annotations

import io
import sys

from pulumi_policy import EnforcementLevel, Policy, PolicyPack

from .allowed_domains import ALLOWED_DOMAINS
from .forbidden_scopes import FORBIDDEN_SCOPES
from .max_ttl import MAX_TTL
from .no_duplicate_scope_sets import NO_DUPLICATE_SCOPE_SETS
from .no_duplicate_scopes import NO_DUPLICATE_SCOPES
from .no_wildcard_scopes import NO_WILDCARD_SCOPES
from .require_ip_allowlist import REQUIRE_IP_ALLOWLIST
from .require_limits import REQUIRE_LIMITS
from .require_renewal import REQUIRE_RENEWAL
from .stack_wallet_budget import STACK_WALLET_BUDGET

__all__ = ["ALL_POLICIES", "DEFAULT_PACK_NAME", "run_pack"]

DEFAULT_PACK_NAME = "openapi-oauth-tokens"

#: Every rule, resource rules first, in the order the docs list them.
ALL_POLICIES: list[Policy] = [
    ALLOWED_DOMAINS,
    NO_WILDCARD_SCOPES,
    FORBIDDEN_SCOPES,
    MAX_TTL,
    REQUIRE_LIMITS,
    REQUIRE_IP_ALLOWLIST,
    REQUIRE_RENEWAL,
    NO_DUPLICATE_SCOPES,
    STACK_WALLET_BUDGET,
    NO_DUPLICATE_SCOPE_SETS,
]


def run_pack(name: str = DEFAULT_PACK_NAME) -> None:
    """Serve :data:`ALL_POLICIES` as policy pack ``name`` to the Pulumi engine; blocks."""
    _unbuffer_stdout()
    PolicyPack(
        name=name,
        policies=list(ALL_POLICIES),
        enforcement_level=EnforcementLevel.MANDATORY,
        description="Rules for Openapi OAuth tokens: scopes, lifetimes, limits and renewal.",
        display_name="Openapi OAuth tokens",
        tags=["openapi-oauth", "tokens", "security"],
    )


def _unbuffer_stdout() -> None:
    """Make the port that ``PolicyPack`` writes reach the engine at once.

    pulumi-policy writes the port with ``sys.stdout.buffer.write`` and never flushes; the
    engine waits for that line. When nothing sets ``PYTHONUNBUFFERED`` (the pack started as
    an executable, or by a language host that does not set it) the line would sit in the
    pipe's buffer forever. This is what ``python -u`` does to ``sys.stdout``.
    """
    if isinstance(sys.stdout.buffer, io.RawIOBase):
        return
    sys.stdout.flush()
    raw = io.FileIO(sys.stdout.fileno(), "w", closefd=False)
    sys.stdout = io.TextIOWrapper(raw, encoding=sys.stdout.encoding, write_through=True)
