"""The lookups' modules import each other without a cycle, and ``errors`` means exceptions."""

from __future__ import annotations

import ast
from pathlib import Path

import pulumi_openapi_oauth.lookups as lookups

PACKAGE = Path(lookups.__file__).parent
PREFIX = "pulumi_openapi_oauth.lookups."


def _imports(path: Path) -> set[str]:
    """The sibling modules ``path`` imports anywhere, function bodies included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(PREFIX):
                found.add(node.module.removeprefix(PREFIX))
            elif node.module == PREFIX.rstrip("."):
                found.update(a.name for a in node.names)
    return found


def test_the_lookup_modules_form_no_import_cycle() -> None:
    graph = {p.stem: _imports(p) for p in PACKAGE.glob("*.py") if p.stem != "__init__"}

    def reach(start: str, seen: frozenset[str]) -> None:
        for nxt in graph.get(start, ()):
            assert nxt not in seen, f"import cycle: {' -> '.join([*seen, nxt])}"
            reach(nxt, seen | {nxt})

    for module in graph:
        reach(module, frozenset({module}))


def test_no_lookup_module_is_named_errors() -> None:
    assert not (PACKAGE / "errors.py").exists()
    from pulumi_openapi_oauth.lookups import error_log

    assert lookups.get_errors is error_log.get_errors
