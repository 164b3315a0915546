"""Every docstring example in the package and every example in docs/ and the README runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import halfmanaged

ROOT = Path(__file__).resolve().parent.parent
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(halfmanaged.__path__, prefix="halfmanaged.")
    if info.name != "halfmanaged.__main__"
)
PAGES = sorted([*ROOT.joinpath("docs").glob("*.md"), ROOT / "README.md"])


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    """The module's ``>>>`` examples give the output they show."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, verbose=False)
    assert result.failed == 0


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_examples_run(page: Path) -> None:
    """The page's ``>>>`` examples give the output they show."""
    result = doctest.testfile(str(page), module_relative=False, optionflags=FLAGS)
    assert result.failed == 0


def test_every_public_name_has_an_example() -> None:
    """Each name exported from ``halfmanaged`` documents itself with a runnable example."""
    missing = [
        name
        for name in halfmanaged.__all__
        if name != "__version__" and ">>>" not in (getattr(halfmanaged, name).__doc__ or "")
    ]
    assert missing == []
