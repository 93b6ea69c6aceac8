"""Counts (stub until the extraction work lands)."""

from __future__ import annotations

from extractor.spans import Candidate


def find_counts(text: str) -> list[Candidate]:
    return []
