"""The Token resource: an Openapi OAuth token, declared in a Pulumi stack.

- :mod:`.resource`: the ``Token`` dynamic resource class and ``TokenLimitsArgs``.
- :mod:`.inputs`: the inputs' schema (pydantic models), validation and normalisation.
- :mod:`.diff`: the rules of change: auto name, declared expiry, what differs.
- :mod:`.catalogue`: the account's scope catalogue, as ``check`` judges scopes.
- :mod:`.core`: the CRUD on plain values, shared by the dynamic and the native front end.

``Token`` and ``TokenLimitsArgs`` load on first access, so importing a submodule (the
inputs schema, say) does not load ``pulumi.dynamic``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pulumi_openapi_oauth.token.resource import Token, TokenLimitsArgs

__all__ = ["Token", "TokenLimitsArgs"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("pulumi_openapi_oauth.token.resource"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
