"""PDF: pages, paragraphs, furniture, look-alike ideographs, scanned pages."""

from __future__ import annotations

import pytest

from extractor.parse import parse_bytes
from extractor.parse.cjk import ideograph_table, unify_ideographs
from extractor.parse.pdflayout import is_page_number
from tests.forms import (
    SOFFICE,
    canvas_pdf,
    docx_bytes,
    example_text,
    is_headline,
    nows,
    reportlab_pdf,
    soffice_convert,
    table_pdf,
)

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
BODY = "省委召开保持共产党员先进性教育活动工作会议后，省直各单位高度重视，行动迅速，精心策划，认真部署。"


def test_kangxi_radicals_and_compatibility_ideographs_are_unified() -> None:
    assert unify_ideographs("⼀是⼯作") == "一是工作"
    assert unify_ideographs("\uf900") == "\u8c48"  # CJK COMPATIBILITY IDEOGRAPH-F900 → 豈
    # Full-width punctuation and digits are left alone (no blanket NFKC).
    assert unify_ideographs("１月，“省委”：") == "１月，“省委”："
    assert all(0x2F00 <= k <= 0x2FDF or k < 0x2F00 or k >= 0xF900 for k in ideograph_table())
    assert len(ideograph_table()) > 500


def test_a_pdf_with_kangxi_radicals_reads_as_unified_ideographs() -> None:
    data = canvas_pdf([[(72, 700, "⼀是加强领导，⼯作有⼒。")]])
    assert "一是加强领导，工作有力。" in parse_bytes(data, "k.pdf").text


def test_an_image_only_page_is_reported_not_dropped() -> None:
    data = canvas_pdf([[(72, 700, BODY[:20])], [], [(72, 700, BODY[20:40])]], image_pages=(2,))
    doc = parse_bytes(data, "scan.pdf")
    assert doc.pages == 3
    assert any("page 2" in w and "scanned" in w for w in doc.warnings)
    assert nows(BODY[:40]) == nows(doc.text)


def test_running_heads_and_page_numbers_go_to_furniture() -> None:
    pages = [[(200, 800, "广东省委办公厅工作简报"), (72, 700, BODY[:20]), (280, 40, f"第{n}页")]
             for n in range(1, 4)]
    doc = parse_bytes(canvas_pdf(pages), "heads.pdf")
    assert "简报" not in doc.text and "页" not in doc.text
    kinds = {(b.kind, b.text, b.page) for b in doc.furniture}
    assert ("header", "广东省委办公厅工作简报", 2) in kinds
    assert ("footer", "第3页", 3) in kinds


@pytest.mark.parametrize("text", ["— 3 —", "- 3 -", "第3页", "3/10", "第 2 页 共 9 页", "12"])
def test_page_number_forms(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["1月17日", "第3期", "一、总体要求", "2005年"])
def test_text_that_is_no_page_number(text: str) -> None:
    assert not is_page_number(text)


def test_reportlab_example_pages_paragraphs_and_headlines() -> None:
    text = example_text()
    if text is None:
        pytest.skip("../shared/examples is absent")
    doc = parse_bytes(reportlab_pdf(text), "example.pdf")
    assert doc.format == "pdf" and doc.pages >= 2 and doc.warnings == []
    assert doc.blocks[0].page == 1 and doc.blocks[-1].page == doc.pages
    # one block per paragraph of the source: lines joined, paragraphs kept apart
    assert [nows(b.text) for b in doc.blocks] == [nows(line) for line in text.splitlines() if line.strip()]
    headlines = [nows(b.text) for b in doc.blocks if b.style.get("centered")]
    assert headlines == [nows(line) for line in text.splitlines() if is_headline(line)]
    assert [b.text for b in doc.furniture] == [f"—{n}—" for n in range(1, doc.pages + 1)]
    assert "—" not in doc.text


@needs_soffice
def test_libreoffice_pdf_has_no_spaces_around_digits_in_chinese() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("省直工委于1月19日发出了通知，21日成立了领导小组。")
    import io

    out = io.BytesIO()
    document.save(out)
    pdf = soffice_convert(out.getvalue(), ".docx", "pdf")
    assert "省直工委于1月19日发出了通知，21日成立了领导小组。" in parse_bytes(pdf).text


@needs_soffice
def test_libreoffice_example_pdf_keeps_paragraphs_apart() -> None:
    text = example_text()
    if text is None:
        pytest.skip("../shared/examples is absent")
    doc = parse_bytes(soffice_convert(docx_bytes(text), ".docx", "pdf"), "example.pdf")
    assert [nows(b.text) for b in doc.blocks] == [nows(line) for line in text.splitlines() if line.strip()]


def test_a_ruled_table_is_read_one_row_per_block_with_its_cells_apart() -> None:
    data = table_pdf(
        "截至2024年5月31日，各单位工作进展情况如下：",
        [["单位", "进展情况", "完成时间"],
         ["县审计局", "已召开动员部署会", "2024年4月10日"],
         ["县统计局", "已成立领导小组", "2024年4月15日"]],
        "以上情况特此报告。")
    doc = parse_bytes(data, "进展.pdf")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "截至2024年5月31日，各单位工作进展情况如下："),
        ("table", "单位\t进展情况\t完成时间"),
        ("table", "县审计局\t已召开动员部署会\t2024年4月10日"),
        ("table", "县统计局\t已成立领导小组\t2024年4月15日"),
        ("paragraph", "以上情况特此报告。"),
    ]
