"""Accounts: Basic-auth credentials, each with a wallet created alongside."""

from __future__ import annotations

import hmac

from .. import errors
from .base import StoreBase

__all__ = ["AccountsMixin"]


class AccountsMixin(StoreBase):
    def add_account(self, email: str, api_key: str) -> None:
        """Create the account (with an empty wallet), or update its API key."""
        now = self.now()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO accounts (email, api_key, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (email) DO UPDATE SET api_key = excluded.api_key",
                (email, api_key, now),
            )
            conn.execute(
                "INSERT OR IGNORE INTO wallets (account, credit, created_at, updated_at) VALUES (?, 0, ?, ?)",
                (email, now, now),
            )

    def authenticate(self, email: str, api_key: str) -> str:
        """The account for Basic credentials; raises :class:`errors.Unauthorized`."""
        row = self._row("SELECT api_key FROM accounts WHERE email = ?", (email,))
        if row is None or not hmac.compare_digest(str(row["api_key"]).encode(), api_key.encode()):
            raise errors.Unauthorized()
        return email

    def accounts(self) -> list[str]:
        return [str(r["email"]) for r in self._rows("SELECT email FROM accounts ORDER BY email")]
