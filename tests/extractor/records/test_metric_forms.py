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


def _events(text: str) -> list[tuple[str, str | None]]:
    ex = extract(parse_bytes(text.encode(), "notice.txt"))
    return [(r["unit"], r["date"]) for r in ex.records if r["kind"] == "event"]


DECISION = """关于成立县普查工作领导小组的通知

各乡镇人民政府：
为加强对普查工作的领导，经县政府研究，决定成立县普查工作领导小组。

县人民政府办公室
2021年3月5日
"""


def test_a_decision_the_notice_puts_into_effect_is_dated_by_the_notice() -> None:
    assert ("县政府", "2021-03-05") in _events(DECISION)


def test_a_decision_with_its_own_date_and_a_period_after_it() -> None:
    got = _events("县防指关于启动应急响应的通知\n各乡镇：\n县防指决定于7月2日20时启动防汛Ⅳ级应急响应。"
                  "\n县防汛抗旱指挥部\n2024年7月2日\n")
    assert ("县防指", "2024-07-02") in got
    got = _events("区指挥部决定发布高火险预警信号（2025年3月20日-3月25日）。\n区指挥部\n2025年3月19日\n")
    assert got == [("区指挥部", "2025-03-19")]  # the period in brackets is not the decision's day


@pytest.mark.parametrize(("text", "unit"), [
    ("9月1日18时，州防指启动防汛四级应急响应。", "州防指"),  # a clock time after the date
    ("7月5日上午，大龙山镇召开换届工作动员会。", "大龙山镇"),  # jieba cuts 大 | 龙山镇
    ("11月27日，珠江所召开了工作会议。", "珠江所"),  # a place and a one-character organ word
    ("7月10日，集团公司党委副书记李某主持召开专题工作会议。", "集团公司党委"),  # the chair's organ
])
def test_who_acted_on_the_day(text: str, unit: str) -> None:
    assert unit in [u for u, _ in _events(text)]


def test_the_kinds_of_a_whole_listed_after_it() -> None:
    text = ("本月共受理群众诉求5200件。其中，咨询类诉求3100件，占59.6%；求助类诉求1500件；"
            "举报类600件。")
    got = _metrics(text)
    assert got[5200]["about"] == "共受理群众诉求"
    for number, kind in ((3100, "咨询类诉求"), (1500, "求助类诉求"), (600, "举报类")):
        assert (got[number]["item"], got[number]["about"], got[number]["of"]) == (
            kind, "共受理群众诉求", 5200)


def test_a_relative_clause_in_the_object_is_not_the_predicate() -> None:
    m = _metrics("本月共接收市热线中心转来的市民工单860件。")[860]
    assert (m["item"], m["about"]) == ("市民工单", "共接收")


@pytest.mark.parametrize(("text", "unit"), [
    ("自8月5日起，文汇街道开展为期一个月的安全大排查。", "文汇街道"),  # a town whose name is a word
    ("5月26日，离退休分党委转发了校党委的通知。", "离退休分党委"),  # a branch named by its members
])
def test_who_acted_from_the_day(text: str, unit: str) -> None:
    assert unit in [u for u, _ in _events(text)]


def test_actions_written_as_nouns_and_the_parts_after_qizhong() -> None:
    got = _metrics("截至5月10日，全区已对120件信访件进行调查处理，其中，已办结80件、未办结40件，"
                   "立案侦查6件，刑事拘留2人，问责5人，罚款金额32000元。")
    assert (got[80]["about"], got[80]["item"], got[80]["of"]) == ("已办结", "信访件", 120)
    assert (got[6]["about"], got[6]["item"]) == ("立案侦查", "信访件")  # the noun of the whole
    assert (got[5]["about"], got[5]["item"]) == ("问责", None)
    assert (got[32000]["about"], got[32000]["item"]) == ("罚款金额", None)


def test_an_honour_received_is_the_awarding_organs_event() -> None:
    got = _events("东安县机关团支部2009年5月被团中央授予“全国五四红旗团支部”称号。")
    assert got == [("团中央", "2009-05")]


def test_a_total_after_its_noun_and_an_aside_in_brackets() -> None:
    got = _metrics("本月各单位办结诉求工单共1200件（限期内60件工单至下月办结），已解决1100件，未解决100件。")
    assert (got[1200]["about"], got[1200]["item"]) == ("办结诉求工单", "诉求工单")
    assert got[1100]["item"] == "诉求工单"  # not the aside's 工单


def test_a_group_founded_later_in_the_sentence_of_the_day() -> None:
    got = _events("3月22日，学校召开动员大会，成立中共东湖学院委员会党史学习教育领导小组，审议通过实施方案。")
    assert ("中共东湖学院委员会党史学习教育领导小组", "XXXX-03-22") in got
