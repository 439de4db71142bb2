"""The Token's names as a program in another language writes them.

The core, the lookups and the policy rules name what they check the Python way
(``renew_before``, ``limits.wallet_amount``, ``get_wallet_transactions``). A YAML, TypeScript or
Go program of the native provider has only the schema's camelCase names (``renewBefore``,
``limits.walletAmount``, ``getWalletTransactions``), so the native provider and the policy pack
rewrite their sentences for it. No imports: the policy layer shares this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["Spoken", "camel", "snake"]


def camel(name: str) -> str:
    """``wallet_amount`` -> ``walletAmount``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snake(name: str) -> str:
    """``walletAmount`` -> ``wallet_amount`` (the schema's names have no digits or acronyms)."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


class Spoken:
    """Rewrites the snake_case form of each of ``names`` (camelCase) to the name itself."""

    def __init__(self, names: Iterable[str]) -> None:
        self._camel = {snake(n): n for n in names if snake(n) != n}
        words = sorted(map(re.escape, self._camel), key=len, reverse=True)
        self._pattern = re.compile(r"\b(" + "|".join(words) + r")\b") if words else None

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._camel[m.group(0)], text)
