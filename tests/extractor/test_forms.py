"""The example bulletin in every form the product reads gives the same text and blocks."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extractor.parse import parse_bytes
from tests.forms import (
    SOFFICE,
    docx_bytes,
    example_text,
    is_headline,
    nows,
    reportlab_pdf,
    soffice_convert,
    text_forms,
)

TEXT = example_text()
pytestmark = pytest.mark.skipif(TEXT is None, reason="../shared/examples is absent")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _text(name: str) -> Callable[[str], bytes]:
    return lambda text: text_forms(text)[name]


FORMS = [
    pytest.param("txt", _text("utf-8"), id="utf-8"),
    pytest.param("txt", _text("gb18030"), id="gb18030"),
    pytest.param("txt", _text("utf-16"), id="utf-16-bom"),
    pytest.param("txt", _text("crlf-bom"), id="crlf-utf-8-bom"),
    pytest.param("docx", lambda t: docx_bytes(t, "Heading 1"), id="docx-heading-1"),
    pytest.param("docx", lambda t: docx_bytes(t, "标题 1"), id="docx-标题-1"),
    pytest.param("pdf", reportlab_pdf, id="pdf-reportlab"),
    pytest.param("pdf", lambda t: soffice_convert(docx_bytes(t), ".docx", "pdf"),
                 id="pdf-libreoffice", marks=needs_soffice),
    pytest.param("doc", lambda t: soffice_convert(docx_bytes(t), ".docx", "doc"),
                 id="doc-libreoffice", marks=needs_soffice),
]


@pytest.mark.parametrize(("fmt", "build"), FORMS)
def test_every_form_gives_the_text_of_the_txt(fmt: str, build: Callable[[str], bytes]) -> None:
    assert TEXT is not None
    doc = parse_bytes(build(TEXT), "bulletin")  # a name without a suffix: the bytes decide
    assert doc.format == fmt
    assert nows(doc.text) == nows(TEXT)
    assert all(doc.text[b.start:b.end] == b.text for b in doc.blocks)


@pytest.mark.parametrize(("fmt", "build"), FORMS)
def test_every_headline_line_is_a_block_of_its_own(fmt: str, build: Callable[[str], bytes]) -> None:
    assert TEXT is not None
    blocks = {nows(b.text) for b in parse_bytes(build(TEXT)).blocks}
    headlines = [nows(line) for line in TEXT.splitlines() if is_headline(line)]
    assert len(headlines) >= 4
    assert [h for h in headlines if h not in blocks] == []
