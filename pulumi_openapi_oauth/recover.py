"""``openapi-oauth-recover``: clean up after a ``pulumi up`` that was killed or failed mid-create.

A killed ``pulumi up`` leaves the stack locked and, for every create in flight, a pending
``creating`` operation in state. Some of those tokens were made on the service, some not, and
CLI 3.274 neither reads them back nor clears them non-interactively, so the next ``pulumi up``
would make them again beside the orphans. A create that failed because the service answered
too late (or not at all, and no token had appeared yet) leaves no trace in state, but its
request may still take effect later. Both kinds are found by name: the pending operation keeps
the token's inputs, and ``pulumi preview`` shows the name each missing token would be created
with (the auto name is a hash of the URN and rotation triggers, the same in every run). This
command:

0. on a ``file://`` backend, removes what a killed write leaves behind: an empty ``.attrs``
   sidecar (the CLI then fails with ``failed to load checkpoint: EOF``) and ``.tmp`` files;
1. releases the lock (``pulumi cancel``);
2. deletes every live token whose name and scope set match a pending create or a create
   ``pulumi preview`` plans, and whose fingerprint is not a resource id in state (so nothing
   the stack manages is touched);
3. clears the pending creates (``pulumi refresh --clear-pending-creates``).

The next ``pulumi up`` then creates exactly what is missing. Deleting rather than adopting the
orphans costs one POST per interrupted create and needs no guess about which token is whose.
Exit status: 0 done, 2 failed (nothing is deleted when the stack cannot be read).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from pulumi_openapi_oauth._cli import PulumiCommandError, pulumi, pulumi_json
from pulumi_openapi_oauth._config import ConfigError, resolve_settings
from pulumi_openapi_oauth._constants import TOKEN_TYPES
from pulumi_openapi_oauth._secrets import fingerprint
from pulumi_openapi_oauth.client import OAuthClient
from pulumi_openapi_oauth.errors import NotFoundError, OAuthError

__all__ = ["interrupted_creates", "main", "orphans", "planned_creates", "repair_file_backend"]


def repair_file_backend(url: str) -> list[str]:
    """Remove the debris of a killed checkpoint write from a ``file://`` backend.

    The file backend (gocloud's fileblob) writes each checkpoint to a ``.tmp`` file and
    renames it, but writes the ``.attrs`` sidecar in place: a kill can leave it empty, and
    every later command fails with ``failed to load checkpoint: EOF``. A missing sidecar is
    read as "no attributes", so removing an empty one (and stray ``.tmp`` files) is safe.
    The checkpoint itself is either the old or the new one, both complete.
    """
    if not url.startswith("file://"):
        return []
    stacks = Path(unquote(urlparse(url).path)) / ".pulumi" / "stacks"
    removed = []
    for debris in sorted(stacks.rglob("*")) if stacks.is_dir() else []:
        empty_attrs = debris.suffix == ".attrs" and debris.stat().st_size == 0
        if debris.is_file() and (empty_attrs or debris.suffix == ".tmp"):
            debris.unlink()
            removed.append(str(debris.relative_to(stacks)))
    return removed


def interrupted_creates(deployment: Mapping[str, Any]) -> list[tuple[str, frozenset[str]]]:
    """(name, scope set) of every Token whose create was pending when the run stopped."""
    found = []
    for op in deployment.get("pending_operations") or []:
        resource = op.get("resource") or {}
        inputs = resource.get("inputs") or {}
        if op.get("type") == "creating" and resource.get("type") in TOKEN_TYPES and isinstance(inputs.get("name"), str):
            found.append((inputs["name"], frozenset(s for s in inputs.get("scopes") or [] if isinstance(s, str))))
    return found


def planned_creates(preview: Mapping[str, Any]) -> list[tuple[str, frozenset[str]]]:
    """(name, scope set) of every Token that ``pulumi preview --json`` would create."""
    found = []
    for step in preview.get("steps") or []:
        if not isinstance(step, Mapping) or step.get("op") not in ("create", "create-replacement"):
            continue
        new = step.get("newState") or {}
        inputs = new.get("inputs") or {}
        if new.get("type") in TOKEN_TYPES and isinstance(inputs.get("name"), str):
            found.append((inputs["name"], frozenset(s for s in inputs.get("scopes") or [] if isinstance(s, str))))
    return found


def orphans(
    deployment: Mapping[str, Any], client: OAuthClient, planned: Sequence[tuple[str, frozenset[str]]] = ()
) -> list[tuple[str, str]]:
    """(name, token value) of live tokens made by interrupted or failed creates and not in state."""
    pending = set(interrupted_creates(deployment)) | set(planned)
    managed = {r.get("id") for r in deployment.get("resources") or [] if r.get("type") in TOKEN_TYPES}
    return [
        (t.name, t.token)
        for t in client.iter_tokens()
        if t.name is not None
        and t.token
        and (t.name, frozenset(t.scopes or ())) in pending
        and fingerprint(t.token) not in managed
    ]


def _stack_config(stack: str | None, cwd: str | None) -> dict[str, str]:
    raw = pulumi_json(["config", "--json", "--show-secrets"], stack, cwd)
    return {k: str(v.get("value")) for k, v in raw.items() if isinstance(v, dict) and v.get("value") is not None}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="openapi-oauth-recover", description=__doc__.splitlines()[0])
    parser.add_argument("--stack", help="the stack (default: the selected stack)")
    parser.add_argument("--cwd", help="the Pulumi project directory (default: the current one)")
    args = parser.parse_args(argv)
    try:
        backend = pulumi_json(["whoami", "--json"], None, args.cwd).get("url")
        for name in repair_file_backend(str(backend or "")):
            print(f"removed {name}, left by an interrupted checkpoint write")
        if pulumi(["cancel", "--yes"], args.stack, args.cwd).returncode == 0:
            print("released any stack lock (pulumi cancel)")
        deployment = pulumi_json(["stack", "export"], args.stack, args.cwd).get("deployment") or {}
        pending = interrupted_creates(deployment)
        planned = planned_creates(pulumi_json(["preview", "--json", "--color", "never"], args.stack, args.cwd))
        if not pending and not planned:
            print("no interrupted token creates and no token to create: nothing to recover")
            return 0
        settings = resolve_settings(_stack_config(args.stack, args.cwd))
        with OAuthClient(base_url=settings.base_url, email=settings.email, api_key=settings.api_key) as client:
            found = orphans(deployment, client, planned)
            for name, value in found:
                with contextlib.suppress(NotFoundError):  # gone meanwhile: as good as deleted
                    client.delete_token(value)
                print(f"deleted orphan token {name!r} ({fingerprint(value)})")
        if pending:
            cleared = pulumi(["refresh", "--yes", "--clear-pending-creates", "--color", "never"], args.stack, args.cwd)
            if cleared.returncode != 0:
                raise PulumiCommandError(f"`pulumi refresh --clear-pending-creates` failed: {cleared.stderr.strip()}")
    except (PulumiCommandError, ConfigError, OAuthError) as exc:
        print(f"openapi-oauth-recover: {exc}", file=sys.stderr)
        return 2
    if pending:
        print(f"cleared {len(pending)} interrupted create(s)")
    print(f"deleted {len(found)} orphan token(s); run `pulumi up` to create what is missing")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
