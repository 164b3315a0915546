"""docs/rules.md is the one account of the rules: every citation resolves, every rule is cited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "docs" / "rules.md"
ANCHOR = re.compile(r'<a id="([a-z0-9-]+)"></a>')
CITATION = re.compile(r"rules\.md#([a-z0-9-]+)")


def _files(*patterns: str) -> list[Path]:
    """The project's files matching ``patterns``, caches left out."""
    return sorted(
        path
        for pattern in patterns
        for path in ROOT.glob(pattern)
        if path.is_file() and "__pycache__" not in path.parts
    )


def _anchors() -> list[str]:
    return ANCHOR.findall(RULES.read_text(encoding="utf-8"))


def _citations(paths: list[Path]) -> dict[str, set[str]]:
    cited: dict[str, set[str]] = {}
    for path in paths:
        for anchor in CITATION.findall(path.read_text(encoding="utf-8")):
            cited.setdefault(anchor, set()).add(str(path.relative_to(ROOT)))
    return cited


def test_anchors_are_unique() -> None:
    """Each anchor names one rule."""
    anchors = _anchors()
    assert len(anchors) == len(set(anchors))
    assert len(anchors) >= 40


def test_every_cited_anchor_exists() -> None:
    """A citation anywhere in the project points at a rule on the page."""
    files = _files("halfmanaged/**/*.py", "docs/*.md", "tests/*.py", "README.md")
    missing = {
        anchor: sorted(where)
        for anchor, where in _citations(files).items()
        if anchor not in set(_anchors())
    }
    assert missing == {}


def test_every_rule_is_cited_by_code() -> None:
    """Every rule on the page is implemented somewhere in the package, which cites it."""
    cited = _citations(_files("halfmanaged/**/*.py"))
    uncited = [anchor for anchor in _anchors() if anchor not in cited]
    assert uncited == []


def test_every_rule_section_has_a_body() -> None:
    """No anchor stands over an empty section."""
    text = RULES.read_text(encoding="utf-8")
    sections = re.split(r'<a id="[a-z0-9-]+"></a>\n', text)[1:]
    empty = [
        anchor
        for anchor, body in zip(_anchors(), sections, strict=True)
        if len(body.split("\n", 1)[1].strip()) < 40
    ]
    assert empty == []


@pytest.mark.parametrize(
    "pattern", ["halfmanaged/**/*", "docs/**/*", "tests/**/*", "benchmarks/**/*", "*.md", "*.toml"]
)
def test_no_file_cites_documents_outside_the_repository(pattern: str) -> None:
    """The project speaks for itself: it cites its own pages, never outside documents."""
    outside = re.compile(r"DESIGN\.md|\b[Ii]ssue [0-9]+\b")
    offenders = [
        str(path.relative_to(ROOT))
        for path in _files(pattern)
        if path.suffix in {".py", ".md", ".toml", ".txt", ".csv", ".json"}
        and "tracking_number_data" not in path.parts
        and path.name != "test_rules.py"
        and outside.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []
