"""Numerals: scripts, digit-by-digit years, errors, the int → Chinese → int round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.evaluation.testcases import evaluate_testcases
from extractor.rules.numerals import cn_to_int, digits_to_int, int_to_cn, parse_number

CORPORA = Path(__file__).resolve().parents[4] / "shared" / "corpora"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一百一十九", 119),
        ("三百九十三", 393),
        ("两千", 2000),
        ("十", 10),
        ("百", 100),
        ("二十一", 21),
        ("廿一", 21),
        ("三万五", 35000),
        ("１０００", 1000),
        ("1,250", 1250),
        ("1.2万", 12000),
        ("0.5亿", 50_000_000),
        ("二〇〇五", 2005),
        ("零点五", 0.5),
        ("壹佰贰拾", 120),
        ("兩萬", 20000),
    ],
)
def test_parse_number(text: str, number: float) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "一把手", "百分之", "点五", "1..2", "三个"])
def test_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_integers_only() -> None:
    assert cn_to_int("二〇二四") == 2024
    with pytest.raises(ValueError):
        cn_to_int("一点五")
    with pytest.raises(ValueError):
        digits_to_int("二十")


@given(st.integers(0, 10**16 - 1))
def test_round_trip(n: int) -> None:
    assert parse_number(int_to_cn(n)) == n
    assert cn_to_int(str(n)) == n


@given(st.integers(1000, 2999))
def test_digit_by_digit_round_trip(year: int) -> None:
    assert digits_to_int("".join("〇一二三四五六七八九"[int(d)] for d in str(year))) == year


@pytest.mark.skipif(
    not (CORPORA / "zh-time-number-testcases").is_dir(),
    reason="../shared/corpora/zh-time-number-testcases is absent",
)
def test_public_testcases() -> None:
    result = evaluate_testcases(CORPORA)
    overall = result["overall"]
    assert overall["passed"] + overall["failed"] >= 250  # the in-scope cases are really run
    assert overall["pass_rate"] >= 0.95
    dates = result["files"]["jionlp_time_parser_cases.json"]
    assert dates["passed"] > 0 and dates["skipped"] > 0
