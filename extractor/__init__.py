"""Jianbao's extraction library: file → Bulletin → spaCy Doc → entities → records.

    from extractor import extract_file
    result = extract_file("report.pdf", reference_date="2005-01-27")
    result.to_dict()   # the CONTRACT.md extraction

No FastAPI and no database here; ``service`` builds on this package. The names below are
imported on first use, so ``import extractor.parse`` does not load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.extraction import Extraction, extract, extract_bytes, extract_file

__all__ = ["Extraction", "extract", "extract_bytes", "extract_file"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from extractor import extraction

        return getattr(extraction, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
