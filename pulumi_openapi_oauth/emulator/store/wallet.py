"""The wallet: credit and its transactions (GET /wallet, GET /wallet/transactions)."""

from __future__ import annotations

import math
import secrets
import sqlite3

from ..._models import Wallet, WalletTransaction
from .. import errors
from .base import StoreBase, wire_number

__all__ = ["WalletMixin", "add_transaction"]


def add_transaction(conn: sqlite3.Connection, account: str, amount: float, description: str, when: str) -> None:
    """Move the credit by ``amount`` and write it as a transaction, inside the caller's transaction.

    A plain function over the connection, so usage (which spends credit) needs no wallet mixin.
    """
    conn.execute(
        "UPDATE wallets SET credit = credit + ?, updated_at = ? WHERE account = ?",
        (amount, when, account),
    )
    conn.execute(
        "INSERT INTO transactions (id, account, amount, created_at, description) VALUES (?,?,?,?,?)",
        ("txn_" + secrets.token_hex(12), account, amount, when, description),
    )


class WalletMixin(StoreBase):
    def get_wallet(self, account: str) -> Wallet:
        row = self._row("SELECT * FROM wallets WHERE account = ?", (account,))
        if row is None:
            now = self.now()
            return Wallet(credit=0, created_at=now, updated_at=now)
        return Wallet(
            credit=wire_number(float(row["credit"])),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def set_wallet(
        self,
        account: str,
        *,
        credit: float,
        description: str | None = "Wallet recharge",
        created_at: str | None = None,
        at: str | None = None,
    ) -> Wallet:
        """Set the credit; the difference is written as a transaction unless description is None."""
        self._require_account(account)
        if not math.isfinite(credit):
            raise errors.BadRequest("credit must be a finite number")
        now = at or self.now()
        with self._tx() as conn:
            row = conn.execute("SELECT credit FROM wallets WHERE account = ?", (account,)).fetchone()
            delta = credit - float(row["credit"])
            if description is not None and abs(delta) > 1e-9:
                add_transaction(conn, account, delta, description, now)
            conn.execute(
                "UPDATE wallets SET credit = ?, updated_at = ? WHERE account = ?",
                (credit, now, account),
            )
            if created_at is not None:
                conn.execute("UPDATE wallets SET created_at = ? WHERE account = ?", (created_at, account))
        return self.get_wallet(account)

    def list_wallet_transactions(self, account: str, *, skip: int, limit: int) -> list[WalletTransaction]:
        rows = self._rows(
            "SELECT * FROM transactions WHERE account = ? ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?",
            (account, limit, skip),
        )
        return [
            WalletTransaction(
                id=r["id"],
                amount=wire_number(float(r["amount"])),
                created_at=r["created_at"],
                description=r["description"],
            )
            for r in rows
        ]
