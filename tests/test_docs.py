"""The README is the front door and docs/ holds the reference: every relative link resolves.

A link to a file must name one that exists; a link to `#anchor` (on the same
page or another) must name a heading of that page, with GitHub's anchor rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools.mock_runner import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text())
    return {anchor(m[1]) for m in re.finditer(r"^#{1,6} (.+)$", text, re.MULTILINE)}


def links(page: Path) -> list[str]:
    return [m[1] for m in LINK.finditer(FENCE.sub("", page.read_text())) if not re.match(r"[a-z]+:", m[1])]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page: Path) -> None:
    broken = []
    for target in links(page):
        path, _, fragment = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.exists():
            broken.append(f"{target}: no such file")
        elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
            broken.append(f"{target}: no heading #{fragment} in {resolved.relative_to(ROOT)}")
    assert broken == []


def test_the_readme_stays_a_front_door() -> None:
    assert len((ROOT / "README.md").read_text().splitlines()) <= 400


CODE = [*ROOT.glob("components/**/*.py"), *ROOT.glob("tools/*.py"), *ROOT.glob("policy/*.py"), ROOT / "__main__.py"]
CODE_REFERENCE = re.compile(r"docs/([\w-]+\.md)#([a-z0-9-]+)")


@pytest.mark.parametrize("source", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_docs_heading_the_code_points_at_exists(source: Path) -> None:
    """Code points at docs by heading anchor (`docs/design.md#protection`), never by a number."""
    text = source.read_text()
    assert "design.md §" not in text
    broken = [
        f"docs/{page}#{fragment}"
        for page, fragment in CODE_REFERENCE.findall(text)
        if not (ROOT / "docs" / page).exists() or fragment not in anchors(ROOT / "docs" / page)
    ]
    assert broken == []
