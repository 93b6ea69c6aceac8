"""Golden tables (tests/data/golden/*.jsonl) as pytest parameters."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "data" / "golden"


def golden_params(name: str) -> list[Any]:
    """One ``pytest.param(text, expected)`` per row of ``golden/<name>.jsonl``, id'd by group."""
    path = GOLDEN / f"{name}.jsonl"
    rows = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [pytest.param(r["text"], r["expected"], id=f"{r['id']}-{i}") for i, r in enumerate(rows)]
