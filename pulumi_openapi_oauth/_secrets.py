"""Keeping token values out of ids, URLs, messages and logs.

The service addresses a token by its value, so anything derived from a request URL can leak
it. Everything that leaves the client (exception text, log records, resource ids) goes
through :func:`fingerprint` or :func:`redact_path` first.
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["FINGERPRINT_PREFIX", "fingerprint", "redact_path", "redact_token_paths"]

#: Prefix of every token fingerprint, so an id is recognisable in state and logs.
FINGERPRINT_PREFIX = "oatfp-"

_TOKEN_PATH = re.compile(r"(/tokens/)([^/?#\s\"']+)")


def fingerprint(value: str) -> str:
    """A stable, non-reversible id for a token value: prefix plus 128 bits of SHA-256."""
    return FINGERPRINT_PREFIX + hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]


def redact_token_paths(text: str) -> str:
    """Every ``/tokens/<value>`` in ``text`` (a path, a URL, a log line) becomes
    ``/tokens/<fingerprint>``."""
    return _TOKEN_PATH.sub(lambda m: m.group(1) + fingerprint(m.group(2)), text)


def redact_path(path: str) -> str:
    """A request path fit for messages: token values fingerprinted, the query string dropped."""
    return redact_token_paths(path.split("?", 1)[0])
