"""The public surface: ``__all__`` is sorted, complete and importable (as httpx checks its own)."""

from __future__ import annotations

import pulumi_openapi_oauth as oauth


def _isort_key(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: CONSTANTS, then Classes, then functions, each alphabetical.
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_unique() -> None:
    assert len(set(oauth.__all__)) == len(oauth.__all__)
    assert list(oauth.__all__) == sorted(oauth.__all__, key=_isort_key)


def test_every_exported_name_exists_and_public_names_are_exported() -> None:
    for name in oauth.__all__:
        assert hasattr(oauth, name), name
    public = {
        n
        for n, v in vars(oauth).items()
        if not n.startswith("_") and getattr(v, "__module__", "").startswith("pulumi_openapi_oauth")
    }
    assert public <= set(oauth.__all__), public - set(oauth.__all__)
