"""Policy as code for Openapi OAuth tokens, on ``pulumi-policy``.

One module per rule; each exports one ``ResourceValidationPolicy`` or
``StackValidationPolicy`` that only looks at resources of type
:data:`pulumi_openapi_oauth._constants.TOKEN_TYPE` (the dynamic Token) and ``NATIVE_TOKEN_TYPE``
(the native provider's, whose camelCase properties they read by the same names). :data:`ALL_POLICIES` lists them all and
:func:`pulumi_openapi_oauth.policy.pack.run_pack` serves them as a pack. Importing this
package starts nothing: build your own pack with ``PolicyPack(policies=[...])`` in a
``__main__.py``, or unit-test a rule with ``ResourceValidationArgs`` built directly.

One thing importing it does: a pack that serves these rules hands them the stack's tags as the
CLI counts them, ``pulumi:tags`` stack config and ``pulumi:project`` included, which
pulumi-policy alone drops on DIY backends (see :mod:`._stack_tags`).
"""

from ._stack_tags import install as _complete_stack_tags
from .allowed_domains import ALLOWED_DOMAINS
from .forbidden_scopes import FORBIDDEN_SCOPES
from .max_ttl import MAX_TTL
from .no_duplicate_scope_sets import NO_DUPLICATE_SCOPE_SETS
from .no_duplicate_scopes import NO_DUPLICATE_SCOPES
from .no_wildcard_scopes import NO_WILDCARD_SCOPES
from .pack import ALL_POLICIES
from .require_ip_allowlist import REQUIRE_IP_ALLOWLIST
from .require_limits import REQUIRE_LIMITS
from .require_renewal import REQUIRE_RENEWAL
from .stack_wallet_budget import STACK_WALLET_BUDGET

__all__ = [
    "ALLOWED_DOMAINS",
    "ALL_POLICIES",
    "FORBIDDEN_SCOPES",
    "MAX_TTL",
    "NO_DUPLICATE_SCOPES",
    "NO_DUPLICATE_SCOPE_SETS",
    "NO_WILDCARD_SCOPES",
    "REQUIRE_IP_ALLOWLIST",
    "REQUIRE_LIMITS",
    "REQUIRE_RENEWAL",
    "STACK_WALLET_BUDGET",
]

_complete_stack_tags()
