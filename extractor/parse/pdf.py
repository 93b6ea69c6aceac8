"""PDF: the text layer read with pdfplumber, page by page, into paragraphs.

Per page: ``dedupe_chars()`` (fake-bold duplicates), look-alike ideographs unified
(:mod:`extractor.parse.cjk`), lines and paragraphs from the geometry
(:mod:`extractor.parse.pdflayout`), running heads/feet and page numbers into furniture.
A page whose characters are mostly ``(cid:N)`` or U+FFFD is read again with pypdfium2; a page
with no usable text is reported in the warnings ("page 3: no text layer (scanned?)"), never
dropped silently.

Known limits:
- Multi-column pages are read line by line across the columns.
- Ruled tables (pdfplumber's ``find_tables``) become one block per row, cells joined by a tab,
  as a Word table does; a table drawn without rules is read as lines of text. Vertical text is
  read as it is stored.
- No OCR: scanned pages only produce a warning.
"""

from __future__ import annotations

import io
import statistics
import warnings
from typing import Any

from extractor.document import Block
from extractor.errors import ParseError
from extractor.parse.cjk import unify_ideographs
from extractor.parse.parsed import Parsed
from extractor.parse.pdflayout import (
    Line,
    build_lines,
    group_paragraphs,
    join_lines,
    split_furniture,
)

MAX_PAGES = 500
# A page whose share of undecodable glyphs is above this is read again with pypdfium2.
MAX_GARBAGE_SHARE = 0.3
# Fewer visible characters than this on a page with an image: a scan.
MIN_CHARS = 5


def parse_pdf(data: bytes) -> Parsed:
    """Read a PDF's text layer into paragraph blocks (with page numbers) and furniture."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pdfminer warns about harmless oddities of writers
        return _parse(data)


def _parse(data: bytes) -> Parsed:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise _open_error(exc) from None
    pages: list[list[Line]] = []
    heights: list[float] = []
    page_warnings: list[str] = []
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise ParseError(f"the PDF is corrupt (its page tree cannot be read: {_why(exc)})") from None
        if count == 0:
            raise ParseError("the PDF has no pages (truncated or corrupt?)")
        if count > MAX_PAGES:
            raise ParseError(f"the PDF has {count} pages (limit {MAX_PAGES})")
        for number, page in enumerate(pdf.pages, 1):
            try:
                lines, warning = _read_page(data, page, number)
            except ParseError:
                raise
            except Exception as exc:
                lines, warning = [], f"page {number}: unreadable ({_why(exc)})"
            finally:
                page.close()
            pages.append(lines)
            heights.append(float(page.height))
            if warning:
                page_warnings.append(warning)
    bodies, furniture_lines = split_furniture(pages, heights)
    blocks = [_block(paragraph) for paragraph in group_paragraphs(bodies)]
    furniture = [Block(ln.text, kind=ln.style["kind"], page=ln.page) for ln in furniture_lines]
    return Parsed(blocks=blocks, furniture=furniture, warnings=page_warnings, pages=count)


def _read_page(data: bytes, page: Any, number: int) -> tuple[list[Line], str | None]:
    deduped = page.dedupe_chars()
    chars = deduped.chars
    total = len(chars)
    garbage = sum(1 for c in chars if c["text"].startswith("(cid:") or c["text"] == "\ufffd")
    if total and garbage <= MAX_GARBAGE_SHARE * total:
        for c in chars:
            c["text"] = unify_ideographs(c["text"])
        rows, boxes = _table_rows(deduped, chars, number)
        outside = [c for c in chars if not any(_inside(c, box) for box in boxes)]
        lines = sorted(build_lines(outside, number) + rows, key=lambda ln: (ln.top, ln.x0))
        if sum(len(ln.text) for ln in lines) >= MIN_CHARS or not page.images:
            return lines, None
        # A few characters over an image: a scan with a stamp or a page number.
        return lines, f"page {number}: no text layer (scanned?)"
    if garbage:
        lines = _pdfium_lines(data, number, float(page.height))
        if lines:
            return lines, f"page {number}: text read with pypdfium2 (pdfplumber found undecodable glyphs)"
        return [], f"page {number}: no usable text layer ((cid:) glyphs without a Unicode map)"
    if page.images:
        return [], f"page {number}: no text layer (scanned?)"
    return [], f"page {number}: empty"


def _table_rows(page: Any, chars: list[dict[str, Any]], number: int
                ) -> tuple[list[Line], list[tuple[float, float, float, float]]]:
    """The rows of the page's ruled tables (two rows and two columns at least) as lines of
    their own, cells joined by a tab, and the tables' boxes."""
    rows: list[Line] = []
    boxes = []
    for table in page.find_tables():
        cells = table.extract()
        if len(cells) < 2 or max(len(r) for r in cells) < 2:
            continue
        boxes.append(table.bbox)
        sizes = [float(c.get("size") or 0) for c in chars if _inside(c, table.bbox)]
        size = statistics.median(sizes) if sizes else 0.0
        for row, geometry in zip(cells, table.rows, strict=False):
            text = "\t".join(unify_ideographs("".join((cell or "").split())) for cell in row)
            if text.strip("\t"):
                x0, top, x1, bottom = geometry.bbox
                rows.append(Line(text, x0, x1, top, bottom, size, number,
                                 style={"own": True, "table": True}))
    return rows, boxes


def _inside(char: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    mid_x, mid_y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom


def _pdfium_lines(data: bytes, number: int, height: float) -> list[Line]:
    """Plain lines of one page from pypdfium2 (no geometry: each line is its own paragraph)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[number - 1]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        page.close()
    finally:
        pdf.close()
    text = unify_ideographs(text)
    if not text.strip() or text.count("\ufffd") > MAX_GARBAGE_SHARE * len(text):
        return []
    rows = [t.strip() for t in text.replace("\r\n", "\n").split("\n") if t.strip()]
    step = height / (len(rows) + 1)
    # No geometry to join lines with: each line is a paragraph of its own.
    return [Line(t, 0.0, 0.0, i * step, i * step, 0.0, number, style={"own": True})
            for i, t in enumerate(rows, 1)]


def _block(lines: list[Line]) -> Block:
    style: dict[str, Any] = {"size": round(statistics.median(ln.size for ln in lines), 1)}
    if lines[0].style.get("centered"):
        style["centered"] = True
    if all(ln.bold for ln in lines):
        style["bold"] = True
    if lines[0].style.get("table"):
        return Block(lines[0].text, kind="table", page=lines[0].page, style=style)
    return Block(join_lines(lines), page=lines[0].page, style=style)


def _open_error(exc: Exception) -> ParseError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
        return ParseError("the PDF is encrypted (a password is needed to open it)")
    return ParseError(f"the PDF is corrupt or truncated ({_why(inner)})")


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__
