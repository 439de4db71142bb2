"""What each entry point imports (fresh interpreters): the lazy re-exports keep paths apart."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; import json; print(json.dumps(sorted(k for k, v in sys.modules.items() if v is not None)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return set(json.loads(out.stdout.splitlines()[-1]))


def _any(modules: set[str], *prefixes: str) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_importing_the_package_loads_no_dependency() -> None:
    loaded = _loaded_after("import pulumi_openapi_oauth")
    assert _any(loaded, "pulumi", "httpx", "pydantic", "pulumi_openapi_oauth.lookups") == []


@pytest.mark.parametrize(
    "statement",
    [
        "from pulumi_openapi_oauth import Token",  # a program declaring tokens
        "import pulumi_openapi_oauth._token_provider",  # the provider host unpickling its provider
    ],
)
def test_token_paths_skip_lookups_emulator_and_the_httpx_cli(statement: str) -> None:
    loaded = _loaded_after(statement)
    assert "pulumi_openapi_oauth._token_provider" in loaded
    skipped = ("pulumi_openapi_oauth.lookups", "pulumi_openapi_oauth.emulator", "fastapi", "uvicorn", "click", "rich")
    assert _any(loaded, *skipped) == []


def test_httpx_keeps_a_callable_main() -> None:
    loaded = _loaded_after("import pulumi_openapi_oauth._token_provider, httpx; assert callable(httpx.main)")
    assert "httpx._main" not in loaded
