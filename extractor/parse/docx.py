"""Word .docx: body paragraphs and tables in document order, headers/footers apart.

- Heading levels come from the paragraph style (Heading N, 标题 N, Title/标题, also through a
  style's base styles) or from ``w:outlineLvl`` on the paragraph or its styles; such blocks get
  kind "heading".
- Automatic numbering is rendered in front of the text (:mod:`extractor.parse.numbering`).
- A table row is one block of kind "table", its cells joined by a tab.
- Text boxes anchored in a paragraph become blocks just before it.
- Page headers and footers go to ``Parsed.furniture``, never into the body.
- Tracked changes: insertions are kept, deletions dropped (the document as it now reads).

The archive is checked before python-docx opens it (:mod:`extractor.parse.safety`).
"""

from __future__ import annotations

import io
import re
from typing import Any

from extractor.document import Block
from extractor.errors import ParseError
from extractor.parse.numbering import W_NS, Numbering
from extractor.parse.parsed import Parsed
from extractor.parse.safety import check_xml_parts, open_office_zip

_W = f"{{{W_NS}}}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题"}
_TEXT_TAGS = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n",
              _W + "noBreakHyphen": "-"}
# Text under these belongs elsewhere (text boxes, fallbacks of alternate content, properties).
_SKIP_ANCESTORS = (_W + "txbxContent", _MC_FALLBACK, _W + "pPr", _W + "rPr", _W + "del")
_CONTAINERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "smartTag"}
_HEADER_ATTRS = ("header", "first_page_header", "even_page_header")
_FOOTER_ATTRS = ("footer", "first_page_footer", "even_page_footer")


def parse_docx(data: bytes) -> Parsed:
    """Read a .docx into body blocks and header/footer furniture."""
    import docx

    zf = open_office_zip(data, ".docx")
    with zf:
        check_xml_parts(zf, ".docx")
    try:
        document = docx.Document(io.BytesIO(data))
        reader = _Reader(document)
        blocks = reader.read_container(document.element.body)
        furniture = reader.read_furniture()
    except ParseError:
        raise
    except Exception as exc:  # python-docx/lxml raise many kinds on damaged parts
        raise ParseError(f"the .docx is corrupt ({type(exc).__name__}: {exc})") from None
    return Parsed(blocks=blocks, furniture=furniture)


def paragraph_text(p: Any) -> str:
    """The visible text of a w:p element (runs, hyperlinks, fields' results, insertions)."""
    out: list[str] = []
    for el in p.iter(*_TEXT_TAGS):
        if _skipped(el, p):
            continue
        fixed = _TEXT_TAGS[el.tag]
        out.append(el.text or "" if fixed is None else fixed)
    return "".join(out)


def _skipped(el: Any, stop: Any) -> bool:
    return _has_ancestor(el, stop, _SKIP_ANCESTORS)


class _Reader:
    """Walks one document; holds its styles and numbering counters."""

    def __init__(self, document: Any) -> None:
        self.document = document
        part = document.part
        try:
            numbering_root = part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering_root = None
        self.numbering = Numbering.from_element(numbering_root)
        self.styles: dict[str, Any] = {}
        for style in part.styles.element.iter(_W + "style"):
            self.styles[style.get(_W + "styleId", "")] = style

    # -- body ----------------------------------------------------------------------------
    def read_container(self, container: Any, numbered: bool = True) -> list[Block]:
        blocks: list[Block] = []
        for child in container.iterchildren():
            if child.tag == _W + "p":
                blocks.extend(self._textboxes(child))
                blocks.append(self._paragraph(child, numbered))
            elif child.tag == _W + "tbl":
                blocks.extend(self._table(child))
            elif child.tag in _CONTAINERS:
                blocks.extend(self.read_container(child, numbered))
        return blocks

    def _paragraph(self, p: Any, numbered: bool) -> Block:
        text = paragraph_text(p)
        style_chain = self._style_chain(p)
        if numbered:
            num = self._num_pr(p, style_chain)
            if num is not None:
                text = self.numbering.render(*num) + text
        level, is_title = self._heading_level(p, style_chain)
        hints: dict[str, Any] = {}
        if is_title:
            hints["title"] = True
        if self._prop(p, style_chain, "jc") in ("center", "centre"):
            hints["centered"] = True
        if level is not None:
            return Block(text, kind="heading", level=level, style=hints)
        return Block(text, style=hints)

    def _textboxes(self, p: Any) -> list[Block]:
        blocks: list[Block] = []
        for box in p.iter(_W + "txbxContent"):
            if _has_ancestor(box, p, (_MC_FALLBACK, _W + "txbxContent")):
                continue  # the same box again as a VML fallback, or a box inside a box
            for block in self.read_container(box, numbered=False):
                if block.text.strip():
                    block.style["textbox"] = True
                    blocks.append(block)
        return blocks

    def _table(self, tbl: Any) -> list[Block]:
        rows: list[Block] = []
        for tr in tbl.iterchildren(_W + "tr"):
            cells = []
            for tc in tr.iterchildren(_W + "tc"):
                parts = [paragraph_text(p).strip() for p in tc.iter(_W + "p")]
                cells.append(" ".join(t for t in parts if t))
            rows.append(Block("\t".join(cells), kind="table"))
        return rows

    # -- styles --------------------------------------------------------------------------
    def _style_chain(self, p: Any) -> list[Any]:
        chain: list[Any] = []
        ppr = p.find(_W + "pPr")
        ref = ppr.find(_W + "pStyle") if ppr is not None else None
        style_id = ref.get(_W + "val") if ref is not None else None
        if style_id is None:  # the default paragraph style
            style_id = next((sid for sid, s in self.styles.items()
                             if s.get(_W + "type") == "paragraph"
                             and s.get(_W + "default") in ("1", "true")), None)
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style)
            based = style.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else None
        return chain

    def _prop(self, p: Any, chain: list[Any], tag: str) -> str | None:
        """The w:val of a paragraph property, from the paragraph or else its styles."""
        for holder in [p, *chain]:
            ppr = holder.find(_W + "pPr")
            el = ppr.find(_W + tag) if ppr is not None else None
            if el is not None:
                return el.get(_W + "val")
        return None

    def _heading_level(self, p: Any, chain: list[Any]) -> tuple[int | None, bool]:
        for style in chain:
            name_el = style.find(_W + "name")
            name = (name_el.get(_W + "val") or "").strip() if name_el is not None else ""
            m = _HEADING_NAME.match(name)
            if m:
                return int(m.group(1)), False
            if name.lower() in _TITLE_NAMES:
                return 1, True
        outline = self._prop(p, chain, "outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return int(outline) + 1, False
        return None, False

    def _num_pr(self, p: Any, chain: list[Any]) -> tuple[str, int] | None:
        for holder in [p, *chain]:
            ppr = holder.find(_W + "pPr")
            num_pr = ppr.find(_W + "numPr") if ppr is not None else None
            if num_pr is None:
                continue
            num_id = num_pr.find(_W + "numId")
            ilvl = num_pr.find(_W + "ilvl")
            nid = num_id.get(_W + "val") if num_id is not None else None
            if not nid or nid == "0":
                return None  # numbering switched off here
            level = ilvl.get(_W + "val", "0") if ilvl is not None else "0"
            return nid, int(level) if level.isdigit() else 0
        return None

    # -- headers and footers ---------------------------------------------------------------
    def read_furniture(self) -> list[Block]:
        out: list[Block] = []
        seen: set[tuple[str, str]] = set()
        for section in self.document.sections:
            for kind, attrs in (("header", _HEADER_ATTRS), ("footer", _FOOTER_ATTRS)):
                for attr in attrs:
                    part = getattr(section, attr)
                    if part.is_linked_to_previous:
                        continue
                    for block in self.read_container(part._element, numbered=False):
                        text = block.text.strip()
                        if text and (kind, text) not in seen:
                            seen.add((kind, text))
                            out.append(Block(text, kind=kind))
        return out


def _has_ancestor(el: Any, stop: Any, tags: tuple[str, ...]) -> bool:
    node = el.getparent()
    while node is not None and node is not stop:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False
