"""Text with half-width punctuation is read as if it were full-width; what is reported is the
original's."""

from __future__ import annotations

from extractor import extract_bytes
from extractor.punctuation import fold, restore

FULL = ("3月8日，县林业局召开动员大会；县委常委、副县长王志刚出席会议并讲话。"
        "截至3月31日，全县12个乡（镇）已制定实施方案。")


def test_folding_keeps_every_offset_and_leaves_numbers_alone() -> None:
    half = "截至3月31日,全县12个乡(镇)已完成;12:30报送1,200份"
    folded = fold(half)
    assert len(folded) == len(half)
    assert folded == "截至3月31日，全县12个乡（镇）已完成；12:30报送1,200份"
    assert fold(FULL) is FULL  # nothing to fold: the same string


def test_a_string_cut_from_the_folded_text_is_restored_as_written() -> None:
    half = "县政府办(县外办)牵头,各乡(镇)配合"
    folded = fold(half)
    assert restore("各乡（镇）", folded, half) == "各乡(镇)"
    assert restore("县政府办", folded, half) == "县政府办"  # nothing folded in it
    assert restore("不在文中（无）", folded, half) == "不在文中（无）"


def test_half_width_text_gives_the_records_of_full_width_text() -> None:
    half = FULL.replace("，", ",").replace("；", ";").replace("（", "(").replace("）", ")")
    a = extract_bytes(FULL.encode(), "a.txt").to_dict()
    b = extract_bytes(half.encode(), "b.txt").to_dict()
    assert [(e["label"], e["start"], e["end"]) for e in a["entities"]] == [
        (e["label"], e["start"], e["end"]) for e in b["entities"]]
    assert all(half[e["start"]:e["end"]] == e["text"] for e in b["entities"])
    kinds = [(r["kind"], r.get("name") or r.get("unit") or r.get("number")) for r in a["records"]]
    assert kinds == [(r["kind"], r.get("name") or r.get("unit") or r.get("number"))
                     for r in b["records"]]
    assert ("official", "王志刚") in kinds and ("event", "县林业局") in kinds
    metric = next(r for r in b["records"] if r["kind"] == "metric")
    assert metric["item"] == "乡(镇)"  # as the half-width text writes it
