"""Counts and percentages: golden tables by phenomenon, the example bulletin's key, properties."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.rules.counts import find_counts, measure_words, set_phrases
from extractor.rules.numerals import int_to_cn
from tests.conftest import EXAMPLE, EXAMPLE_KEY
from tests.golden import golden_params


def _golden() -> list[Any]:
    return golden_params("counts")


def _as_expected(c: Any) -> dict[str, Any]:
    if c.label == "PERCENT":
        return {"label": "PERCENT", "text": c.text, "value": c.value}
    out = {"text": c.text, **c.value}
    if "approx" in c.attrs:
        out["approx"] = c.attrs["approx"]
    return out


@pytest.mark.parametrize(("text", "expected"), _golden())
def test_golden(text: str, expected: list[dict[str, Any]]) -> None:
    found = find_counts(text)
    assert [_as_expected(c) for c in found] == expected
    for c in found:
        assert text[c.start : c.end] == c.text
        assert c.score == (0.95 if c.label == "PERCENT" else 0.9)


def test_lexicons_load() -> None:
    words = measure_words()
    assert {"个", "名", "位", "元", "天"} <= set(words)
    assert words["位"].item == "yes" and words["元"].item == "no"
    assert set_phrases().search("增强四个意识") is not None


@given(st.integers(1, 99_999_999), st.sampled_from(["名干部", "个单位", "元"]))
def test_number_is_read_in_every_script(n: int, tail: str) -> None:
    for written in (str(n), int_to_cn(n), f"{n:,}"):
        found = [c for c in find_counts(f"共有{written}{tail}。") if c.label == "COUNT"]
        assert len(found) == 1, written
        assert found[0].value["number"] == n
        assert found[0].value["measure"] == ("元" if tail == "元" else tail[0])


def _key() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(EXAMPLE_KEY.read_text(encoding="utf-8"))["entities"]["COUNT"]
    return spec


@pytest.mark.skipif(
    not EXAMPLE_KEY.exists(), reason="../shared (example bulletin and key) is absent"
)
def test_example_bulletin_counts_match_the_key() -> None:
    spec = _key()
    found = [c for c in find_counts(EXAMPLE.read_text(encoding="utf-8")) if c.label == "COUNT"]
    by_text: dict[str, list[dict[str, Any]]] = {}
    for c in found:
        by_text.setdefault(c.text, []).append(c.value)
    for item in spec["required"]:
        want = {k: item[k] for k in ("number", "measure", "item")}
        assert want in by_text.get(item["text"], []), item["text"]
    assert not set(by_text) & set(spec["forbidden"])
    allowed = {i["text"] for i in spec["required"] + spec["optional"]}
    assert set(by_text) <= allowed


def test_vague_numbers_are_no_counts() -> None:
    assert find_counts("数十家企业受益，几百人参加") == []
    assert [c.value["number"] for c in find_counts("十余个部门参与")] == [10]


@pytest.mark.parametrize(("text", "span", "number", "measure", "item"), [
    ("会议提出三点要求：一是…", "三点", 3, "点", "要求"),  # points of a speech, with their noun
    ("全年明确86项目标任务。", "86项", 86, "项", "目标任务"),  # 项 + 目标, not 项目
    ("累计降雨42㎜。", "42㎜", 42, "㎜", None),
    ("新修18.5KM村道。", "18.5KM", 18.5, "KM", None),
])
def test_measures_real_reports_use(text: str, span: str, number: float, measure: str,
                                   item: str | None) -> None:
    got = {c.text: c.value for c in find_counts(text)}
    assert got[span] == {"number": number, "measure": measure, "item": item}


@pytest.mark.parametrize("text", [
    "下午3点召开会议。",  # a clock time: 点 needs its noun
    "县政协十一届六次会议开幕。",  # a session's number
    "总结上一轮评估整改情况。",  # which round
    "对一、二、三轮巡察整改情况开展督查。",  # numerals listed before the measure
    "使全县人民度过一个欢乐祥和的春节。",  # an article
    "进行一次全面的督促检查。",
])
def test_numbers_that_say_which_one_or_nothing(text: str) -> None:
    assert [c for c in find_counts(text) if c.label == "COUNT"] == []


def test_a_verb_before_the_next_number_is_no_part_of_the_item() -> None:
    got = {c.text: c.value["item"] for c in find_counts("对全区6家单位开设9个政务新媒体账号进行检查")}
    assert got == {"6家": "单位", "9个": "政务新媒体账号"}
