"""Units (stub until the extraction work lands)."""

from __future__ import annotations

from extractor.spans import Candidate


def find_units(text: str) -> list[Candidate]:
    return []
