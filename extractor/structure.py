"""Bulletin structure (stub)."""

from __future__ import annotations

from extractor.document import Bulletin


def analyse(doc: Bulletin) -> Bulletin:
    return doc
