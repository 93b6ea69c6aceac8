"""Find a file's type from its bytes (magic numbers), never from its name.

    sniff(data) -> FileType

ZIP containers are looked into (``word/document.xml`` makes a .docx); OLE2 containers are told
apart by their directory entry names (``WordDocument`` = Word 97–2003 or Kingsoft WPS). Bytes
with no known signature and no NUL byte are taken for text; the text parser then decides
whether some encoding decodes them.
"""

from __future__ import annotations

import io
import zipfile
from enum import Enum

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# How far into the bytes to look for a %PDF header (some writers put junk before it).
PDF_HEADER_WINDOW = 1024


class FileType(Enum):
    """Kinds of file the product recognises; ``supported`` says whether it reads them."""

    TXT = "txt"
    DOCX = "docx"
    PDF = "pdf"
    DOC = "doc"  # OLE2 word processing: Word 97–2003, Kingsoft WPS
    RTF = "rtf"
    ODT = "odt"
    XLSX = "xlsx"
    PPTX = "pptx"
    XLS = "xls"
    PPT = "ppt"
    OLE_ENCRYPTED = "ole-encrypted"  # password-protected OOXML (an OLE2 wrapper)
    ZIP = "zip"
    IMAGE = "image"
    UNKNOWN = "unknown"

    @property
    def supported(self) -> bool:
        return self in _SUPPORTED

    @property
    def label(self) -> str:
        """How a message names the kind."""
        return _LABELS.get(self, self.value)


_SUPPORTED = {FileType.TXT, FileType.DOCX, FileType.PDF, FileType.DOC, FileType.RTF, FileType.ODT}
_LABELS = {
    FileType.XLSX: "an Excel workbook (.xlsx)",
    FileType.PPTX: "a PowerPoint deck (.pptx)",
    FileType.XLS: "an Excel 97–2003 workbook (.xls)",
    FileType.PPT: "a PowerPoint 97–2003 deck (.ppt)",
    FileType.ZIP: "a ZIP archive",
    FileType.IMAGE: "an image (scans need OCR, which is not supported)",
    FileType.UNKNOWN: "no format we read (not text, .docx, .doc/.wps, .rtf, .odt or .pdf)",
}

_IMAGE_MAGICS = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"BM",  # BMP (checked last: two bytes only)
)


def sniff(data: bytes) -> FileType:
    """The type of a file, from its bytes.

    >>> sniff("省委召开会议".encode("gb18030"))
    <FileType.TXT: 'txt'>
    """
    head = data[:PDF_HEADER_WINDOW]
    if b"%PDF-" in head:
        return FileType.PDF
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if data.startswith(OLE2_MAGIC):
        return _sniff_ole(data)
    if data.startswith(b"{\\rtf"):
        return FileType.RTF
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return FileType.TXT  # a BOM: text even when UTF-16 holds NUL bytes
    for magic in _IMAGE_MAGICS:
        if data.startswith(magic) and (magic != b"BM" or b"\x00" in data[:64]):
            return FileType.IMAGE
    if b"\x00" in data:
        return FileType.UNKNOWN
    return FileType.TXT


def _sniff_zip(data: bytes) -> FileType:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return FileType.DOCX
            if "xl/workbook.xml" in names:
                return FileType.XLSX
            if "ppt/presentation.xml" in names:
                return FileType.PPTX
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100]
                if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
                    return FileType.ODT
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        # A damaged .docx is still a zip; let the .docx parser say what is wrong with it.
        return FileType.DOCX if b"word/document.xml" in data else FileType.ZIP
    return FileType.ZIP


def _ole_name(name: str) -> bytes:
    return name.encode("utf-16-le")


def _sniff_ole(data: bytes) -> FileType:
    # The directory stores entry names in UTF-16LE; looking for them in the raw bytes avoids
    # parsing the FAT and is enough to tell the kinds apart.
    if _ole_name("EncryptionInfo") in data and _ole_name("EncryptedPackage") in data:
        return FileType.OLE_ENCRYPTED
    if _ole_name("WordDocument") in data:
        return FileType.DOC
    if _ole_name("Workbook") in data or _ole_name("Book") in data:
        return FileType.XLS
    if _ole_name("PowerPoint Document") in data:
        return FileType.PPT
    # Other OLE2 word processors (Microsoft Works, older WPS) are left to LibreOffice.
    return FileType.DOC
