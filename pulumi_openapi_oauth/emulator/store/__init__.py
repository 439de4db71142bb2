"""SQLite state of the emulator: the moto-style backend, one mixin per family.

Methods are named after the API operations (``create_token``, ``list_errors``, ...), take
plain Python values, return wire models from :mod:`pulumi_openapi_oauth._models` and raise
:mod:`..errors` classes. There is no HTTP here.

Layout, as moto's ``ec2/models/``: :mod:`.base` holds the connection, the schema and the
shared helpers (:class:`~.base.StoreBase`); each family is a mixin over it in its own
module; :class:`Store` composes them. :mod:`.scopes` is the emulator's own scope parser.
"""

from __future__ import annotations

from .accounts import AccountsMixin
from .base import MAX_LIMIT, derived_id
from .callbacks import CallbacksMixin
from .catalogue import CatalogueMixin
from .error_log import ErrorLogMixin
from .scopes import ScopePattern, parse_scope, scope_id
from .stats import StatsMixin, check_date
from .subscriptions import SubscriptionsMixin
from .tokens import DEFAULT_TTL, MAX_TTL, TOKEN_PATTERN, TokenChanges, TokensMixin, new_token_value
from .usage import RecordedUsage, UsageMixin
from .wallet import WalletMixin

__all__ = [
    "DEFAULT_TTL",
    "MAX_LIMIT",
    "MAX_TTL",
    "TOKEN_PATTERN",
    "RecordedUsage",
    "ScopePattern",
    "Store",
    "TokenChanges",
    "check_date",
    "derived_id",
    "new_token_value",
    "parse_scope",
    "scope_id",
]


class Store(
    AccountsMixin,
    TokensMixin,
    CatalogueMixin,
    UsageMixin,
    ErrorLogMixin,
    WalletMixin,
    SubscriptionsMixin,
    CallbacksMixin,
    StatsMixin,
):
    """The emulator's whole state, in one SQLite database (``Store(":memory:")`` for tests)."""
