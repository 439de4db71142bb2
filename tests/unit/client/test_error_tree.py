"""errors.py holds every exception class the package raises on purpose, and its docstring
draws them as one tree under OAuthError."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pulumi_openapi_oauth as oauth
from pulumi_openapi_oauth import _cli, _config, drift, errors, lookups

PACKAGE = Path(errors.__file__).parent
#: Exception classes outside errors.py: the emulator's (the service's side, never the client's),
#: the schema generator's (a development tool) and the scope parser's (always translated).
OUTSIDE = {"emulator/errors.py", "native/schema.py", "_scopes.py"}


def _classes() -> dict[str, type[BaseException]]:
    return {n: c for n in errors.__all__ if inspect.isclass(c := getattr(errors, n)) and issubclass(c, BaseException)}


def test_every_class_is_an_oauth_error_and_drawn_in_the_tree() -> None:
    tree = errors.__doc__ or ""
    for name, cls in _classes().items():
        assert issubclass(cls, errors.OAuthError), name
        assert re.search(rf"(── |^    ){name}\b", tree, re.M), f"{name} is not drawn in errors.py"
        parent = cls.__mro__[1].__name__
        if name != "OAuthError":
            assert tree.index(parent) < tree.index(name), f"{name} is drawn before its base {parent}"


def test_value_and_runtime_errors_keep_their_builtin_base() -> None:
    assert issubclass(errors.ConfigError, ValueError)
    assert issubclass(errors.PulumiCommandError, RuntimeError)


def test_the_other_modules_name_the_same_classes() -> None:
    assert _config.ConfigError is errors.ConfigError is oauth.ConfigError
    assert lookups.LookupError is errors.LookupError is oauth.LookupError
    assert _cli.PulumiCommandError is errors.PulumiCommandError
    assert drift.DriftCheckError is errors.DriftCheckError


def test_no_exception_class_is_defined_elsewhere() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where == "errors.py" or where in OUTSIDE:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(b) for b in node.bases}
                assert not any(b.endswith(("Error", "Exception")) for b in bases), f"{where}: {node.name}{bases}"
