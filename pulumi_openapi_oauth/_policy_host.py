"""Stop a stack program that an old Python language host started in place of a policy pack.

The Python language host of Pulumi < v3.80 (the one ``scripts/pulumi-cli`` builds when no CLI is
installed) starts a policy pack *directory* with ``python <program> <engine address>``, reading
``<program>`` from a request field that current CLIs leave empty. Python then runs ``''``, the
current directory, which is the *stack's* project: the stack program runs outside the engine,
fails in its own way (``missing Openapi OAuth credentials`` for a lookup at top level) and the
CLI adds ``could not read plugin [...]: EOF``. Importing this package in such a process exits
at once with one message saying what to pass instead.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

__all__ = ["MESSAGE", "exit_if_started_as_policy_pack", "started_as_policy_pack"]

MESSAGE = (
    "pulumi-openapi-oauth: the Python language host ran this stack program ({program}) where the "
    "Pulumi CLI asked it to start a policy pack: language hosts older than Pulumi v3.80 cannot start a "
    "policy pack given as a directory with this CLI. Pass the pack's executable instead, e.g. "
    "--policy-pack examples/policy-pack/openapi-oauth-policy-pack, or use the Python language host "
    "that ships with your Pulumi CLI (pulumi-language-python next to pulumi)."
)
_ADDRESS = re.compile(r"[\w.\-\[\]]+:\d+")


def started_as_policy_pack() -> Path | None:
    """The stack program's ``__main__.py`` when this process is that mis-start, else ``None``.

    The mark is exact: ``sys.argv == ['', '<host>:<port>']`` (``python '' <engine address>``)
    running a ``__main__.py`` that sits beside a ``Pulumi.yaml``.
    """
    argv = sys.argv
    if len(argv) != 2 or argv[0] != "" or not _ADDRESS.fullmatch(argv[1]):
        return None
    program = getattr(sys.modules.get("__main__"), "__file__", None)
    if not program:
        return None
    path = Path(program)
    return path if path.name == "__main__.py" and (path.parent / "Pulumi.yaml").is_file() else None


def exit_if_started_as_policy_pack() -> None:
    """Exit with :data:`MESSAGE` (status 1, no traceback) in a mis-started policy pack."""
    program = started_as_policy_pack()
    if program is not None:
        raise SystemExit(MESSAGE.format(program=program))
