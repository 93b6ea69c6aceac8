"""Word .docx: document order, tables, headings, numbering, headers and footers."""

from __future__ import annotations

import pytest

from extractor.parse import parse_bytes
from extractor.parse.numbering import chinese_counting, format_number
from tests.forms import (
    docx_bytes,
    example_text,
    is_headline,
    nows,
    numbered_docx,
    rich_docx,
)


def test_a_table_is_read_in_document_order_one_row_per_block() -> None:
    data = rich_docx("会议情况如下。", [["单位", "人数"], ["省工商局", "12"]], "以上情况特此通报。")
    doc = parse_bytes(data, "通报.docx")
    assert doc.format == "docx"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "会议情况如下。"),
        ("table", "单位\t人数"),
        ("table", "省工商局\t12"),
        ("paragraph", "以上情况特此通报。"),
    ]


def test_header_and_footer_stay_out_of_the_text_and_go_to_furniture() -> None:
    data = rich_docx("正文第一段。", [["甲", "乙"]], "正文第二段。",
                     header="内部资料 注意保存", footer="广东省委办公厅印")
    doc = parse_bytes(data)
    assert "内部资料" not in doc.text and "办公厅印" not in doc.text
    assert ("header", "内部资料 注意保存") in [(b.kind, b.text) for b in doc.furniture]
    assert ("footer", "广东省委办公厅印") in [(b.kind, b.text) for b in doc.furniture]


def test_outline_level_without_a_heading_style_makes_a_heading() -> None:
    data = rich_docx("正文。", [["甲", "乙"]], "结尾。", outline_text="一、总体要求")
    first = parse_bytes(data).blocks[0]
    assert (first.kind, first.level, first.text) == ("heading", 1, "一、总体要求")


def test_automatic_numbering_is_rendered_into_the_text() -> None:
    data = numbered_docx([
        (0, "总体要求"), (1, "指导思想"), (1, "目标任务"), (2, "制定方案"),
        (0, "工作步骤"), (1, "学习动员"), (None, "以上请认真贯彻。"),
    ])
    lines = parse_bytes(data).text.split("\n")
    assert lines == ["一、总体要求", "（一）指导思想", "（二）目标任务", "1.制定方案",
                     "二、工作步骤", "（一）学习动员", "以上请认真贯彻。"]


@pytest.mark.parametrize(("n", "expected"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"),
                                             (35, "三十五"), (101, "一百零一")])
def test_chinese_counting(n: int, expected: str) -> None:
    assert chinese_counting(n) == expected


def test_other_number_formats() -> None:
    assert [format_number(3, f) for f in ("decimal", "decimalEnclosedCircle", "upperRoman",
                                          "lowerLetter", "ideographTraditional")] == \
        ["3", "③", "III", "c", "丙"]


@pytest.mark.parametrize("style", ["Heading 1", "标题 1"])
def test_example_headlines_are_level_1_headings(style: str) -> None:
    text = example_text()
    if text is None:
        pytest.skip("../shared/examples is absent")
    doc = parse_bytes(docx_bytes(text, style), "example.docx")
    headings = [nows(b.text) for b in doc.blocks if b.kind == "heading" and b.level == 1]
    assert headings == [nows(line) for line in text.splitlines() if is_headline(line)]
    assert nows(doc.text) == nows(text)


def test_a_progress_table_in_a_word_file_gives_each_unit_its_events() -> None:
    from extractor.extraction import extract_bytes

    data = rich_docx(
        "截至2024年5月31日，各单位工作进展情况如下：",
        [["单位", "进展情况", "完成时间"],
         ["县审计局", "已召开动员部署会，制定了实施方案", "2024年4月10日"],
         ["县统计局", "已成立领导小组，尚未召开动员会", "2024年4月15日"]],
        "以上情况特此报告。")
    records = extract_bytes(data, "进展.docx").to_dict()["records"]
    events = {(r["unit"], r["milestone"], r["date"]) for r in records if r["kind"] == "event"}
    assert events == {
        ("县审计局", "mobilization_meeting", "2024-04-10"),
        ("县审计局", "plan_made", "2024-04-10"),
        ("县统计局", "leadership_group", "2024-04-15"),
    }
