"""Dates: golden tables by phenomenon, the CONTRACT year rule branch by branch, and properties."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.rules.dates import find_dates, normalize_date, resolve_dates
from extractor.rules.numerals import digits_to_int, int_to_cn
from tests.conftest import EXAMPLE, EXAMPLE_KEY
from tests.golden import golden_params


def _golden() -> list[Any]:
    return golden_params("dates")


@pytest.mark.parametrize(("text", "expected"), _golden())
def test_golden(text: str, expected: list[dict[str, Any]]) -> None:
    found = find_dates(text)
    assert [(c.text, c.value) for c in found] == [(e["text"], e["value"]) for e in expected]
    for cand, exp in zip(found, expected, strict=True):
        assert text[cand.start : cand.end] == cand.text
        assert cand.label == "DATE" and cand.score == 0.95
        for key, value in exp.get("attrs", {}).items():
            assert cand.attrs.get(key) == value, key


def _resolved(
    text: str, *, document_date: str | None = None, reference_date: str | None = None
) -> list[str]:
    found = find_dates(text)
    resolve_dates(found, document_date=document_date, reference_date=reference_date)
    return [c.value for c in found]


def test_year_from_the_nearest_earlier_written_year() -> None:
    text = "2021年10月份召开部署会，10月31日前完成自查；2022年3月复查，5月8日通报。"
    assert _resolved(text, document_date="2024-01-05", reference_date="2025-06-01") == [
        "2021-10",
        "2021-10-31",
        "2022-03",
        "2022-05-08",
    ]


def test_year_from_the_document_date_not_the_nearest() -> None:
    # The document date gives its own year, even where another year would be nearer.
    assert _resolved("11月30日前报送", document_date="2021-01-10", reference_date="2021-01-10") == [
        "2021-11-30"
    ]


@pytest.mark.parametrize(
    ("text", "reference", "want"),
    [
        ("12月30日召开", "2005-01-05", "2004-12-30"),
        ("1月3日召开", "2004-12-28", "2005-01-03"),
        ("6月1日召开", "2005-01-27", "2005-06-01"),
        ("9月份启动", "2005-01-27", "2004-09"),
    ],
)
def test_year_nearest_to_the_reference_date(text: str, reference: str, want: str) -> None:
    assert _resolved(text, reference_date=reference) == [want]


def test_year_stays_unknown_without_context() -> None:
    assert _resolved("3月15日召开，18日结束") == ["XXXX-03-15", "XXXX-03-18"]


def test_resolved_years_do_not_anchor_later_dates() -> None:
    # 12月28日 is nearest in 2004; 3月5日 takes its own nearest year, not 12月28日's.
    assert _resolved("12月28日召开会议，3月5日完成", reference_date="2005-01-10") == [
        "2004-12-28",
        "2005-03-05",
    ]


def test_day_alone_takes_the_month_of_the_nearest_earlier_date() -> None:
    assert _resolved("2019年7月3日部署，5日启动，8月2日检查，9日总结") == [
        "2019-07-03",
        "2019-07-05",
        "2019-08-02",
        "2019-08-09",
    ]


def test_day_alone_from_document_then_reference_date() -> None:
    assert _resolved("21日成立", document_date="2020-04-30") == ["2020-04-21"]
    assert _resolved("28日成立", reference_date="2005-02-02") == ["2005-01-28"]
    assert _resolved("3日成立", reference_date="2005-02-27") == ["2005-03-03"]
    assert _resolved("21日成立") == ["XXXX-XX-21"]


def test_relative_years_from_document_else_reference_date() -> None:
    text = "去年底完成，今年3月验收，明年推广"
    assert _resolved(text, document_date="2019-06-01", reference_date="2030-01-01") == [
        "2018",
        "2019-03",
        "2020",
    ]
    assert _resolved(text, reference_date="2010-05-01") == ["2009", "2010-03", "2011"]
    assert _resolved(text) == ["XXXX", "XXXX-03", "XXXX"]


def test_range_end_follows_its_start_across_the_new_year() -> None:
    found = find_dates("2004年部署，12月28日至1月3日开展集中整治，5日总结")
    resolve_dates(found, document_date=None, reference_date=None)
    assert [c.text for c in found] == ["2004年", "12月28日", "1月3日", "5日"]
    assert [c.value for c in found] == ["2004", "2004-12-28", "2005-01-03", "2005-01-05"]
    assert found[1].attrs["end"] == "2005-01-03"
    assert found[2].attrs["written"] == "XXXX-01-03"


_YEARS = st.integers(1950, 2099)
_DAYS = st.tuples(st.integers(1, 12), st.integers(1, 28))


def _cn_year(y: int) -> str:
    return "".join("〇一二三四五六七八九"[int(d)] for d in str(y))


@given(_YEARS, _DAYS, st.sampled_from(["arabic", "chinese", "iso", "slash", "full"]))
def test_normalize_is_idempotent(year: int, md: tuple[int, int], form: str) -> None:
    month, day = md
    text = {
        "arabic": f"{year}年{month}月{day}日",
        "chinese": f"{_cn_year(year)}年{int_to_cn(month)}月{int_to_cn(day)}日",
        "iso": f"{year}-{month:02d}-{day:02d}",
        "slash": f"{year}/{month}/{day}",
        "full": f"{year}年{month}月{day}日".translate(
            str.maketrans("0123456789", "０１２３４５６７８９")
        ),
    }[form]
    value = normalize_date(text)
    assert value == f"{year:04d}-{month:02d}-{day:02d}"
    assert normalize_date(value) == value
    assert digits_to_int(_cn_year(year)) == year


@given(
    st.lists(st.tuples(st.booleans(), _YEARS, _DAYS), min_size=1, max_size=6),
    st.sampled_from([None, "2005-01-27", "2019-12-30"]),
)
def test_resolving_twice_changes_nothing(
    parts: list[tuple[bool, int, tuple[int, int]]], reference: str | None
) -> None:
    text = "，".join(
        (f"{y}年{m}月{d}日" if with_year else f"{m}月{d}日") + "召开会议"
        for with_year, y, (m, d) in parts
    )
    found = find_dates(text)
    resolve_dates(found, document_date=None, reference_date=reference)
    once = [(c.value, dict(c.attrs)) for c in found]
    resolve_dates(found, document_date=None, reference_date=reference)
    assert [(c.value, c.attrs) for c in found] == once


@pytest.mark.skipif(
    not EXAMPLE_KEY.exists(), reason="../shared (example bulletin and key) is absent"
)
def test_example_bulletin_dates_resolve_to_the_key() -> None:
    key = json.loads(EXAMPLE_KEY.read_text(encoding="utf-8"))
    spec = key["entities"]["DATE"]
    found = find_dates(EXAMPLE.read_text(encoding="utf-8"))
    resolve_dates(found, document_date=None, reference_date=key["reference_date"])
    got = {c.text: c.value for c in found}
    for item in spec["required"]:
        names = [item["text"], *item.get("alternatives", [])]
        hit = [n for n in names if n in got]
        assert hit, item["text"]
        assert got[hit[0]] == item["resolved"]
    allowed = {n for i in spec["required"] for n in [i["text"], *i.get("alternatives", [])]}
    allowed |= {i if isinstance(i, str) else i["text"] for i in spec.get("optional", [])}
    assert set(got) <= allowed


def test_next_day_and_same_day_are_told_from_the_date_before() -> None:
    text = "12月31日，县委召开常委会。次日，县政府召开常务会议；同日，县人大召开座谈会。"
    dates = find_dates(text)
    resolve_dates(dates, document_date=None, reference_date="2024-01-05")
    assert [(d.text, d.value) for d in dates] == [
        ("12月31日", "2023-12-31"), ("次日", "2024-01-01"), ("同日", "2024-01-01")]


def test_a_next_day_with_nothing_before_stays_unresolved() -> None:
    dates = find_dates("次日，县政府召开常务会议。")
    resolve_dates(dates, document_date=None, reference_date=None)
    assert [d.value for d in dates] == [None]


def test_months_joined_by_a_hyphen_after_a_year_are_two_dates() -> None:
    got = [(c.text, c.value, c.attrs.get("end")) for c in find_dates("关于2018年6-8月工作的通报")]
    assert got == [("2018年6-8月", "2018-06", "2018-08"), ("8月", "2018-08", None)]


def test_the_end_month_survives_the_resolver() -> None:
    from extractor.components.resolver import resolve

    kept = {c.text for c in resolve(find_dates("2019年10-12月共发出通知单45份"))}
    assert kept == {"2019年10-12月", "12月"}


def test_today_is_the_documents_day() -> None:
    ds = find_dates("市气象台于今日19时发布台风预警。今天的工作")
    assert [d.text for d in ds] == ["今日"]  # 今天的: nowadays, no day
    resolve_dates(ds, document_date="2024-10-29", reference_date=None)
    assert ds[0].value == "2024-10-29"


def test_two_thirds_of_a_month() -> None:
    assert [(d.text, d.value) for d in find_dates("8月上中旬完成摸底")] == [("8月上中旬", "XXXX-08")]
