"""The harness's own tests: the real CLI with a tiny dynamic-resource program and a policy pack.

They pin the CLI behaviours the product relies on (CLI 3.274 + the Python language host given by
scripts/pulumi-cli + pulumi 3.272): Configure reaches dynamic providers, drift exits 7, refresh
prints changed properties as ``~ name: "old" => "new"``, ``ReadResult(inputs=...)`` is honoured,
and ``replaces`` with ``delete_before_replace=False`` creates before it deletes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.e2e.harness import EXIT_CHANGES, PROGRAMS_DIR, PulumiCli, Stack

SMOKE = PROGRAMS_DIR / "smoke"
SMOKE_POLICY = PROGRAMS_DIR / "smoke_policy"
RECORD_TYPE = "pulumi-python:dynamic/smoke:Record"


def _smoke_stack(make_stack: Any, tmp_path: Path, **config: str) -> tuple[Stack, Path]:
    store = tmp_path / "store.json"
    stack = make_stack(
        SMOKE,
        config={"storePath": str(store), "greeting": "hello", **config},
        secrets={"apiKey": "smoke-secret-value"},
    )
    return stack, store


def _log(store: Path) -> list[dict[str, Any]]:
    path = Path(str(store) + ".log")
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _record(stack: Stack) -> dict[str, Any]:
    (record,) = stack.resources(RECORD_TYPE)
    return record


def _strip(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if not k.startswith("__")}


def test_up_preview_destroy(make_stack: Any, tmp_path: Path) -> None:
    stack, store = _smoke_stack(make_stack, tmp_path)

    stack.up()
    assert json.loads(store.read_text()) == {"alpha": {"value": "v1"}}
    # configure() ran in the provider process with the whole stack config, secrets decrypted.
    assert stack.outputs() == {"key": "alpha", "value": "v1", "greeting": "hello", "secret_greeting": "[secret]"}
    assert stack.outputs(show_secrets=True)["secret_greeting"] == "hello"
    configure = [e for e in _log(store) if e["op"] == "configure"]
    assert configure and "smoke:apiKey" in configure[0]["keys"] and "smoke:storePath" in configure[0]["keys"]
    assert _strip(_record(stack)["inputs"]) == {"key": "alpha", "value": "v1"}

    stack.preview("--expect-no-changes")
    stack.refresh()
    stack.refresh("--preview-only", "--expect-no-changes")
    stack.preview("--refresh", "--expect-no-changes")

    stack.destroy()
    assert json.loads(store.read_text()) == {}
    assert stack.resources(RECORD_TYPE) == []


def test_drift_is_reported_and_exits_7(make_stack: Any, tmp_path: Path) -> None:
    stack, store = _smoke_stack(make_stack, tmp_path)
    stack.up()
    store.write_text(json.dumps({"alpha": {"value": "DRIFTED"}}))

    result = stack.refresh("--preview-only", "--expect-no-changes", "--diff", check=False)
    assert result.returncode == EXIT_CHANGES, result
    assert re.search(r'^\s+~ value\s*: "v1" => "DRIFTED"$', result.stdout, re.M), result.stdout
    assert "no changes were expected for refresh but changes were proposed" in result.stderr
    result = stack.preview("--refresh", "--expect-no-changes", check=False)
    assert result.returncode == EXIT_CHANGES, result
    # Without --diff the update line names no property here: the drift is outputs vs inputs, which
    # only the provider's diff sees (the Python dynamic provider reports no detailedDiff).
    assert re.search(r"^ ~  pulumi-python:dynamic/smoke:Record rec update\s*$", result.stdout, re.M), result.stdout

    # A real refresh takes the drifted outputs into state; inputs stay what the program declared.
    stack.refresh()
    record = _record(stack)
    assert _strip(record["outputs"])["value"] == "DRIFTED"
    assert _strip(record["inputs"])["value"] == "v1"
    assert stack.preview("--expect-no-changes", check=False).returncode == EXIT_CHANGES
    stack.up()
    assert json.loads(store.read_text()) == {"alpha": {"value": "v1"}}


def test_read_inputs_are_honoured_on_refresh(make_stack: Any, tmp_path: Path) -> None:
    stack, store = _smoke_stack(make_stack, tmp_path, readInputs="true")
    stack.up()
    store.write_text(json.dumps({"alpha": {"value": "DRIFTED"}}))

    # Drift is still computed against the old inputs (diff(olds=read outputs, news=old inputs)).
    assert stack.refresh("--preview-only", "--expect-no-changes", check=False).returncode == EXIT_CHANGES
    stack.refresh()
    record = _record(stack)
    assert _strip(record["inputs"]) == {"key": "alpha", "value": "DRIFTED"}
    # Once accepted into state, refresh sees no drift; only the program comparison does.
    stack.refresh("--preview-only", "--expect-no-changes")
    assert stack.preview("--expect-no-changes", check=False).returncode == EXIT_CHANGES


def test_replace_creates_before_deleting(make_stack: Any, tmp_path: Path) -> None:
    stack, store = _smoke_stack(make_stack, tmp_path)
    stack.up()
    stack.config_set("key", "beta")
    result = stack.up("--diff")
    assert "+-1 replaced" in result.stdout, result.stdout
    ops = [(e["op"], e.get("id")) for e in _log(store) if e["op"] in ("create", "delete")]
    assert ops[-2:] == [("create", "beta"), ("delete", "alpha")]
    assert json.loads(store.read_text()) == {"beta": {"value": "v1"}}


def test_policy_pack_blocks_violation_and_passes_compliant(
    pulumi_cli: PulumiCli, make_stack: Any, tmp_path: Path
) -> None:
    stack, _store = _smoke_stack(make_stack, tmp_path)
    pack = pulumi_cli.policy_pack_arg(SMOKE_POLICY)

    compliant = stack.preview("--policy-pack", pack)
    assert "smoke-policy" in compliant.stdout, compliant.stdout

    stack.config_set("value", "forbidden")
    violating = stack.preview("--policy-pack", pack, check=False)
    assert violating.returncode != 0, violating
    assert "[mandatory]  smoke-no-forbidden-value" in violating.stdout, violating.stdout
    assert "smoke:Record value must not be 'forbidden'" in violating.stdout
    # `up` is blocked too, and nothing is created.
    blocked = stack.up("--policy-pack", pack, check=False)
    assert blocked.returncode != 0, blocked
    assert stack.resources(RECORD_TYPE) == []

    if not pulumi_cli.policy_pack_dir_supported:
        # Keep BUILD-INFO honest: the fallback host really cannot start a pack directory (it runs
        # `python ''` in the stack's directory, i.e. the stack program, instead of the pack).
        as_dir = stack.preview("--policy-pack", str(SMOKE_POLICY), check=False)
        assert as_dir.returncode != 0, as_dir
        assert f'policy pack "{SMOKE_POLICY}" failed to start' in as_dir.stderr, as_dir
