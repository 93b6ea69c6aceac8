"""PERSON and TITLE finding in the structures bulletins use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.components.resolver import resolve
from extractor.rules.people import find_people, is_name
from extractor.rules.units import find_units
from extractor.spans import Candidate

GOLDEN = Path(__file__).parents[2] / "data" / "golden" / "people.jsonl"
CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line]


def _entities(text: str) -> list[Candidate]:
    units = find_units(text)
    return resolve(units + find_people(text, units))


def _labelled(text: str, label: str) -> set[str]:
    return {c.text for c in _entities(text) if c.label == label}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_persons_and_titles(case: dict) -> None:
    assert _labelled(case["text"], "PERSON") == set(case["persons"])
    assert _labelled(case["text"], "TITLE") == set(case["titles"])


def test_title_chain_keeps_unit_inside_title() -> None:
    text = "省直工委副书记、省直纪工委书记王明德出席。"
    ents = _entities(text)
    assert {c.text for c in ents if c.label == "TITLE"} == {"省直工委副书记", "省直纪工委书记"}
    assert "省直工委" in {c.text for c in ents if c.label == "UNIT"}


def test_title_without_person_is_not_reported() -> None:
    text = "各单位党委书记要亲自抓，厅长办公会研究决定。"
    assert not [c for c in _entities(text) if c.label in ("TITLE", "PERSON")]


@pytest.mark.parametrize("word", ["高度", "方面", "全面", "万元", "张贴", "任务"])
def test_common_words_are_not_names(word: str) -> None:
    assert not is_name(word)


@pytest.mark.parametrize("name", ["方潮贵", "欧阳志刚", "诸葛立新", "许丽", "钟国辉"])
def test_plausible_names(name: str) -> None:
    assert is_name(name)


def test_two_and_three_character_names_split_right() -> None:
    text = "副局长王平主持会议，处长李建国带队检查。"
    assert _labelled(text, "PERSON") == {"王平", "李建国"}


@pytest.mark.parametrize(("text", "persons"), [
    ("会上，王建国书记强调，要抓好落实。", {"王建国"}),  # a name before its post
    ("县委副书记刘志强主持会议，李明华县长出席并讲话。", {"刘志强", "李明华"}),
    ("在赵海峰局长的带领下，检查组走访了三个乡镇。", {"赵海峰"}),
    ("会议选举产生新一届委员会，周海涛当选为主任。", {"周海涛"}),  # a name at a clause's head
    ("随后，孙雅琴宣读了表彰决定。", {"孙雅琴"}),
])
def test_names_before_their_post_or_what_they_did(text: str, persons: set[str]) -> None:
    assert _labelled(text, "PERSON") == persons


@pytest.mark.parametrize(("text", "persons"), [
    ("（通讯员 陈晓东）3月5日，县水利局召开会议。", {"陈晓东"}),
    ("记者 张丽 通讯员 王刚", {"张丽", "王刚"}),
    ("（本报记者李舸摄）", {"李舸"}),  # the photographer's 摄 is not part of the name
    ("撰稿：李小红  审核：王大伟", {"李小红", "王大伟"}),
    ("文/图 吴明远、郑晓燕", {"吴明远", "郑晓燕"}),
])
def test_bylines_name_their_writers(text: str, persons: set[str]) -> None:
    assert _labelled(text, "PERSON") == persons


@pytest.mark.parametrize("text", [
    "张经理表示，我们代办的业务很多。",  # a family name and a post: a way of addressing
    "高度重视，狠抓落实。",  # a word that starts with a family name
    "记者会上，发言人介绍了情况。",
])
def test_no_name_at_a_clause_head_where_there_is_none(text: str) -> None:
    assert _labelled(text, "PERSON") == set()


@pytest.mark.parametrize(("text", "persons"), [
    ("深入贯彻方立群总书记关于生态保护的重要讲话精神。", {"方立群"}),  # name and post mid-clause
    ("会议集体学习了韩振东同志在座谈会上的讲话。", {"韩振东"}),
    ("县领导许文斌、龚雪梅，县级各有关部门负责人参加座谈会。", {"许文斌", "龚雪梅"}),
    ("全镇圆满完成复评工作。(青山镇  辜丽娟)", {"辜丽娟"}),  # a closing byline in brackets
    ("如有疑问请联系。联系人:易明远,联系电话:12345678。", {"易明远"}),
    ("林家栋院士说，要坚持问题导向。", {"林家栋"}),
])
def test_names_with_posts_comrade_group_labels_and_closing_bylines(text: str, persons: set[str]) -> None:
    assert _labelled(text, "PERSON") == persons


def test_a_deputy_is_a_title() -> None:
    from extractor.extraction import extract
    from extractor.parse import parse_bytes

    ex = extract(parse_bytes("会上，东安市人大代表、镇党委书记王某焱指出要抓好落实。".encode(), "a.txt"))
    officials = {r["name"]: r["titles"] for r in ex.records if r["kind"] == "official"}
    assert officials["王某焱"] == ["东安市人大代表", "镇党委书记"]
