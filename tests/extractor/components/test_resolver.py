"""The overlap policy: one place decides which of two overlapping candidates survives."""

from __future__ import annotations

from extractor.components.resolver import resolve
from extractor.spans import Candidate


def cand(text: str, whole: str, label: str, score: float = 0.9, nth: int = 0) -> Candidate:
    start = -1
    for _ in range(nth + 1):
        start = whole.index(text, start + 1)
    return Candidate(label, start, start + len(text), text, score=score)


TEXT = "县纪委副书记、县监委委员陈立新到市委第三巡察组报到"


def test_a_title_keeps_the_unit_inside_it() -> None:
    title = cand("县纪委副书记", TEXT, "TITLE")
    unit = cand("县纪委", TEXT, "UNIT", 0.97)
    assert resolve([unit, title]) == [title, unit]


def test_a_number_inside_a_name_is_part_of_the_name() -> None:
    unit = cand("市委第三巡察组", TEXT, "UNIT", 0.85)
    count = cand("三巡", TEXT, "COUNT", 0.99)
    assert resolve([count, unit]) == [unit]


def test_crossing_spans_go_by_score_then_length() -> None:
    person = cand("陈立新", TEXT, "PERSON", 0.9)
    wrong = cand("委员陈", TEXT, "PERSON", 0.6)
    assert resolve([wrong, person]) == [person]


def test_identical_spans_are_merged_keeping_the_higher_score() -> None:
    a = cand("陈立新", TEXT, "PERSON", 0.7)
    b = cand("陈立新", TEXT, "PERSON", 0.95)
    assert [c.score for c in resolve([a, b])] == [0.95]


def test_empty_spans_are_dropped_and_order_is_textual() -> None:
    empty = Candidate("UNIT", 3, 3, "")
    person = cand("陈立新", TEXT, "PERSON")
    unit = cand("县纪委", TEXT, "UNIT")
    assert resolve([person, empty, unit]) == [unit, person]
