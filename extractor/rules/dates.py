"""Dates: finding and normalising (stub until the extraction work lands)."""

from __future__ import annotations

from extractor.spans import Candidate


def find_dates(text: str) -> list[Candidate]:
    return []


def resolve_dates(
    dates: list[Candidate], *, document_date: str | None, reference_date: str | None
) -> None:
    return None
