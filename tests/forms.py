"""Builders for test inputs: a text in every form the product reads, and hostile files.

Everything is built in memory (or in a temporary directory for LibreOffice), so no binary
fixture is committed. Builders are cached: one LibreOffice run serves every test module.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / ".." / "shared" / "examples"
EXAMPLE_TXT = EXAMPLES / "guangdong-2005-bulletin.txt"
CJK_FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
CJK_FONT_NAME = "WenQuanYi Zen Hei"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Sentence-final or list punctuation: a line with it is body text, not a headline.
_BODY_PUNCT = re.compile(r"[。！？；：:，,]")
HEADLINE_MAX_CHARS = 24


def example_text() -> str | None:
    """The example bulletin as text, or None when ../shared is absent."""
    return EXAMPLE_TXT.read_text(encoding="utf-8") if EXAMPLE_TXT.is_file() else None


def nows(text: str) -> str:
    """The text without any whitespace, for comparisons across formats."""
    return "".join(text.split())


def is_headline(line: str) -> bool:
    """A short line without sentence punctuation: laid out as a headline in every form."""
    stripped = line.strip()
    return 0 < len(stripped) <= HEADLINE_MAX_CHARS and not _BODY_PUNCT.search(stripped)


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a text: the paragraphs of the rich forms."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# -- plain text ------------------------------------------------------------------------------
def text_forms(text: str) -> dict[str, bytes]:
    """The same text as UTF-8, GB18030, UTF-16 with a BOM, and UTF-8 with a BOM and CRLF."""
    return {
        "utf-8": text.encode("utf-8"),
        "gb18030": text.encode("gb18030"),
        "utf-16": text.encode("utf-16"),  # with a BOM
        "crlf-bom": text.replace("\n", "\r\n").encode("utf-8-sig"),
    }


# -- docx ------------------------------------------------------------------------------------
def _set_east_asian_font(style: object) -> None:
    from docx.oxml.ns import qn

    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    rfonts.set(qn("w:eastAsia"), CJK_FONT_NAME)
    rfonts.set(qn("w:ascii"), CJK_FONT_NAME)
    rfonts.set(qn("w:hAnsi"), CJK_FONT_NAME)


@functools.cache
def docx_bytes(text: str, heading_style: str = "Heading 1") -> bytes:
    """A .docx of the text: headline lines centred in ``heading_style``, body paragraphs
    with a two-character first-line indent. A missing style (标题 1) is created."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    styles = {s.name for s in document.styles}
    if heading_style not in styles:
        new = document.styles.add_style(heading_style, WD_STYLE_TYPE.PARAGRAPH)
        new.base_style = document.styles["Normal"]
        new.font.size = Pt(18)
        new.font.bold = True
    for name in ("Normal", heading_style):
        _set_east_asian_font(document.styles[name])
    document.styles["Normal"].font.size = Pt(12)
    for line in paragraphs(text):
        if is_headline(line):
            p = document.add_paragraph(line, style=heading_style)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p = document.add_paragraph(line)
            p.paragraph_format.first_line_indent = Pt(24)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- LibreOffice -------------------------------------------------------------------------------
@functools.cache
def soffice_convert(data: bytes, suffix: str, target: str) -> bytes:
    """Convert with LibreOffice headless (callers skip when SOFFICE is None)."""
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        src = root / f"in{suffix}"
        src.write_bytes(data)
        subprocess.run([SOFFICE, f"-env:UserInstallation={(root / 'profile').as_uri()}",
                        "--headless", "--convert-to", target, "--outdir", str(root / "out"),
                        str(src)], check=True, capture_output=True, timeout=180)
        return next((root / "out").glob(f"in.{target.split(':')[0]}")).read_bytes()


# -- reportlab PDFs ------------------------------------------------------------------------------
@functools.cache
def _register_font() -> str:
    import pytest
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not CJK_FONT_FILE.is_file():
        pytest.skip(f"{CJK_FONT_FILE} is absent (apt-get install fonts-wqy-zenhei)")
    pdfmetrics.registerFont(TTFont("WQY", str(CJK_FONT_FILE), subfontIndex=0))
    return "WQY"


@functools.cache
def reportlab_pdf(text: str, repeat: int = 1, encrypt: str | None = None) -> bytes:
    """A PDF of the text (``repeat`` times over): headlines centred at 18 pt, body at 16 pt with
    a two-character first-line indent, and "— N —" at the foot of each page."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = _register_font()
    body = ParagraphStyle("body", fontName=font, fontSize=16, leading=28,
                          firstLineIndent=32, wordWrap="CJK")
    head = ParagraphStyle("head", fontName=font, fontSize=18, leading=30,
                          alignment=TA_CENTER, wordWrap="CJK")

    def foot(canvas: object, doc: object) -> None:
        canvas.setFont(font, 12)  # type: ignore[attr-defined]
        canvas.drawCentredString(A4[0] / 2, 36, f"— {doc.page} —")  # type: ignore[attr-defined]

    story: list[object] = []
    for _ in range(repeat):
        for line in paragraphs(text):
            if is_headline(line):
                story += [Spacer(1, 8), Paragraph(escape(line), head)]
            else:
                story.append(Paragraph(escape(line), body))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, encrypt=encrypt, leftMargin=72, rightMargin=72,
                      topMargin=72, bottomMargin=72).build(story, onFirstPage=foot, onLaterPages=foot)
    return out.getvalue()


def table_pdf(before: str, rows: list[list[str]], after: str) -> bytes:
    """A PDF with a paragraph, a ruled table (a grid of lines, as Word and WPS export it) and a
    paragraph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _register_font()
    body = ParagraphStyle("body", fontName=font, fontSize=14, leading=24, wordWrap="CJK")
    grid = Table(rows, style=TableStyle([("FONT", (0, 0), (-1, -1), font, 12),
                                         ("GRID", (0, 0), (-1, -1), 0.8, "black")]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(
        [Paragraph(escape(before), body), grid, Paragraph(escape(after), body)])
    return out.getvalue()


def canvas_pdf(draw_pages: list[list[tuple[float, float, str]]], image_pages: tuple[int, ...] = ()) -> bytes:
    """A PDF with text drawn at given points (x, y, text) per page; pages listed in
    ``image_pages`` (1-based) get only a drawn image, like a scan."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    font = _register_font()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for number, items in enumerate(draw_pages, 1):
        if number in image_pages:
            c.drawImage(ImageReader(io.BytesIO(_png_bytes())), 72, 300, width=400, height=400)
        c.setFont(font, 16)
        for x, y, s in items:
            c.drawString(x, y, s)
        c.showPage()
    c.save()
    return out.getvalue()


def _png_bytes() -> bytes:
    """A small grey PNG, built without Pillow."""
    import struct
    import zlib

    width = height = 32
    raw = b"".join(b"\x00" + bytes([128]) * width for _ in range(height))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


# -- hostile archives ----------------------------------------------------------------------------
def zip_bomb_docx(expanded_mb: int = 210) -> bytes:
    """A small .docx whose word/document.xml inflates to ``expanded_mb`` MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(expanded_mb):
                member.write(chunk)
    return out.getvalue()


def replace_part(docx_data: bytes, name: str, content: bytes) -> bytes:
    """A copy of a .docx with one part replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
        dst.writestr(name, content)
    return out.getvalue()


def xxe_docx() -> bytes:
    """A .docx whose document part declares an external entity."""
    base = docx_bytes("省委召开会议。")
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    decl, rest = xml.split("?>", 1)
    evil = (decl + '?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            + rest.replace("省委召开会议。", "&xxe;"))
    return replace_part(base, "word/document.xml", evil.encode("utf-8"))


# -- small .docx documents for the structure features ----------------------------------------------
_NUMBERING_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
      <w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>
"""


def numbered_docx(items: list[tuple[int | None, str]]) -> bytes:
    """A .docx whose paragraphs are numbered automatically: (level, text), level None = plain.
    Level 0 renders 一、, level 1 （一）, level 2 1. (chineseCounting / decimal)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for level, text in items:
        p = document.add_paragraph(text)
        if level is None:
            continue
        num_pr = OxmlElement("w:numPr")
        ilvl, num_id = OxmlElement("w:ilvl"), OxmlElement("w:numId")
        ilvl.set(qn("w:val"), str(level))
        num_id.set(qn("w:val"), "1")
        num_pr.append(ilvl)
        num_pr.append(num_id)
        p._p.get_or_add_pPr().append(num_pr)
    out = io.BytesIO()
    document.save(out)
    return replace_part(out.getvalue(), "word/numbering.xml", _NUMBERING_XML.encode("utf-8"))


def rich_docx(before: str, rows: list[list[str]], after: str, header: str = "", footer: str = "",
              outline_text: str = "") -> bytes:
    """A .docx with a paragraph, a table, a paragraph, optional header/footer text, and an
    optional paragraph carrying only ``w:outlineLvl`` 0 (a heading without a heading style)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    if outline_text:
        p = document.add_paragraph(outline_text)
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), "0")
        p._p.get_or_add_pPr().append(outline)
    document.add_paragraph(before)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(after)
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
