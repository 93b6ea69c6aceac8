"""Plain text: encoding detection (placeholder until the parser work lands)."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.document import Block


@dataclass
class Parsed:
    """What every parser returns: body blocks, page furniture, warnings."""

    blocks: list[Block]
    furniture: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    encoding: str | None = None


def parse_text(data: bytes) -> Parsed:
    text = data.decode("utf-8-sig")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Parsed(blocks=[Block(line) for line in text.split("\n")], encoding="utf-8")
