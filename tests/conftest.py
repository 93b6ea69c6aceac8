"""Shared test settings: the --slow switch, where ../shared is, hypothesis without deadlines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = SHARED / "examples" / "guangdong-2005-bulletin.txt"
EXAMPLE_KEY = SHARED / "examples" / "guangdong-2005-bulletin.gold.json"
SCORER = SHARED / "tools" / "score_extraction.py"
CORPORA = SHARED / "corpora"

settings.register_profile("jianbao", deadline=None, max_examples=200)
settings.load_profile("jianbao")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False, help="run slow tests too")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


needs_shared = pytest.mark.skipif(
    not EXAMPLE.exists(), reason=f"the shared examples are not beside the checkout ({SHARED})"
)
