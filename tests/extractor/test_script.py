"""A text in traditional characters is read as simplified, and reported as written."""

from __future__ import annotations

from extractor.extraction import extract
from extractor.parse import parse_bytes
from extractor.script import is_traditional, to_simplified

NOTICE = """關於開展全縣農村改廁工作督查的通知

各鄉鎮人民政府，縣直各單位：
3月5日，縣農業農村局召開全縣改廁工作推進會，副縣長陳國華出席會議並講話。
截至3月底，全縣已完成改廁任務1200戶。

縣人民政府辦公室
2021年4月2日
"""


def test_detection_and_same_length() -> None:
    assert is_traditional(NOTICE)
    assert not is_traditional("县农业农村局召开全县改厕工作推进会。")
    simple = to_simplified(NOTICE)
    assert len(simple) == len(NOTICE) and "县农业农村局" in simple


def test_entities_records_and_structure_keep_the_original_characters() -> None:
    ex = extract(parse_bytes(NOTICE.encode(), "notice.txt"))
    got = {(e.label, e.text) for e in ex.entities}
    assert ("PERSON", "陳國華") in got
    assert ("UNIT", "縣農業農村局") in got
    for e in ex.entities:
        assert NOTICE[e.start:e.end] == e.text
    officials = {r["name"]: r["titles"] for r in ex.records if r["kind"] == "official"}
    assert officials == {"陳國華": ["副縣長"]}
    events = [(r["unit"], r["date"]) for r in ex.records if r["kind"] == "event"]
    assert ("縣農業農村局", "2021-03-05") in events
    doc = ex.document
    assert doc.title == "關於開展全縣農村改廁工作督查的通知"
    assert doc.date == "2021-04-02"
    assert doc.recipients == ["各鄉鎮人民政府", "縣直各單位"]
