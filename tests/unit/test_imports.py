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
    assert "pulumi_openapi_oauth.dynamic.provider" in loaded
    skipped = ("pulumi_openapi_oauth.lookups", "pulumi_openapi_oauth.emulator", "fastapi", "uvicorn", "click", "rich")
    assert _any(loaded, *skipped) == []


def test_a_program_declaring_tokens_loads_neither_the_client_nor_the_models() -> None:
    # The program only pickles the provider by reference; the core, httpx and pydantic load in
    # the provider host on its first engine call (bench/run.py times the import row).
    loaded = _loaded_after("import pulumi_openapi_oauth as oauth; oauth.Token")
    assert "pulumi_openapi_oauth.token.resource" in loaded
    assert _any(loaded, "httpx", "pydantic", "pulumi_openapi_oauth.client", "pulumi_openapi_oauth.token.core") == []


def test_httpx_keeps_a_callable_main() -> None:
    loaded = _loaded_after("import pulumi_openapi_oauth._token_provider, httpx; assert callable(httpx.main)")
    assert "httpx._main" not in loaded


# -- the layers (DESIGN.md): what each one may load --------------------------------------------

#: Our modules on the provider side of the layers: the client, the Token core, its front ends.
_PROVIDER_SIDE = (
    "pulumi_openapi_oauth.client",
    "pulumi_openapi_oauth.token",
    "pulumi_openapi_oauth.dynamic",
    "pulumi_openapi_oauth.native",
    "pulumi_openapi_oauth._token_provider",
    "pulumi_openapi_oauth.lookups",
)


def test_policy_layer_loads_neither_httpx_pydantic_nor_the_provider() -> None:
    # pulumi_policy imports pulumi, and pulumi/__init__.py imports pulumi.dynamic itself: that
    # module is the SDK's; the provider's modules and its dependencies stay out.
    loaded = _loaded_after("import pulumi_openapi_oauth.policy")
    assert "pulumi_openapi_oauth.policy.pack" in loaded
    assert _any(loaded, "httpx", "pydantic", "pulumi_openapi_oauth.emulator", *_PROVIDER_SIDE) == []


def test_emulator_loads_no_pulumi_module() -> None:
    loaded = _loaded_after("import pulumi_openapi_oauth.emulator, pulumi_openapi_oauth.emulator.app")
    assert "fastapi" in loaded
    assert _any(loaded, "pulumi", "pulumi_policy", "dill", "pulumi_openapi_oauth.policy", *_PROVIDER_SIDE) == []


def test_token_core_loads_no_front_end() -> None:
    loaded = _loaded_after("import pulumi_openapi_oauth.token.core")
    assert "httpx" in loaded
    front_ends = (
        "pulumi_openapi_oauth.dynamic",
        "pulumi_openapi_oauth._token_provider",
        "pulumi_openapi_oauth.native",
        "pulumi_openapi_oauth.token.resource",
        "pulumi_openapi_oauth.lookups",
        "pulumi_openapi_oauth.emulator",
        "fastapi",
    )
    assert _any(loaded, *front_ends) == []


def test_drift_command_loads_neither_httpx_nor_the_provider() -> None:
    loaded = _loaded_after("import pulumi_openapi_oauth.drift")
    assert "pulumi_openapi_oauth.token.diff" in loaded
    assert (
        _any(
            loaded,
            "httpx",
            "pulumi_openapi_oauth.client",
            "pulumi_openapi_oauth.dynamic",
            "pulumi_openapi_oauth.emulator",
        )
        == []
    )
