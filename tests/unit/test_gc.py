"""Start-up imports the collector never walks (``_gc.frozen_imports``): each case runs in a
fresh interpreter, since a freeze lasts as long as the process."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap


def _run(code: str) -> None:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_the_block_runs_without_collections_then_what_it_made_is_frozen() -> None:
    _run(
        """
        import gc
        from pulumi_openapi_oauth._gc import frozen_imports
        before = gc.get_freeze_count()
        with frozen_imports():
            assert not gc.isenabled()
            made = [[i] for i in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= before + 1000
        """
    )


def test_a_collector_switched_off_stays_off_and_nothing_is_frozen() -> None:
    _run(
        """
        import gc
        from pulumi_openapi_oauth._gc import frozen_imports
        gc.disable()
        with frozen_imports():
            made = [[i] for i in range(1000)]
        assert not gc.isenabled() and gc.get_freeze_count() == 0
        """
    )


def test_the_collector_comes_back_when_the_block_raises() -> None:
    _run(
        """
        import gc
        from pulumi_openapi_oauth._gc import frozen_imports
        try:
            with frozen_imports():
                raise ImportError("boom")
        except ImportError:
            pass
        assert gc.isenabled()
        """
    )


def test_the_plugin_script_imports_the_provider_through_the_freeze() -> None:
    (script,) = [
        e for e in importlib.metadata.entry_points(group="console_scripts") if e.name == "pulumi-resource-openapi-oauth"
    ]
    assert script.value == "pulumi_openapi_oauth.native.plugin:serve"
    # The server's main stands in for the real one (which would serve until killed).
    _run(
        """
        import gc, sys
        from pulumi.provider.experimental import server
        served = []
        server.main = lambda args, version, provider: served.append((args, version, type(provider).__name__))
        from pulumi_openapi_oauth.native import plugin
        assert "pulumi_openapi_oauth.native.provider" not in sys.modules and gc.get_freeze_count() == 0
        sys.argv = ["pulumi-resource-openapi-oauth", "127.0.0.1:1"]
        plugin.serve()
        assert served == [(["127.0.0.1:1"], served[0][1], "OpenapiOAuthProvider")]
        assert gc.isenabled() and gc.get_freeze_count() > 10000
        """
    )
