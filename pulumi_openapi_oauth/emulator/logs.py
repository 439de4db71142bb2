"""Keeping token values out of the emulator's logs.

The service addresses a token by its value (``/tokens/{token}``), so an access-log line or an
error message quoting a path would leak it. Every log record of uvicorn and of the emulator
passes :class:`RedactTokens`, which replaces such a value by ``oatfp-`` and 32 hex digits of its
SHA-256 (the form the provider uses for resource ids, so a line can be matched with a state id).
This is the emulator's own code: it shares nothing with the provider but the wire models.
"""

from __future__ import annotations

import hashlib
import logging
import re
import traceback

__all__ = ["LOGGERS", "RedactTokens", "install", "redact"]

#: The loggers whose records can quote a request path.
LOGGERS = ("uvicorn.access", "uvicorn.error", "pulumi_openapi_oauth.emulator")

_TOKEN_PATH = re.compile(r"(/tokens/)([^/?#\s\"']+)")
_TOKEN_QUERY = re.compile(r"([?&](?:token|refresh_?token)=)([^&#\s\"']+)", re.IGNORECASE)


def _hide(value: str) -> str:
    return "oatfp-" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def redact(text: str) -> str:
    """``text`` with every ``/tokens/<value>`` and ``token=<value>`` query value hashed."""
    text = _TOKEN_PATH.sub(lambda m: m.group(1) + _hide(m.group(2)), text)
    return _TOKEN_QUERY.sub(lambda m: m.group(1) + _hide(m.group(2)), text)


class RedactTokens(logging.Filter):
    """Rewrites a record's message, arguments and traceback text before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        # The formatted message, not the template: a value can come from any argument, and
        # rewriting a template could break its placeholders.
        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info and record.exc_info[0] is not None:
            # Formatted here, so the handler's formatter reuses the redacted text.
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        return True


def install(*, access_log: bool) -> None:
    """Redact every logger of :data:`LOGGERS`; with ``access_log`` the access lines are logged
    whatever ``--log-level`` says (they are INFO records, and the default level is warning)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
    if access_log:
        logging.getLogger("uvicorn.access").setLevel(logging.INFO)
