"""The core's and the lookups' sentences in the schema's names.

Their messages name what they check the Python way (``renew_before``, ``limits.wallet_amount``,
``get_wallet_transactions``); a YAML, TypeScript or Go program has only the schema's camelCase
names (``renewBefore``, ``limits.walletAmount``, ``getWalletTransactions``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic.alias_generators import to_snake

__all__ = ["Spoken"]


class Spoken:
    """Rewrites the snake_case form of each of ``names`` (schema names) to the name itself."""

    def __init__(self, names: Iterable[str]) -> None:
        self._camel = {to_snake(n): n for n in names if to_snake(n) != n}
        words = sorted(map(re.escape, self._camel), key=len, reverse=True)
        self._pattern = re.compile(r"\b(" + "|".join(words) + r")\b") if words else None

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._camel[m.group(0)], text)
