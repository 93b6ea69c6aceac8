"""Bad input: every failure is a one-line ExtractionError, never another exception."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from extractor.errors import ExtractionError, MissingDependency, ParseError, UnsupportedFileType
from extractor.parse import parse_bytes, parse_file
from extractor.parse.filetype import OLE2_MAGIC, FileType, sniff
from tests.forms import (
    docx_bytes,
    replace_part,
    reportlab_pdf,
    xxe_docx,
    zip_bomb_docx,
)

BODY = "省委召开会议，部署先进性教育活动。各单位高度重视，迅速行动。\n"


def _refused(data: bytes, filename: str, error: type[ExtractionError], match: str) -> ExtractionError:
    with pytest.raises(error, match=match) as info:
        parse_bytes(data, filename)
    assert "\n" not in str(info.value)
    return info.value


def test_empty_file() -> None:
    _refused(b"", "empty.txt", ParseError, "the file is empty")


def test_whitespace_only_text() -> None:
    _refused(b" \r\n\t\n  ", "blank.txt", ParseError, "the file is empty")


def test_random_bytes_named_pdf() -> None:
    rng = random.Random(1)
    data = bytes(rng.randrange(256) for _ in range(5000))
    error = _refused(data, "report.pdf", UnsupportedFileType, "named .pdf but its bytes are no PDF")
    assert error.path == "report.pdf"  # type: ignore[attr-defined]


def test_truncated_pdf() -> None:
    data = reportlab_pdf(BODY * 40)
    _refused(data[: len(data) // 3], "cut.pdf", ParseError, "PDF")


def test_encrypted_pdf() -> None:
    _refused(reportlab_pdf(BODY, encrypt="pw"), "secret.pdf", ParseError, "the PDF is encrypted")


def test_docx_zip_bomb_over_the_total_size() -> None:
    _refused(zip_bomb_docx(210), "bomb.docx", ParseError, "zip bomb")


def test_docx_zip_bomb_by_compression_ratio() -> None:
    _refused(zip_bomb_docx(20), "ratio.docx", ParseError, "compressed .*zip bomb")


def test_docx_with_an_external_entity() -> None:
    _refused(xxe_docx(), "xxe.docx", ParseError, "declares a DTD or entities")


def test_corrupt_docx() -> None:
    data = docx_bytes("省委召开会议。")
    _refused(data[: len(data) // 2], "cut.docx", ParseError, "corrupt")


def test_docx_with_broken_xml() -> None:
    data = replace_part(docx_bytes("省委召开会议。"), "word/document.xml", b"<w:document><w:body>")
    _refused(data, "broken.docx", ParseError, "corrupt")


def test_doc_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    fake_doc = OLE2_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512
    assert sniff(fake_doc) is FileType.DOC
    _refused(fake_doc, "old.doc", MissingDependency, "needs LibreOffice: apt-get install")


def test_an_image_is_unsupported() -> None:
    _refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "scan.png", UnsupportedFileType, "image")


def test_a_spreadsheet_is_unsupported() -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    _refused(out.getvalue(), "table.xlsx", UnsupportedFileType, "Excel")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read"):
        parse_file(tmp_path / "nothing.txt")
