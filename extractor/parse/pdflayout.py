"""PDF page geometry → lines → paragraphs, and page furniture (running heads, page numbers).

Works on pdfplumber character dicts (text, x0, x1, top, bottom, size, fontname) so that it can
be tested without a PDF. Rules, all relative to the font size:
- Characters whose vertical centres fall in one band form a line, read left to right.
- A space is kept between two characters only where the gap is wide: 0.15 em between Latin
  letters/digits, 0.6 em when a CJK character is on either side (LibreOffice's Asian/Latin
  auto-spacing otherwise turns ``1月17日`` into ``1 月 17 日``).
- A line starts a new paragraph when the previous one ended short of the right margin, when it
  is indented (first-line indent), after a larger line gap or a change of font size; a short
  centred line (a headline) is a paragraph of its own.
- Page numbers (— 3 —, - 3 -, 第3页, 3/10, a bare number) in the top or bottom margin, and lines
  repeated at the same place on several pages, are furniture, not body text.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from extractor.parse.cjk import is_cjk

MARGIN_SHARE = 0.12  # the top/bottom share of a page where running heads and feet live
# Characters a line may not start with (kinsoku): they stay with the piece before them.
_NO_LINE_START = set("，。、；：！？）》」』】〕〉”’…—%,.;:!?)]}")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~·•\s]*\d{1,4}[-—–－~·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)


@dataclass
class Line:
    """One text line of a page, with its geometry."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    bold: bool = False
    style: dict[str, Any] = field(default_factory=dict)
    # Width of the first unbreakable piece (a CJK character with any closing punctuation, or a
    # run of Latin letters/digits): had it fitted on the previous line, that line ended a
    # paragraph.
    first_width: float = 0.0

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


def build_lines(chars: list[dict[str, Any]], page: int) -> list[Line]:
    """Group a page's characters into lines, top to bottom."""
    visible = [c for c in chars if c.get("text") and not c["text"].isspace()]
    visible.sort(key=lambda c: (c["top"], c["x0"]))
    bands: list[list[dict[str, Any]]] = []
    band_top = band_bottom = 0.0
    for c in visible:
        centre = (c["top"] + c["bottom"]) / 2
        if bands and band_top <= centre <= band_bottom:
            bands[-1].append(c)
            band_bottom = max(band_bottom, c["bottom"])
        else:
            bands.append([c])
            band_top, band_bottom = c["top"], c["bottom"]
    return [_line(band, page) for band in bands]


def _line(band: list[dict[str, Any]], page: int) -> Line:
    band.sort(key=lambda c: c["x0"])
    size = statistics.median(float(c.get("size") or (c["bottom"] - c["top"])) for c in band)
    parts: list[str] = []
    prev: dict[str, Any] | None = None
    for c in band:
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            wide = 0.6 if is_cjk(prev["text"][-1]) or is_cjk(c["text"][0]) else 0.15
            if gap > wide * size:
                parts.append(" ")
        parts.append(c["text"])
        prev = c
    fonts = Counter(str(c.get("fontname", "")) for c in band)
    bold = "bold" in fonts.most_common(1)[0][0].lower()
    return Line("".join(parts), min(c["x0"] for c in band), max(c["x1"] for c in band),
                min(c["top"] for c in band), max(c["bottom"] for c in band), size, page, bold,
                first_width=_first_piece_width(band))


def _first_piece_width(band: list[dict[str, Any]]) -> float:
    def alnum(ch: str) -> bool:
        return ch.isascii() and ch.isalnum()

    end = 1
    while end < len(band):
        ch, before = band[end]["text"], band[end - 1]["text"]
        # LibreOffice and Word keep closing punctuation and a following Latin/digit run together.
        if ch in _NO_LINE_START or (alnum(ch) and (alnum(before) or before in _NO_LINE_START)):
            end += 1
        else:
            break
    return float(band[end - 1]["x1"] - band[0]["x0"])


def is_page_number(text: str) -> bool:
    """A page number line in one of the usual forms.

    >>> [is_page_number(t) for t in ("— 3 —", "- 12 -", "第3页", "3/10", "7", "1月17日")]
    [True, True, True, True, True, False]
    """
    return bool(_PAGE_NUMBER.match(text.strip()))


def split_furniture(pages: list[list[Line]], heights: list[float]) -> tuple[list[list[Line]], list[Line]]:
    """Separate running heads/feet and page numbers from each page's body lines."""
    repeated = _repeated_margin_lines(pages, heights)
    bodies: list[list[Line]] = []
    furniture: list[Line] = []
    for lines, height in zip(pages, heights, strict=True):
        body: list[Line] = []
        for i, line in enumerate(lines):
            in_margin = line.bottom < height * MARGIN_SHARE or line.top > height * (1 - MARGIN_SHARE)
            at_edge = i == 0 or i == len(lines) - 1
            running = in_margin and _shape(line.text) in repeated
            if (in_margin or at_edge) and (is_page_number(line.text) or running):
                line.style["kind"] = "header" if line.top < height / 2 else "footer"
                furniture.append(line)
            else:
                body.append(line)
        bodies.append(body)
    return bodies, furniture


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _repeated_margin_lines(pages: list[list[Line]], heights: list[float]) -> set[str]:
    """Texts (digits ignored) found in the margins of at least half the pages (two or more)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        shapes = {_shape(line.text) for line in lines[:2] + lines[-2:]
                  if line.bottom < height * MARGIN_SHARE or line.top > height * (1 - MARGIN_SHARE)}
        seen.update(shapes)
    need = max(2, (len(pages) + 1) // 2)
    return {shape for shape, n in seen.items() if n >= need and shape}


@dataclass
class Frame:
    """The text area of the document: left and right margins, typical line pitch."""

    left: float
    right: float
    pitch: float | None

    @classmethod
    def of(cls, pages: list[list[Line]]) -> Frame:
        pages = [[ln for ln in lines if not ln.style.get("own")] for lines in pages]
        lefts = [min(ln.x0 for ln in lines) for lines in pages if lines]
        rights = [max(ln.x1 for ln in lines) for lines in pages if lines]
        pitches = [b.top - a.top for lines in pages for a, b in zip(lines, lines[1:], strict=False)
                   if abs(a.size - b.size) < 0.5 and 0 < b.top - a.top < 3 * a.size]
        return cls(statistics.median(lefts) if lefts else 0.0,
                   statistics.median(rights) if rights else 0.0,
                   statistics.median(pitches) if pitches else None)

    def centered(self, line: Line) -> bool:
        width = self.right - self.left
        return (line.x0 - self.left > 2 * line.size and self.right - line.x1 > 2 * line.size
                and abs(line.mid - (self.left + self.right) / 2) < 0.06 * width)


def group_paragraphs(pages: list[list[Line]]) -> list[list[Line]]:
    """Join the lines of each paragraph, across page breaks too."""
    frame = Frame.of(pages)
    paragraphs: list[list[Line]] = []
    prev: Line | None = None
    for lines in pages:
        for line in lines:
            if prev is None or _starts_paragraph(frame, prev, line):
                paragraphs.append([line])
            else:
                paragraphs[-1].append(line)
            line.style["centered"] = frame.centered(line)
            prev = line
    return paragraphs


def _starts_paragraph(frame: Frame, prev: Line, line: Line) -> bool:
    if line.style.get("own") or prev.style.get("own"):
        return True
    if frame.centered(line) or frame.centered(prev):
        return True
    if abs(line.size - prev.size) > 0.15 * max(line.size, prev.size):
        return True
    if frame.right - prev.x1 > line.first_width + 0.5 * prev.size:
        return True  # the previous line ended short: this line's first piece would have fitted
    if line.x0 - frame.left > 0.8 * line.size:  # first-line indent
        return True
    if line.page == prev.page and frame.pitch and line.top - prev.top > 1.4 * frame.pitch:
        return True
    return False


def join_lines(lines: list[Line]) -> str:
    """The text of a paragraph: lines joined without a space, except between Latin words.

    >>> a = Line("the", 0, 10, 0, 10, 10, 1); b = Line("end。", 0, 10, 12, 22, 10, 1)
    >>> join_lines([a, b])
    'the end。'
    """
    out = lines[0].text
    for line in lines[1:]:
        if (out and line.text and out[-1].isascii() and out[-1].isalnum()
                and line.text[0].isascii() and line.text[0].isalnum()):
            out += " "
        out += line.text
    return out
