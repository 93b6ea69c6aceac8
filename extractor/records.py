"""Entities → records (official, event, metric), each with its sentence as evidence."""

from __future__ import annotations

from typing import Any

from extractor.document import Bulletin
from extractor.spans import Candidate


def build_records(
    doc: Bulletin, entities: list[Candidate], sentences: list[tuple[int, int]]
) -> list[dict[str, Any]]:
    return []
