"""The Token's names as a program in another language writes them.

The core, the lookups and the policy rules name what they check the Python way
(``renew_before``, ``limits.wallet_amount``, ``get_wallet_transactions``). A YAML, TypeScript or
Go program of the native provider has only the schema's camelCase names (``renewBefore``,
``limits.walletAmount``, ``getWalletTransactions``), so the native provider and the policy pack
rewrite their sentences for it; the policy rules and the drift report read a native Token's
properties under the dynamic Token's names. Imports nothing but the import-free constants: the
policy layer shares this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pulumi_openapi_oauth._constants import LIMIT_KEYS, TOKEN_INPUT_KEYS

__all__ = ["TOKEN_NAMES", "Spoken", "camel", "dynamic_names", "snake"]


def camel(name: str) -> str:
    """``wallet_amount`` -> ``walletAmount``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snake(name: str) -> str:
    """``walletAmount`` -> ``wallet_amount`` (the schema's names have no digits or acronyms)."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def dynamic_names(values: Mapping[str, Any]) -> dict[str, Any]:
    """The native Token's properties (``expireAt``, ``limits.walletAmount``) under the dynamic
    Token's names, which the policy rules and the drift report read; the keys of
    ``rotationTriggers`` are the user's and stay as written."""
    out = {snake(k): v for k, v in values.items()}
    limits = out.get("limits")
    if isinstance(limits, Mapping):
        out["limits"] = {snake(k): v for k, v in limits.items()}
    return out


#: A quoted string as ``repr`` or JSON writes one: the messages quote every value the user wrote
#: (a token's name, a scope) this way, and those are never renamed. An apostrophe after a letter
#: (``the service's``) opens nothing.
_QUOTED = r"(?<!\w)'(?:[^'\\\n]|\\.)*'" + r'|(?<!\w)"(?:[^"\\\n]|\\.)*"'


class Spoken:
    """Rewrites the snake_case form of each of ``names`` (camelCase) to the name itself, outside
    quoted values."""

    def __init__(self, names: Iterable[str]) -> None:
        self._camel = {snake(n): n for n in names if snake(n) != n}
        words = sorted(map(re.escape, self._camel), key=len, reverse=True)
        self._pattern = re.compile(rf"{_QUOTED}|\b({'|'.join(words)})\b") if words else None

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._camel[m[1]] if m[1] else m[0], text)


#: The Token's names in the native provider's spelling (``renewBefore``, ``limits.walletAmount``,
#: ``expireAt``): its check failures and the policy rules' messages use it.
TOKEN_NAMES = Spoken([camel(n) for n in (*TOKEN_INPUT_KEYS, *LIMIT_KEYS, "expire_at")])
