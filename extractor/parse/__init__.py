"""File → Bulletin. The type is found from the bytes (``filetype.sniff``), never the name.

    parse_file(path) / parse_bytes(data, filename=None) -> Bulletin

Each parser module exposes ``parse_<type>(data: bytes) -> Parsed``; this module dispatches,
joins the blocks into the document text and hands it to ``extractor.structure``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.document import Bulletin, join_blocks
from extractor.errors import ParseError
from extractor.parse.text import parse_text

MAX_BYTES = 50 * 1024 * 1024


def parse_bytes(data: bytes, filename: str | None = None) -> Bulletin:
    """Parse the bytes of one file into a structured Bulletin."""
    from extractor.structure import analyse

    if not data:
        raise ParseError("the file is empty", path=filename)
    parsed = parse_text(data)
    text = join_blocks(parsed.blocks)
    doc = Bulletin(
        text=text,
        format="txt",
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        blocks=parsed.blocks,
        encoding=parsed.encoding,
        warnings=parsed.warnings,
    )
    analyse(doc)
    return doc


def parse_file(path: str | Path) -> Bulletin:
    """Read and parse one file."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read {p}: {exc.strerror or exc}", path=str(p)) from None
    return parse_bytes(data, filename=p.name)
