"""The stack tags a rule sees (``args.stack_tags``), completed the way the Pulumi CLI tags stacks.

pulumi-policy 1.21 hands a rule only the ``tags`` of the engine's ``ConfigureStack`` request and
drops its ``project`` and ``config``. On a DIY backend (``file://``, ``s3://``, ``postgres://``...)
CLI 3.274 fills ``tags`` from the tags stored with ``pulumi stack tag set`` alone
(``diyBackend.getTarget``), so ``pulumi:project`` and the tags of the ``pulumi:tags`` stack
config (``pulumi config set --path pulumi:tags.env production``) never reach the pack, although
the CLI itself counts both as stack tags (``backend.GetEnvironmentTagsForCurrentStack``).

:func:`merged_stack_tags` computes what the CLI would: the stored tags, then ``pulumi:project``,
then the ``pulumi:tags`` config, later ones winning. :func:`install` makes the pack's server
pass those to every rule.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = ["PULUMI_TAGS_KEY", "install", "merged_stack_tags"]

#: The stack config key whose object of strings the CLI adds to a stack's tags.
PULUMI_TAGS_KEY = "pulumi:tags"


def merged_stack_tags(tags: Mapping[str, str], project: str, config: Mapping[str, str]) -> dict[str, str]:
    """The stack's tags as the CLI merges them: stored tags < ``pulumi:project`` < ``pulumi:tags`` config.

    ``config`` is the engine's decrypted stack config, where an object value is JSON text
    (``{"env": "production"}``). Non-string tag values are left out, as the CLI rejects them.
    """
    merged = dict(tags)
    if project:
        merged["pulumi:project"] = project
    raw = config.get(PULUMI_TAGS_KEY)
    if raw:
        try:
            value = json.loads(raw)
        except ValueError:
            value = None
        if isinstance(value, dict):
            merged.update({str(k): v for k, v in value.items() if isinstance(v, str)})
    return merged


def install() -> None:
    """Make pulumi-policy's analyzer server hand the merged tags to the rules (idempotent)."""
    from pulumi_policy import policy as _policy

    servicer: Any = _policy._PolicyAnalyzerServicer
    original = servicer.ConfigureStack
    if getattr(original, "merges_stack_tags", False):
        return

    def configure_stack(self: Any, request: Any, context: Any) -> Any:
        merged = merged_stack_tags(dict(request.tags), request.project, dict(request.config))
        completed = type(request)()
        completed.CopyFrom(request)
        completed.tags.clear()
        completed.tags.update(merged)
        return original(self, completed, context)

    configure_stack.merges_stack_tags = True  # type: ignore[attr-defined]
    servicer.ConfigureStack = configure_stack
