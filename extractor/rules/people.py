"""People and titles (stub until the extraction work lands)."""

from __future__ import annotations

from extractor.spans import Candidate


def find_people(text: str, units: list[Candidate]) -> list[Candidate]:
    return []
