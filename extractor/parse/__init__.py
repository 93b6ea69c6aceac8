"""File → Bulletin. The type is found from the bytes (``filetype.sniff``), never the name.

    parse_file(path) / parse_bytes(data, filename=None) -> Bulletin

Each parser module exposes ``parse_<type>(data: bytes) -> Parsed``; this module dispatches,
joins the blocks into the document text and hands it to ``extractor.parse.structure``. Every failure
is an :class:`~extractor.errors.ExtractionError` with a one-line message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path, PurePath

from extractor.document import Bulletin, join_blocks
from extractor.errors import ExtractionError, ParseError, UnsupportedFileType
from extractor.parse.filetype import FileType, sniff
from extractor.parse.parsed import Parsed

__all__ = ["MAX_BYTES", "FileType", "Parsed", "parse_bytes", "parse_file", "sniff"]

MAX_BYTES = 50 * 1024 * 1024


def _parser(kind: FileType) -> Callable[[bytes], Parsed]:
    """The parser for a file type; imported lazily so .txt needs neither pdfplumber nor docx."""
    if kind is FileType.TXT:
        from extractor.parse.text import parse_text

        return parse_text
    if kind is FileType.DOCX:
        from extractor.parse.docx import parse_docx

        return parse_docx
    if kind is FileType.PDF:
        from extractor.parse.pdf import parse_pdf

        return parse_pdf
    if kind in (FileType.DOC, FileType.RTF, FileType.ODT):
        from extractor.parse.doc import parse_doc

        suffix = {FileType.DOC: ".doc", FileType.RTF: ".rtf", FileType.ODT: ".odt"}[kind]
        return lambda data: parse_doc(data, suffix)
    raise AssertionError(kind)  # pragma: no cover - guarded by FileType.supported


def parse_bytes(data: bytes, filename: str | None = None) -> Bulletin:
    """Parse the bytes of one file into a structured Bulletin."""
    from extractor.parse.structure import analyse

    if not data:
        raise ParseError("the file is empty", path=filename)
    if len(data) > MAX_BYTES:
        raise ParseError(f"the file is {len(data) // (1024 * 1024)} MB "
                         f"(limit {MAX_BYTES // (1024 * 1024)} MB)", path=filename)
    kind = sniff(data)
    if kind is FileType.OLE_ENCRYPTED:
        raise ParseError("the document is encrypted (password-protected Office file)", path=filename)
    if not kind.supported:
        raise UnsupportedFileType(_unsupported_message(kind, filename), path=filename, kind=kind.value)
    try:
        parsed = _parser(kind)(data)
    except ExtractionError as exc:
        if isinstance(exc, ParseError) and exc.path is None:
            exc.path = filename
        raise
    except (MemoryError, RecursionError) as exc:
        raise ParseError(f"the {kind.value} file is too complex to read ({type(exc).__name__})",
                         path=filename) from None
    text = join_blocks(parsed.blocks)
    if not text.strip():
        raise ParseError(_empty_message(kind, parsed), path=filename)
    doc = Bulletin(
        text=text,
        format=kind.value,
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        blocks=parsed.blocks,
        furniture=parsed.furniture,
        pages=parsed.pages,
        encoding=parsed.encoding,
        warnings=parsed.warnings,
    )
    analyse(doc)
    return doc


def parse_file(path: str | Path) -> Bulletin:
    """Read and parse one file."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise ParseError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB", path=str(p))
        data = p.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read {p}: {exc.strerror or exc}", path=str(p)) from None
    return parse_bytes(data, filename=p.name)


def _unsupported_message(kind: FileType, filename: str | None) -> str:
    message = f"the file is {kind.label}"
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix in (".pdf", ".docx", ".doc", ".wps", ".txt") and kind is FileType.UNKNOWN:
        message = (f"the file is named {suffix} but its bytes are no {suffix[1:].upper()} file "
                   "(nor text, .docx, .doc/.wps, .rtf, .odt or .pdf)")
    return message


def _empty_message(kind: FileType, parsed: Parsed) -> str:
    if kind is FileType.PDF and parsed.warnings:
        return f"the PDF has no text ({'; '.join(parsed.warnings[:3])})"
    return "the file is empty"
