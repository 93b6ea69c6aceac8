"""The parsed document: one plain text, its blocks, and the bulletin's structure.

Every parser (``extractor.parse``) turns bytes into a list of :class:`Block` and
``extractor.parse.structure`` finds the 公文/简报 structure in them; both end in a :class:`Bulletin`.
All offsets are character offsets into ``Bulletin.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Block kinds a parser may emit. "header"/"footer" blocks are page furniture: kept apart from
# the body text (they are not part of Bulletin.text).
BLOCK_KINDS = ("paragraph", "heading", "table", "header", "footer")


@dataclass
class Block:
    """A paragraph-like piece of the source, in reading order.

    ``level`` is a heading level (1 = top) when the source says so (a Word heading style or
    outline level); ``page`` is 1-based for PDF, None elsewhere. ``start``/``end`` are filled in
    when the blocks are joined into the document text.
    """

    text: str
    kind: str = "paragraph"
    level: int | None = None
    page: int | None = None
    start: int = -1
    end: int = -1
    # Hints a parser can give the structure finder: "centered", "bold", font size, ...
    style: dict[str, Any] = field(default_factory=dict)


@dataclass
class Section:
    """An article of the bulletin: its headline and the span of headline plus body."""

    title: str
    start: int
    end: int
    title_start: int = -1
    title_end: int = -1
    column: str | None = None  # the bulletin's column (栏目) the article is under: 【工作动态】 → 工作动态


@dataclass
class Enumeration:
    """An enumerated item (一是…, 一、…, （一）…, 1.…) with its marker and nesting level."""

    marker: str
    level: int
    start: int
    end: int


@dataclass
class Bulletin:
    """A whole parsed document in the shape of CONTRACT.md's ``document`` object."""

    text: str
    format: str
    filename: str | None = None
    sha256: str | None = None
    blocks: list[Block] = field(default_factory=list)
    furniture: list[Block] = field(default_factory=list)  # page headers and footers
    pages: int | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    # structure (extractor.parse.structure)
    title: str | None = None
    bulletin_name: str | None = None  # 简报名称 (XX简报, 工作动态)
    issue_no: str | None = None  # 第3期
    issuer: str | None = None  # 编印单位
    date: str | None = None  # 成文日期 / 印发日期, ISO
    doc_number: str | None = None  # 发文字号 〔2005〕3号
    printer: str | None = None  # 印发机关 of the 版记
    recipients: list[str] = field(default_factory=list)  # 主送
    sections: list[Section] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)
    distribution: dict[str, list[str]] = field(default_factory=dict)  # 报/送/发/抄送

    def to_dict(self) -> dict[str, Any]:
        """The CONTRACT ``document`` object (plus additive fields)."""
        d = asdict(self)
        d["blocks"] = [
            {"kind": b.kind, "start": b.start, "end": b.end, "page": b.page, "level": b.level}
            for b in self.blocks
        ]
        d["furniture"] = [{"kind": b.kind, "text": b.text, "page": b.page} for b in self.furniture]
        return d


def join_blocks(blocks: list[Block], sep: str = "\n") -> str:
    """Join body blocks into one text, filling in each block's offsets.

    >>> bs = [Block("标题"), Block("正文。")]
    >>> join_blocks(bs), bs[1].start
    ('标题\\n正文。', 3)
    """
    parts: list[str] = []
    pos = 0
    for i, b in enumerate(blocks):
        if i:
            parts.append(sep)
            pos += len(sep)
        b.start, b.end = pos, pos + len(b.text)
        parts.append(b.text)
        pos = b.end
    return "".join(parts)
