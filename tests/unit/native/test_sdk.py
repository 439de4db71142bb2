"""The checked-in SDKs under ``sdk/`` are what ``scripts/gen-sdk`` generates from the checked-in
``schema.json`` today (the generator binary is built once into ~/.cache and reused)."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
LANGUAGES = ("go", "nodejs", "python")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_checked_in_sdks_are_current(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(REPO / "scripts" / "gen-sdk"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=840,
        check=False,
    )
    assert proc.returncode == 0, f"scripts/gen-sdk failed:\n{proc.stdout}\n{proc.stderr}"
    assert sorted(p.name for p in tmp_path.iterdir()) == list(LANGUAGES)
    for lang in LANGUAGES:
        fresh, checked_in = _tree(tmp_path / lang), _tree(REPO / "sdk" / lang)
        assert sorted(fresh) == sorted(checked_in), f"sdk/{lang}: file list differs; run scripts/gen-sdk"
        stale = [name for name in fresh if fresh[name] != checked_in[name]]
        assert stale == [], f"sdk/{lang}: stale files {stale}; run scripts/gen-sdk and commit sdk/"
        assert len(fresh) > 20
