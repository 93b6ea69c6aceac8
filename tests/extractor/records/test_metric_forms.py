"""Metrics in the forms real progress reports write them, read through the whole extraction."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.extraction import extract
from extractor.parse import parse_bytes


def _metrics(text: str) -> dict[int, dict[str, Any]]:
    ex = extract(parse_bytes(text.encode(), "report.txt"))
    return {r["number"]: r for r in ex.records if r["kind"] == "metric"}


@pytest.mark.parametrize(("text", "number", "item", "about"), [
    # the adverbs and the whole that lead the predicate stay in it
    ("截至5月底，全市共完成危房改造任务3120户。", 3120, "危房改造任务", "全市共完成危房改造任务"),
    ("本季度共检查门户网站46个。", 46, "门户网站", "共检查门户网站"),
    # a paper named by what it does is one noun (督办函, not 函)
    ("向各乡镇下发督办函12份。", 12, "督办函", "向各乡镇下发督办函"),
    ("发出整改通知书8份。", 8, "整改通知书", "发出整改通知书"),
])
def test_the_predicate_with_what_leads_it(text: str, number: int, item: str, about: str) -> None:
    m = _metrics(text)[number]
    assert (m["item"], m["about"]) == (item, about)


def test_a_state_denied_after_a_counted_subject() -> None:
    m = _metrics("共检查政务新媒体账号40个，6个不合格。")
    assert m[6]["about"] == "不合格" and m[6]["item"] == "政务新媒体账号"
    assert m[6]["milestone"] is None  # a denied state reaches no milestone


def test_those_that_are_so_take_the_noun_of_the_sentence_before() -> None:
    got = _metrics("全年任务细化为180个具体事项。经核实，滞后的有12个，超前的有9个。")
    assert (got[12]["about"], got[12]["item"]) == ("滞后", "具体事项")
    assert (got[9]["about"], got[9]["item"]) == ("超前", "具体事项")


def test_a_whole_then_the_part_that_reached_a_state() -> None:
    got = _metrics("截至6月10日，全县农村户厕改建任务2400座已完成1810座。")
    assert 2400 not in got  # the whole is the denominator, not a metric of its own
    m = got[1810]
    assert (m["item"], m["about"], m["of"]) == ("农村户厕改建任务", "已完成", 2400)
