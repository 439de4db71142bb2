"""The PostgreSQL helper of the e2e suite: without the server programs a test skips, but fails in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e import _postgres


def test_missing_postgres_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get"):
        _postgres.missing(_postgres.PostgresUnavailable("install it with `apt-get install -y postgresql`"))


def test_missing_postgres_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and PostgreSQL is missing"):
        _postgres.missing(_postgres.PostgresUnavailable("no initdb"))


def test_no_initdb_anywhere_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(_postgres, "_SEARCH", (tmp_path,))
    with pytest.raises(_postgres.PostgresUnavailable, match="apt-get install -y postgresql"):
        _postgres.pg_bin_dir()
