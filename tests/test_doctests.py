"""The examples in the library's docstrings are run, so they stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import extractor

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(extractor.__path__, "extractor.")
    if not m.name.endswith("__main__")
)


def _with_examples() -> list[str]:
    finder = doctest.DocTestFinder()
    out = []
    for name in MODULES:
        module = importlib.import_module(name)
        if any(t.examples for t in finder.find(module, name)):
            out.append(name)
    return out


@pytest.mark.parametrize("name", _with_examples())
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
