"""Checks made on an Office (ZIP + XML) file before any parser opens it.

A .docx is a ZIP archive of XML parts: a small file can expand to gigabytes (a zip bomb) and
an XML part can declare entities (billion laughs, XXE). Both are refused here, each with a
ParseError that says which limit was hit.
"""

from __future__ import annotations

import io
import zipfile

from extractor.errors import ParseError

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all entries together
MAX_ENTRIES = 5000
MAX_RATIO = 200  # uncompressed/compressed, for entries large enough to matter
RATIO_MIN_SIZE = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DECLARATIONS = ("<!DOCTYPE", "<!ENTITY")
_DECLARATION_PATTERNS = tuple(
    d.encode(codec) for d in _DECLARATIONS for codec in ("utf-8", "utf-16-le", "utf-16-be")
)


def open_office_zip(data: bytes, kind: str = ".docx") -> zipfile.ZipFile:
    """Open the archive after checking its entries' count, sizes and compression ratios."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ParseError(f"the {kind} is corrupt (not a readable ZIP archive: {exc})") from None
    if len(infos) > MAX_ENTRIES:
        raise ParseError(f"the {kind} has {len(infos)} entries (limit {MAX_ENTRIES})")
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise ParseError(f"the {kind} would expand to more than "
                             f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB (zip bomb?)")
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ParseError(f"the {kind} entry {info.filename} is compressed "
                             f"{info.file_size // max(info.compress_size, 1)}:1 (zip bomb?)")
    return zf


def check_xml_parts(zf: zipfile.ZipFile, kind: str = ".docx") -> None:
    """Refuse any XML part that declares a DTD or entities (XXE, billion laughs).

    Reading is bounded: :func:`open_office_zip` has checked the sizes, and ZipFile stops at the
    declared size of each entry.
    """
    for info in zf.infolist():
        if not info.filename.lower().endswith(_XML_SUFFIXES):
            continue
        try:
            raw = zf.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise ParseError(f"the {kind} is corrupt ({info.filename}: {exc})") from None
        if any(p in raw for p in _DECLARATION_PATTERNS):
            raise ParseError(f"the {kind} part {info.filename} declares a DTD or entities; "
                             "refused (XML entity attacks)")
