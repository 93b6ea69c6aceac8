"""Agreement between two keys of one document, field by field."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.evaluation.agreement import compare, compare_folders

A = {
    "entities": {
        "PERSON": {"required": ["张三", "李四"]},
        "DATE": {"required": [{"text": "3月5日", "value": "XXXX-03-05"}]},
        "COUNT": {"required": [{"text": "12个", "number": 12, "measure": "个", "item": "单位"}]},
    },
    "officials": [{"name": "张三", "titles": ["县长"], "roles": []}],
    "metrics": [{"number": 12, "item": "单位"}],
    "events": [{"unit": "县委", "date": "XXXX-03-05"}],
    "sections": ["一、工作进展"],
    "distribution": {"报": ["市委"]},
    "structure": {"title": "工作简报", "issue_no": "第3期"},
}


def test_identical_keys_agree_everywhere() -> None:
    out = compare(A, json.loads(json.dumps(A)))
    assert all(t.f == 1.0 for t in out.fields.values())
    assert all(ok == n for ok, n in out.values.values())


def test_disagreements_are_counted_where_they_are() -> None:
    b = json.loads(json.dumps(A))
    b["entities"]["PERSON"]["required"] = ["张三", "王五"]  # one person each did not mark
    b["entities"]["DATE"]["required"] = [{"text": "3月5日上午", "alternatives": ["3月5日"],
                                         "value": "XXXX-03-06"}]  # same mention, other value
    b["entities"]["COUNT"]["required"][0]["item"] = "县直单位"
    b["officials"][0]["titles"] = ["县长", "县委副书记"]
    b["structure"]["issue_no"] = None
    out = compare(A, b)
    person = out.fields["PERSON"]
    assert (person.tp, person.fn, person.fp) == (1, 1, 1)
    assert out.fields["DATE"].tp == 1 and out.values["DATE value"] == [0, 1]
    assert out.values["COUNT number"] == [1, 1] and out.values["COUNT item"] == [0, 1]
    assert out.fields["officials"].f == 1.0 and out.fields["officials titles"].fp == 1
    assert out.values["structure title"] == [1, 1] and out.values["structure issue_no"] == [0, 1]


def test_folders_compare_the_documents_both_keyed(tmp_path: Path) -> None:
    for folder in ("first", "second"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.gold.json").write_text(json.dumps(A), encoding="utf-8")
    (tmp_path / "first" / "only.gold.json").write_text(json.dumps(A), encoding="utf-8")
    out, names = compare_folders(tmp_path / "first", tmp_path / "second")
    assert names == ["x"] and out.documents == 1
