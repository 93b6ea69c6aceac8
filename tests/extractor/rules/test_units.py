"""UNIT finding: gazetteer, organ-suffix grammar and collective mentions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.components.resolver import resolve
from extractor.rules.units import find_units

GOLDEN = Path(__file__).parents[2] / "data" / "golden" / "units.jsonl"
CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line]


def _texts(text: str) -> set[str]:
    return {c.text for c in resolve(find_units(text))}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_paragraph_units(case: dict) -> None:
    found = _texts(case["text"])
    assert set(case["units"]) <= found
    assert not found & set(case["not_units"])


@pytest.mark.parametrize("case", [c for c in CASES if c.get("collective")], ids=lambda c: c["id"])
def test_collective_mentions_are_flagged(case: dict) -> None:
    flagged = {c.text for c in find_units(case["text"]) if c.attrs.get("collective")}
    assert set(case["collective"]) <= flagged


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("经省委领导同意，印发方案。", "省委"),
        ("市直工委于3月2日发出通知。", "市直工委"),
        ("成立县直机关作风建设专项行动领导小组，下设办公室。", "县直机关作风建设专项行动领导小组"),
        ("省委主题教育第5巡回指导组到厅调研。", "省委主题教育第5巡回指导组"),
        ("会议由黔南州人力资源和社会保障局承办。", "黔南州人力资源和社会保障局"),
        ("国家发改委、中宣部联合发文。", "国家发改委"),
        ("国家发改委、中宣部联合发文。", "中宣部"),
        ("9月3日，乡党委召开专题会议。", "乡党委"),  # the town's own organ, written alone
        ("县行政审批服务局在县政务服务中心设立专窗。", "县行政审批服务局"),
        ("4月2日，铁西区召开动员部署会。", "铁西区"),  # a district acting as a body
        ("县发改局：已召开动员部署会。", "县发改局"),  # county departments by their short names
        ("由区卫健局、区市监局牵头。", "区市监局"),
        ("县融媒体中心发布消息。", "县融媒体中心"),
        ("县长深入石门镇、清溪乡调研。", "石门镇"),  # gone to, though 石门 is a common word
        ("县长深入石门镇、清溪乡调研。", "清溪乡"),
        ("今年以来，清溪乡聚焦特色产业。", "清溪乡"),  # a township at the head of a clause
        ("石桥镇、马家乡安全监管人员不足。", "马家乡"),  # listed after a town
        ("重点督导城关镇、华埠镇。", "城关镇"),  # the town a group inspects
        ("有12个单位和吴河乡、伏山乡等六个乡。", "吴河乡"),
        ("三台县依托“农民夜校”开展宣讲。", "三台县"),  # a county acting at the head of a clause
        ("市政府督查室于4月上旬组成3个督查组。", "市政府督查室"),  # jieba glues 室于
        ("区城管委、区住建委：", "区城管委"),  # committees kept in place of bureaus
        ("区城管委、区住建委：", "区住建委"),
        ("李家村党支部开展主题党日。", "李家村党支部"),  # a village's own organ
        ("和平社区居委会组织巡查。", "和平社区居委会"),
        ("市公安局城东分局破获案件。", "市公安局城东分局"),  # a branch after its parent
    ],
)
def test_unit_boundaries(text: str, unit: str) -> None:
    assert unit in _texts(text)


def test_a_preposition_never_starts_or_joins_a_unit() -> None:
    found = _texts("5月6日，市行政审批局在市政务服务中心设立窗口。")
    assert {"市行政审批局", "市政务服务中心"} <= found
    assert not any(u.startswith("局") or "在" in u for u in found), found


def test_a_place_is_a_unit_only_when_it_acts() -> None:
    assert "铁西区" not in _texts("调研组到铁西区召开座谈会。")
    assert "全区" not in _texts("全区召开动员部署会。")


@pytest.mark.parametrize(
    "text",
    [
        "各单位召开党组（党委）会议，部署动员大会。",
        "省委召开保持共产党员先进性教育活动工作会议。",
        "推动形成新发展格局，加强全局统筹。",
    ],
)
def test_meetings_and_common_words_are_not_units(text: str) -> None:
    found = _texts(text)
    assert not {t for t in found if t.endswith(("会议", "大会", "格局", "全局"))}
    assert "各单位" not in found


def test_nothing_inside_document_titles() -> None:
    text = "县委印发《关于成立县乡村振兴工作领导小组的通知》。"
    found = _texts(text)
    assert "县委" in found
    assert not [t for t in found if "领导小组" in t]


def test_offsets_point_into_the_text() -> None:
    text = "3月1日，省财政厅和省审计厅联合召开会议，广州XX软件有限公司列席。"
    for c in find_units(text):
        assert text[c.start : c.end] == c.text
        assert c.source in ("gazetteer", "rule")


def test_a_branch_starts_after_no_preposition() -> None:
    assert _texts("市公安局向各派出所下发通知。") == {"市公安局"}
    assert "县公安局和交警大队" not in _texts("县公安局和交警大队联合执法。")


@pytest.mark.parametrize(("text", "units"), [
    ("财政局、民政局、教育局等单位参加会议。", {"财政局", "民政局", "教育局"}),  # a list of bare departments
    ("由宣传部牵头，组织部配合。", {"宣传部", "组织部"}),
])
def test_departments_named_without_their_place(text: str, units: set[str]) -> None:
    assert units <= {c.text for c in find_units(text)}


@pytest.mark.parametrize("text", ["财政局局长出席。", "会议在县人社局六楼会议室召开。"])
def test_no_bare_department_in_a_post_and_no_room_is_a_unit(text: str) -> None:
    found = {c.text for c in find_units(text)}
    assert not any(u.endswith("会议室") for u in found)
    assert "财政局局长" not in found


@pytest.mark.parametrize(("text", "unit"), [
    ("3月2日，教育厅党组书记、厅长主持会议。", "教育厅党组"),  # a short name of the unit + its Party organ
    ("集团公司党委召开专题会议。", "集团公司党委"),
    ("研究院党委副书记孙某主持。", "研究院党委"),
    ("机关党委要及时转发文件。", "机关党委"),  # the organ at the head of a clause
    ("会议由纪委书记王某主持。", "纪委"),  # a bare organ before its post and a name
])
def test_a_units_own_party_organ(text: str, unit: str) -> None:
    assert unit in _texts(text)


def test_a_bare_party_organ_before_a_post_in_general_is_no_unit() -> None:
    assert "党委" not in _texts("党委书记要履行第一责任人职责。")


@pytest.mark.parametrize(("text", "units"), [
    ("南岗、北林、东湖等四个单位负责人作表态发言。", {"南岗", "北林", "东湖"}),  # the tail says units
    ("科研处、人事处、后勤管理处等部门参加。", {"科研处", "人事处", "后勤管理处"}),
    ("各县人民政府、高新技术产业开发区、东湖新区：", {"东湖新区"}),  # places of a level beside a unit
])
def test_items_of_a_list_of_units(text: str, units: set[str]) -> None:
    assert units <= _texts(text)


def test_a_list_of_things_is_no_list_of_units() -> None:
    found = _texts("贯彻落实省委、市委决策部署，召开座谈会、推进会等会议。")
    assert not {t for t in found if t.endswith(("部署", "会"))}, found


@pytest.mark.parametrize(("text", "unit"), [
    ("区防指启动防汛四级应急响应。", "区防指"),  # headquarters every level keeps
    ("市气象台发布暴雨预警。", "市气象台"),
    ("县公安局（含县交警大队）参加检查。", "县交警大队"),
    ("请于6月5日前报区政府办公室。", "区政府办公室"),  # 前报 is no place before 区
])
def test_offices_every_level_keeps(text: str, unit: str) -> None:
    found = _texts(text)
    assert unit in found
    assert not [t for t in found if t.startswith(("前报", "含", "后报"))], found


@pytest.mark.parametrize(("text", "unit"), [
    ("东湖区召开第5次常务会议。", "东湖区"),  # a district acting, tagged a name by jieba or not
    ("青石镇召开乡村建设推进大会。", "青石镇"),
])
def test_places_acting_at_the_head_of_a_headline(text: str, unit: str) -> None:
    assert unit in _texts(text)


@pytest.mark.parametrize(("text", "unit"), [
    ("民盟东湖区委会召开座谈会。", "民盟东湖区委会"),  # a democratic party's organ, short form
    ("九三学社市委领导出席。", "九三学社市委"),
])
def test_democratic_parties_organs(text: str, unit: str) -> None:
    found = _texts(text)
    assert unit in found
    assert not [t for t in found if t != unit and unit.endswith(t)], found  # not 东湖区委会 alone


@pytest.mark.parametrize(("text", "unit"), [
    ("11月4日，巡察工作领导小组组长约谈了负责人。", "巡察工作领导小组"),  # a group named by its task
    ("他作为院长和分院保持共产党员先进性教育活动领导小组副组长发言。",
     "分院保持共产党员先进性教育活动领导小组"),
    ("市秸秆禁烧和综合利用工作督查组负责人参加。", "市秸秆禁烧和综合利用工作督查组"),  # a 和 in the task
])
def test_groups_named_by_their_task(text: str, unit: str) -> None:
    assert unit in _texts(text)


@pytest.mark.parametrize("text", [
    "为落实工作领导小组的要求，召开会议。",  # a verb of the clause, not the group's name
    "成立清廉机关建设\n工作领导小组\n",  # a headline's second line
])
def test_no_group_named_by_a_clause_verb_or_a_headline_tail(text: str) -> None:
    assert not [t for t in _texts(text) if t.endswith("领导小组")]


def test_the_places_of_a_figures_list() -> None:
    found = _texts("各市完成率分别为：东安市76.4%、南平市28.9%、西河州58.8%。")
    assert {"东安市", "南平市", "西河州"} <= found


def test_a_street_office_in_a_list_of_towns() -> None:
    assert "城南街办" in _texts("其中：东坝镇、城南街办、西林镇完成进度较好。")


@pytest.mark.parametrize(("text", "unit"), [
    ("被团中央授予“全国五四红旗团支部”称号。", "团中央"),  # the Youth League's committees
    ("经团省委同意，表彰优秀团员。", "团省委"),
    ("7月10日，机关党委在会议室召开动员大会。", "机关党委"),  # 在…召开 after the organ
    ("3月14日，东安县在县委会议室召开全县妇女工作会议。", "东安县"),
    ("县委、人大、政协分管领导参加会议。", "人大"),  # a standing organ by its kind, beside a unit
])
def test_organs_named_by_level_or_kind(text: str, unit: str) -> None:
    assert unit in _texts(text)


def test_a_town_its_village_and_the_villages_listed_after_it() -> None:
    found = _texts("县委巡察组对安和镇石桥村、青松村、白沙岭村开展对村巡察。")
    assert {"安和镇石桥村", "青松村", "白沙岭村"} <= found, found
    assert "东塘镇" in _texts("由东塘镇处理的关于迁户口问题。")


def test_a_committees_term_is_part_of_its_name() -> None:
    assert "八届东安区委" in _texts("八届东安区委于2020年10月开展了第六轮常规巡察。")


def test_a_post_ends_a_units_name_going_left() -> None:
    found = _texts("气象局局长郑某会见中央统战部副部长陈某。")
    assert "中央统战部" in found and not [u for u in found if "局长" in u], found


def test_a_group_with_its_ordinal_as_one_word() -> None:
    assert "第一督导组" in _texts("第一督导组组长孙某讲话。")


def test_a_request_to_every_street_office_names_no_town() -> None:
    found = _texts("请各街道、区防指成员单位按照预案做好应急响应。")
    assert "区防指" in found and not [u for u in found if u.startswith("请")], found
