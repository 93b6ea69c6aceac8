"""Jianbao's extraction library: file → Bulletin → spaCy Doc → entities → records.

    from extractor import extract_file
    result = extract_file("report.pdf", reference_date="2005-01-27")
    result.to_dict()   # the CONTRACT.md extraction

No FastAPI and no database here; ``service`` builds on this package.
"""

from extractor.extraction import Extraction, extract, extract_bytes, extract_file

__all__ = ["Extraction", "extract", "extract_bytes", "extract_file"]
