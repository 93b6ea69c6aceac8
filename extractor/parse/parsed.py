"""What every parser returns (:class:`Parsed`), shared by the format modules."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.document import Block


@dataclass
class Parsed:
    """Body blocks in reading order, page furniture (headers/footers), warnings, page count."""

    blocks: list[Block]
    furniture: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    encoding: str | None = None
