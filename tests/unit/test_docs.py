"""The README is the entry page of docs/: it links every page, and no link in README.md or docs/
points at a file or a heading that is not there (sections move between pages; links must follow).
LICENSE is the license pyproject.toml declares, so the wheel's License-Expression is true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").glob("*.md"))
#: A relative Markdown link: [text](target) or [text](target#anchor); absolute URLs are left out.
LINK = re.compile(r"\]\((?!https?://|mailto:)([^)#\s]*)(?:#([^)\s]+))?\)")
#: The first words of each SPDX license this repository may declare.
LICENSE_TITLES = {"Apache-2.0": "Apache License Version 2.0, January 2004"}


def _anchors(page: Path) -> set[str]:
    """GitHub's heading ids: lower case, punctuation other than - and _ dropped, spaces to -."""
    anchors: set[str] = set()
    in_fence = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and (heading := re.match(r"#+ (.*)", line)):
            anchors.add(re.sub(r"[^\w\- ]", "", heading.group(1).lower()).replace(" ", "-"))
    return anchors


def test_docs_has_pages() -> None:
    assert {"token.md", "lookups.md", "policy.md", "emulator.md", "development.md"} <= {p.name for p in PAGES}


def test_readme_links_every_doc_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = {target for target, _ in LINK.findall(readme)}
    missing = [page.name for page in PAGES if f"docs/{page.name}" not in linked]
    assert missing == []


@pytest.mark.parametrize("page", [ROOT / "README.md", *PAGES], ids=lambda p: p.name)
def test_relative_links_resolve_to_a_file_and_heading(page: Path) -> None:
    broken = []
    for target, anchor in LINK.findall(page.read_text(encoding="utf-8")):
        path = (page.parent / target).resolve() if target else page
        if not path.exists() or (anchor and path.suffix == ".md" and anchor not in _anchors(path)):
            broken.append(f"{target}#{anchor}" if anchor else target)
    assert broken == []


def test_license_file_is_the_license_pyproject_declares() -> None:
    declared = re.search(r'^license = "([^"]+)"$', (ROOT / "pyproject.toml").read_text(), re.MULTILINE)
    assert declared is not None
    text = " ".join((ROOT / "LICENSE").read_text(encoding="utf-8").split())
    assert text.startswith(LICENSE_TITLES[declared.group(1)])
    assert "END OF TERMS AND CONDITIONS" in text  # the whole text, not the header alone
