"""Official records: titles, campaign roles and evidence per person."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.components.resolver import resolve
from extractor.records.officials import build_officials
from extractor.rules.people import find_people
from extractor.rules.sentences import split_sentences
from extractor.rules.units import find_units

GOLDEN = Path(__file__).parents[2] / "data" / "golden" / "people.jsonl"
CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line]
SHARED = Path(__file__).parents[3].parent / "shared" / "examples"


def _officials(text: str) -> list[dict]:
    units = find_units(text)
    ents = resolve(units + find_people(text, units))
    return build_officials(text, ents, split_sentences(text))


def _by_name(records: list[dict]) -> dict[str, tuple[set[str], set[str]]]:
    return {r["name"]: (set(r["titles"]), set(r["roles"])) for r in records}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_officials(case: dict) -> None:
    assert _by_name(_officials(case["text"])) == _by_name(case["officials"])


def test_record_shape_and_evidence_is_first_mention() -> None:
    text = "会议由县长赵国强主持。\n赵国强强调，要压实责任。"
    (rec,) = _officials(text)
    assert rec["kind"] == "official" and rec["name"] == "赵国强"
    assert rec["titles"] == ["县长"] and rec["roles"] == []
    s, e = rec["evidence"]
    assert text[s:e] == "会议由县长赵国强主持。"


def test_roles_listed_with_fenbie() -> None:
    text = "副组长分别由区委副书记钱立群，区政府副区长沈丹担任。"
    got = _by_name(_officials(text))
    assert got == {"钱立群": ({"区委副书记"}, {"副组长"}), "沈丹": ({"区政府副区长"}, {"副组长"})}


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/examples is not present")
def test_example_bulletin_officials() -> None:
    text = (SHARED / "guangdong-2005-bulletin.txt").read_text(encoding="utf-8")
    gold = json.loads((SHARED / "guangdong-2005-bulletin.gold.json").read_text(encoding="utf-8"))
    got = _by_name(_officials(text))
    want = _by_name(gold["officials"])
    assert set(got) == set(want)
    hits = sum(len(got[n][0] & want[n][0]) + len(got[n][1] & want[n][1]) for n in want)
    total = sum(len(want[n][0]) + len(want[n][1]) for n in want)
    assert hits / total >= 0.9


def test_attendance_names_set_apart_by_spaces() -> None:
    text = "出席：刘建新  何  平  欧阳明华\n记录：韩  雪\n"
    names = [r["name"] for r in _officials(text)]
    assert names == ["刘建新", "何平", "欧阳明华", "韩雪"]


def test_a_post_held_concurrently_is_a_title_and_a_group_place_a_role() -> None:
    text = "乡党委书记赵明（兼乡人大主席团主席）表示支持。副主任由董立（兼宣传组组长）担任。"
    got = _by_name(_officials(text))
    assert got["赵明"] == ({"乡党委书记", "乡人大主席团主席"}, set())
    assert got["董立"][1] == {"副主任", "宣传组组长"}
