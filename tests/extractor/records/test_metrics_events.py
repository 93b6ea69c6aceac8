"""Metrics and events from entities, on sentences written for these tests.

Entities are built by hand here so the record rules are tested apart from the finders; the
end-to-end path (text → entities → records) is covered by the answer-key tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from extractor.milestones import load_catalogue
from extractor.records.events import build_events
from extractor.records.metrics import build_metrics
from extractor.rules.sentences import split_sentences
from extractor.spans import Candidate


def _ents(text: str, specs: list[tuple[str, str, Any, dict[str, Any]]]) -> list[Candidate]:
    out = []
    for surface, label, value, attrs in specs:
        i = text.index(surface)
        out.append(Candidate(label, i, i + len(surface), surface, value=value, attrs=attrs))
    return sorted(out, key=lambda c: c.start)


def _count(n: int, measure: str, item: str | None) -> dict[str, Any]:
    return {"number": n, "measure": measure, "item": item}


PROGRESS = ("截至9月15日，全市52个社区已完成换届选举，其中9个社区实现了书记主任一肩挑；"
            "已整改问题31个，占48个问题的64.6%。")


def _metrics(text: str, ents: list[Candidate]) -> list[dict[str, Any]]:
    return build_metrics(text, ents, split_sentences(text), load_catalogue())


def test_metrics_with_as_of_part_of_and_rate() -> None:
    ents = _ents(PROGRESS, [
        ("截至9月15日", "DATE", "XXXX-09-15", {"modifier": "as_of"}),
        ("52个", "COUNT", _count(52, "个", "社区"), {}),
        ("9个", "COUNT", _count(9, "个", "社区"), {}),
        ("31个", "COUNT", _count(31, "个", None), {}),
        ("48个", "COUNT", _count(48, "个", "问题"), {}),
        ("64.6%", "PERCENT", 64.6, {}),
    ])
    got = _metrics(PROGRESS, ents)
    first, part = got[0], got[1]
    assert (first["number"], first["item"], first["as_of"]) == (52, "社区", "XXXX-09-15")
    assert first["about"] == "已完成换届选举" and first["milestone"] == "completed"
    assert (part["number"], part["about"], part["part_of"]) == (9, "实现了书记主任一肩挑", 0)
    rect = next(m for m in got if m["number"] == 31)
    assert rect["milestone"] == "rectification" and rect["of"] == 48 and rect["rate"] == 64.6
    assert not any(m["number"] == 48 for m in got), "the denominator is not a metric of its own"
    for m in got:
        s, e = m["evidence"]
        assert PROGRESS[s:e].endswith(("；", "。"))


@pytest.mark.parametrize("text, surface", [
    ("王海、李静等5位同志参加了培训。", "5位"),  # a list of names, not a progress figure
    ("全年培训学习共计12天的时间。", "12天"),  # time is not a counted set
])
def test_counts_that_are_not_metrics(text: str, surface: str) -> None:
    measure = surface[-1]
    ents = _ents(text, [(surface, "COUNT", _count(int(surface[:-1]), measure, "同志"), {})])
    assert _metrics(text, ents) == []


EVENTS = ("4月8日，市卫健委召开全系统动员大会。市委组织部于4月10日印发了《关于做好换届工作的通知》。"
          "12日成立了市换届工作领导小组。各区县积极行动。")


def test_events_subject_date_and_milestone() -> None:
    ents = _ents(EVENTS, [
        ("4月8日", "DATE", "2021-04-08", {}),
        ("市卫健委", "UNIT", None, {}),
        ("市委组织部", "UNIT", None, {}),
        ("4月10日", "DATE", "2021-04-10", {}),
        ("12日", "DATE", "2021-04-12", {}),
        ("市换届工作领导小组", "UNIT", None, {}),
        ("各区县", "UNIT", None, {"collective": True}),
    ])
    got = build_events(EVENTS, ents, split_sentences(EVENTS), load_catalogue())
    assert [(e["unit"], e["date"], e["milestone"]) for e in got] == [
        ("市卫健委", "2021-04-08", "mobilization_meeting"),
        ("市委组织部", "2021-04-10", "notice_issued"),
        ("市换届工作领导小组", "2021-04-12", "leadership_group"),
    ]
    assert got[1]["what"].startswith("印发了《关于做好换届工作的通知》")


def test_events_over_a_date_range_and_without_a_milestone() -> None:
    text = "6月3日至5日，省水利厅对沿江六县开展了汛前检查。县应急管理局于9日集中开展转移演练。"
    ents = _ents(text, [
        ("6月3日", "DATE", "2022-06-03", {"end": "2022-06-05"}),
        ("5日", "DATE", "2022-06-05", {"range": "end"}),
        ("省水利厅", "UNIT", None, {}),
        ("县应急管理局", "UNIT", None, {}),
        ("9日", "DATE", "2022-06-09", {}),
    ])
    got = build_events(text, ents, split_sentences(text), load_catalogue())
    assert [(e["unit"], e["date"], e["milestone"]) for e in got] == [
        ("省水利厅", "2022-06-03", "inspection"),
        ("县应急管理局", "2022-06-09", None),
    ]
    assert got[1]["what"] == "集中开展转移演练"


def test_parts_listed_after_a_whole_share_its_verb() -> None:
    text = "全省已配备326名网格员，包括40名专职网格员、286名兼职网格员；督导组走访了3个县的27个村。"
    ents = _ents(text, [
        ("326名", "COUNT", _count(326, "名", "网格员"), {}),
        ("40名", "COUNT", _count(40, "名", "专职网格员"), {}),
        ("286名", "COUNT", _count(286, "名", "兼职网格员"), {}),
        ("3个", "COUNT", _count(3, "个", "县"), {}),
        ("27个", "COUNT", _count(27, "个", "村"), {}),
    ])
    got = _metrics(text, ents)
    by_number = {m["number"]: m for m in got}
    assert by_number[326]["about"] == "全省已配备"  # the whole and adverb lead it
    assert by_number[40]["about"] == "全省已配备" and by_number[40]["part_of"] == 0
    assert by_number[286]["about"] == "全省已配备" and by_number[286]["part_of"] == 0
    assert by_number[27]["about"] == "走访" and by_number[27]["item"] == "村"


def test_metric_items_stated_before_elided_or_behind_a_relative_clause() -> None:
    text = ("全市纳入台账的信访积案共64件，已化解47件；市审计局共出具审计报告28份，"
            "排查出风险隐患90处，已销号72处；清退出5名不再符合条件的网格员。")
    ents = _ents(text, [
        ("64件", "COUNT", _count(64, "件", None), {}),
        ("47件", "COUNT", _count(47, "件", None), {}),
        ("28份", "COUNT", _count(28, "份", None), {}),
        ("90处", "COUNT", _count(90, "处", None), {}),
        ("72处", "COUNT", _count(72, "处", None), {}),
        ("5名", "COUNT", _count(5, "名", None), {}),
    ])
    by_number = {m["number"]: m for m in _metrics(text, ents)}
    # the elided noun of 已化解47件 is the noun of the total before it
    assert by_number[47]["item"] == "信访积案" and "化解" in by_number[47]["about"]
    # a noun stated between the verb and the number is the item
    assert by_number[28]["item"] == "审计报告"
    assert by_number[90]["item"] == "风险隐患" and by_number[72]["item"] == "风险隐患"
    # 5名不再符合条件的网格员: the head noun after 的, the verb before the count
    assert by_number[5]["item"] == "网格员" and "退出" in by_number[5]["about"]


def test_metric_items_of_occurrences_and_a_topic_before_the_verb() -> None:
    text = "开展政策宣讲350余场次；对群众反映的问题线索已核实19条；全县共登记1.2万户。"
    ents = _ents(text, [
        ("350余场次", "COUNT", _count(350, "场次", None), {}),
        ("19条", "COUNT", _count(19, "条", None), {}),
        ("1.2万户", "COUNT", _count(12000, "户", None), {}),
    ])
    by_number = {m["number"]: m for m in _metrics(text, ents)}
    assert by_number[350]["item"] is None, "场次 counts occurrences of the activity"
    assert by_number[19]["item"] == "问题线索" and by_number[19]["about"] == "已核实"
    assert by_number[12000]["item"] is None, "全县 says where, not what was counted"


def test_coordinated_counted_subjects_share_the_predicate() -> None:
    text = "5个街道和31个社区均建立了网格化服务台账。"
    ents = _ents(text, [
        ("5个", "COUNT", _count(5, "个", "街道"), {}),
        ("31个", "COUNT", _count(31, "个", "社区"), {}),
    ])
    got = _metrics(text, ents)
    assert [(m["number"], m["item"], m["about"]) for m in got] == [
        (5, "街道", "建立了网格化服务台账"), (31, "社区", "建立了网格化服务台账")]


def test_events_of_a_group_named_like_a_trigger_and_of_referring_mentions() -> None:
    text = ("3月2日，市委第二巡察组召开进驻动员会。巡察组于3月9日召开情况通报会。"
            "市生态环境局组建专班；4月6日，对12家企业开展执法检查。"
            "5月8日，该局印发了《整改工作方案》。")
    ents = _ents(text, [
        ("3月2日", "DATE", "2023-03-02", {}),
        ("市委第二巡察组", "UNIT", None, {}),
        ("3月9日", "DATE", "2023-03-09", {}),
        ("市生态环境局", "UNIT", None, {}),
        ("4月6日", "DATE", "2023-04-06", {}),
        ("5月8日", "DATE", "2023-05-08", {}),
    ])
    got = build_events(text, ents, split_sentences(text), load_catalogue())
    assert [(e["unit"], e["date"]) for e in got] == [
        ("市委第二巡察组", "2023-03-02"),  # 巡察 inside the name is no trigger
        ("市委第二巡察组", "2023-03-09"),  # a bare 巡察组 is the group named before
        ("市生态环境局", "2023-04-06"),  # the subject carried across the ；
        ("市生态环境局", "2023-05-08"),  # 该局
    ]
    assert got[0]["milestone"] == "mobilization_meeting", "巡察 in the name is not an inspection"


def test_households_counted_before_stay_the_item_of_what_was_done_for_them() -> None:
    text = "纳入帮扶台账的困难群众共1260户，已落实帮扶措施1198户；已完成农村改厕210户。"
    ents = _ents(text, [
        ("1260户", "COUNT", _count(1260, "户", None), {}),
        ("1198户", "COUNT", _count(1198, "户", None), {}),
        ("210户", "COUNT", _count(210, "户", None), {}),
    ])
    by_number = {m["number"]: m for m in _metrics(text, ents)}
    assert by_number[1198]["item"] == "困难群众" and by_number[1198]["about"] == "已落实帮扶措施"
    assert by_number[210]["item"] == "农村改厕", "no households were counted before in its sentence"


def test_a_period_is_not_the_date_of_an_event() -> None:
    text = "会议听取了县林业局关于上半年工作情况的汇报。6月15日，县林业局印发《森林防火方案》。"
    ents = _ents(text, [
        ("县林业局", "UNIT", None, {}),
        ("上半年", "DATE", "2023", {"period": "H1"}),
        ("6月15日", "DATE", "2023-06-15", {}),
    ])
    ents.append(Candidate("UNIT", text.rindex("县林业局"), text.rindex("县林业局") + 4, "县林业局"))
    got = build_events(text, sorted(ents, key=lambda c: c.start), split_sentences(text), load_catalogue())
    assert [(e["unit"], e["date"]) for e in got] == [("县林业局", "2023-06-15")]


def test_as_of_holds_until_another_date_and_a_percentage_is_no_denominator() -> None:
    text = ("截至8月31日，全区已有212个村完成换届，占96.4%。9月2日至5日，督导组走访了9个乡镇，"
            "发现问题14个。今年累计建成村级服务站35个。")
    ents = _ents(text, [
        ("截至8月31日", "DATE", "2024-08-31", {"modifier": "as_of"}),
        ("212个", "COUNT", _count(212, "个", "村"), {}),
        ("96.4%", "PERCENT", 96.4, {}),
        ("9月2日", "DATE", "2024-09-02", {"end": "2024-09-05"}),
        ("5日", "DATE", "2024-09-05", {"range": "end"}),
        ("9个", "COUNT", _count(9, "个", "乡镇"), {}),
        ("14个", "COUNT", _count(14, "个", None), {}),
        ("今年", "DATE", "2024", {"relative_year": 0}),
        ("35个", "COUNT", _count(35, "个", None), {}),
    ])
    by_number = {m["number"]: m for m in _metrics(text, ents)}
    assert by_number[212]["as_of"] == "2024-08-31" and by_number[212]["rate"] == 96.4
    assert by_number[212].get("of") is None, "占96.4% is a rate, not a denominator of 96"
    assert by_number[9]["as_of"] is None and by_number[14]["as_of"] is None
    assert by_number[35]["as_of"] is None


def test_a_year_inside_a_meeting_name_dates_no_second_event() -> None:
    text = "2024年4月2日，区城管委召开2024年第一次全体会议。"
    ents = _ents(text, [
        ("2024年4月2日", "DATE", "2024-04-02", {"year_written": True}),
        ("区城管委", "UNIT", None, {}),
    ])
    year = text.rindex("2024年")
    ents.append(Candidate("DATE", year, year + 5, "2024年", value="2024",
                          attrs={"year_written": True}))
    got = build_events(text, ents, split_sentences(text), load_catalogue())
    assert [(e["unit"], e["date"]) for e in got] == [("区城管委", "2024-04-02")]


def test_a_rate_named_in_the_next_clause_belongs_to_the_count() -> None:
    text = "共受理群众诉求420件，已办结396件，办结率达94.3%。"
    ents = _ents(text, [
        ("420件", "COUNT", _count(420, "件", None), {}),
        ("396件", "COUNT", _count(396, "件", None), {}),
        ("94.3%", "PERCENT", 94.3, {}),
    ])
    by_number = {m["number"]: m for m in _metrics(text, ents)}
    assert by_number[396]["rate"] == 94.3 and by_number[396]["item"] == "群众诉求"
    assert "rate" not in by_number[420]


def test_a_progress_list_gives_each_unit_the_milestones_it_reached_by_the_date() -> None:
    text = ("截至6月30日，各单位进展如下：\n县审计局：已召开动员大会，制定了实施方案。\n"
            "县统计局：已成立领导小组，尚未召开动员大会。\n县水利局：6月12日召开动员大会。\n")
    ents = _ents(text, [
        ("截至6月30日", "DATE", "2024-06-30", {"modifier": "as_of"}),
        ("县审计局", "UNIT", None, {}),
        ("县统计局", "UNIT", None, {}),
        ("县水利局", "UNIT", None, {}),
        ("6月12日", "DATE", "2024-06-12", {}),
    ])
    got = build_events(text, ents, split_sentences(text), load_catalogue())
    assert {(e["unit"], e["milestone"], e["date"], e.get("reached_by", False)) for e in got} == {
        ("县水利局", "mobilization_meeting", "2024-06-12", False),
        ("县审计局", "mobilization_meeting", "2024-06-30", True),
        ("县审计局", "plan_made", "2024-06-30", True),
        ("县统计局", "leadership_group", "2024-06-30", True),  # 尚未召开动员大会 is not reached
    }


def test_qizhong_after_a_semicolon_is_part_of_the_sentence_before() -> None:
    text = "全区312个村已完成换届选举；其中287个村实现了“一肩挑”。另有5个村推迟。"
    ents = _ents(text, [
        ("312个", "COUNT", _count(312, "个", "村"), {}),
        ("287个", "COUNT", _count(287, "个", "村"), {}),
        ("5个", "COUNT", _count(5, "个", "村"), {}),
    ])
    got = _metrics(text, ents)
    by_number = {m["number"]: m for m in got}
    assert by_number[287]["part_of"] == 0
    assert "part_of" not in by_number[5], "a new sentence after 。 is not a part"


def test_the_set_a_count_is_taken_from_is_its_denominator() -> None:
    text = "全县应换届的86个村（社区）中，已有79个完成换届选举。"
    ents = _ents(text, [
        ("86个", "COUNT", _count(86, "个", "村（社区）"), {}),
        ("79个", "COUNT", _count(79, "个", None), {}),
    ])
    by_number = {m["number"]: m for m in _metrics(text, ents)}
    assert by_number[79]["of"] == 86 and by_number[79]["item"] == "村（社区）"


def test_counts_of_what_has_not_reached_a_state_reach_no_milestone() -> None:
    text = "已整改隐患138处；有3家企业尚未完成整改；对未整改的18处隐患逐一销号。"
    ents = _ents(text, [
        ("138处", "COUNT", _count(138, "处", None), {}),
        ("3家", "COUNT", _count(3, "家", "企业"), {}),
        ("18处", "COUNT", _count(18, "处", "隐患"), {}),
    ])
    by_number = {m["number"]: m for m in _metrics(text, ents)}
    assert by_number[138]["milestone"] == "rectification"
    assert (by_number[3]["about"], by_number[3]["milestone"]) == ("尚未完成整改", None)
    assert (by_number[18]["about"], by_number[18]["milestone"]) == ("未整改", None)


def test_a_total_is_of_the_noun_before_it_and_kinds_are_dropped_from_items() -> None:
    text = "共排查各类隐患156处，罚款金额共计18.6万元，累计投入资金合计3200万元。"
    ents = _ents(text, [
        ("156处", "COUNT", _count(156, "处", None), {}),
        ("18.6万元", "COUNT", _count(186000, "元", None), {}),
        ("3200万元", "COUNT", _count(32000000, "元", None), {}),
    ])
    by_number = {m["number"]: m for m in _metrics(text, ents)}
    assert by_number[156]["item"] == "隐患"
    assert (by_number[186000]["about"], by_number[186000]["item"]) == ("罚款金额", "罚款金额")
    assert by_number[32000000]["about"] == "累计投入资金"


def test_a_progress_table_dates_each_row_by_its_own_date_cell() -> None:
    # a Word table as the parser writes it: one row per line, cells joined by tabs
    text = ("截至5月31日，各单位进展情况如下：\n单位\t进展情况\t完成时间\n"
            "1\t县审计局\t已召开动员大会，制定了实施方案\t4月10日\n"
            "2\t县统计局 \t已成立领导小组，尚未召开动员大会\t\n")
    ents = _ents(text, [
        ("截至5月31日", "DATE", "2024-05-31", {"modifier": "as_of"}),
        ("县审计局", "UNIT", None, {}),
        ("4月10日", "DATE", "2024-04-10", {}),
        ("县统计局", "UNIT", None, {}),
    ])
    got = build_events(text, ents, split_sentences(text), load_catalogue())
    assert {(e["unit"], e["milestone"], e["date"], e.get("reached_by", False)) for e in got} == {
        ("县审计局", "mobilization_meeting", "2024-04-10", False),
        ("县审计局", "plan_made", "2024-04-10", False),
        ("县统计局", "leadership_group", "2024-05-31", True),  # no date cell: by the 截至 date
    }


def test_the_place_where_a_meeting_was_held_is_not_its_subject() -> None:
    text = "6月9日上午，全县农村人居环境整治推进会在县委党校召开。6月10日，县委在县委党校召开全会。"
    second = text.index("。") + 1
    ents = _ents(text, [("6月9日", "DATE", "2023-06-09", {}), ("县委党校", "UNIT", None, {}),
                        ("6月10日", "DATE", "2023-06-10", {})])
    ents += [Candidate("UNIT", i, i + len(u), u) for u, i in (
        ("县委", text.index("县委在")), ("县委党校", text.index("县委党校", second)))]
    ents.sort(key=lambda c: c.start)
    got = build_events(text, ents, split_sentences(text), load_catalogue())
    assert [(e["unit"], e["date"]) for e in got] == [("县委", "2023-06-10")]


def test_a_whole_said_just_before_its_part_and_a_verb_jieba_tags_as_a_place() -> None:
    text = "截至5月底，全县86个行政村中已有71个村完成村庄规划编制，新建污水处理设施18座。"
    ents = _ents(text, [
        ("截至5月底", "DATE", "2023-05", {"modifier": "as_of"}),
        ("86个", "COUNT", _count(86, "个", "行政村"), {}),
        ("71个", "COUNT", _count(71, "个", "村"), {}),
        ("18座", "COUNT", _count(18, "座", None), {}),
    ])
    by_number = {m["number"]: m for m in _metrics(text, ents)}
    assert by_number[71]["of"] == 86
    assert (by_number[18]["about"], by_number[18]["item"]) == ("新建污水处理设施", "污水处理设施")


def test_counts_listed_before_one_predicate_share_it_and_its_negation() -> None:
    text = ("市林业局、市水务局工作进度滞后，分别有4项、3项任务未按期完成。"
            "兑现奖补资金3860万元，惠及企业520家。")
    ents = _ents(text, [
        ("4项", "COUNT", _count(4, "项", None), {}),
        ("3项", "COUNT", _count(3, "项", "任务"), {}),
        ("3860万元", "COUNT", _count(38600000, "元", None), {}),
        ("520家", "COUNT", _count(520, "家", None), {}),
    ])
    got = {m["number"]: m for m in _metrics(text, ents)}
    assert [(got[n]["item"], got[n]["about"], got[n]["milestone"]) for n in (4, 3)] == [
        ("任务", "未按期完成", None), ("任务", "未按期完成", None)]
    assert got[38600000]["about"] == "兑现奖补资金"  # 奖补资金 is one noun
    assert (got[520]["about"], got[520]["item"]) == ("惠及企业", "企业")  # 惠及 is a verb



def test_words_jieba_keeps_whole_or_mistags_still_give_verb_and_item() -> None:
    text = "去年以来全区共发展党员312名；整顿软弱涣散党组织14个。"
    ents = _ents(text, [("312名", "COUNT", _count(312, "名", None), {}),
                        ("14个", "COUNT", _count(14, "个", None), {})])
    got = {m["number"]: m for m in _metrics(text, ents)}
    assert (got[312]["about"], got[312]["item"]) == ("全区共发展党员", "党员")  # 发展党员 is no idiom
    assert got[14]["about"].startswith("整顿")  # 整顿 is a verb, not a numeral


def test_a_units_own_report_its_self_mentions_and_milestones_reached_the_same_day() -> None:
    text = ("3月2日，我局召开专项整治动员部署会，成立了以局长为组长的工作领导小组，制定了实施方案，"
            "将于4月底前开展“回头看”。截至目前，共检查食品生产经营单位436家。")
    ents = _ents(text, [("3月2日", "DATE", "2024-03-02", {}),
                        ("436家", "COUNT", _count(436, "家", "食品生产经营单位"), {})])
    got = build_events(text, ents, split_sentences(text), load_catalogue(), issuer="县市场监督管理局")
    assert [(e["unit"], e["date"], e["milestone"]) for e in got] == [
        ("县市场监督管理局", "2024-03-02", "mobilization_meeting"),
        ("县市场监督管理局", "2024-03-02", "leadership_group"),
        ("县市场监督管理局", "2024-03-02", "plan_made"),
    ]  # 将…开展 is not done yet
    assert build_events(text, ents, split_sentences(text), load_catalogue()) == []  # no issuer
    (metric,) = build_metrics(text, ents, split_sentences(text), load_catalogue(), now="2024-03-29")
    assert metric["as_of"] == "2024-03-29"  # 截至目前: as of the report's date


def test_the_body_that_approved_is_not_the_one_that_acted() -> None:
    text = "经县政府同意，决定于6月1日在全县开展安全生产月活动。"
    ents = _ents(text, [("县政府", "UNIT", None, {}), ("6月1日", "DATE", "2024-06-01", {})])
    assert build_events(text, ents, split_sentences(text), load_catalogue()) == []


def test_a_trigger_inside_a_unit_named_in_a_following_clause_is_no_milestone() -> None:
    text = "3月2日，县委召开动员部署会，随即向县委督导组汇报了情况。"
    ents = _ents(text, [("3月2日", "DATE", "2024-03-02", {}), ("县委", "UNIT", None, {})])
    ents.append(Candidate("UNIT", text.index("县委督导组"), text.index("县委督导组") + 5, "县委督导组"))
    ents.sort(key=lambda c: c.start)
    got = build_events(text, ents, split_sentences(text), load_catalogue())
    assert [e["milestone"] for e in got] == ["mobilization_meeting"]  # 督导 is in the group's name
