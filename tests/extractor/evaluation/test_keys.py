"""Scoring against answer keys: structure fields one by one, and where a key's document is."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.evaluation.keys import KeyScore, document_of, evaluate_keys, score_key

DOC = {
    "title": "关于春季森林防火工作的通知", "bulletin_name": None, "issue_no": None,
    "issuer": "竹山县人民政府办公室", "date": "2015-02-26", "doc_number": "竹政办发〔2015〕31号",
    "recipients": ["县政府各部门", "各乡镇人民政府"], "printer": "竹山县人民政府办公室",
}


def _structure(want: dict) -> KeyScore:
    return score_key({"document": DOC, "entities": [], "records": []},
                     {"structure": want}, resolved=True)


def test_each_structure_field_is_tallied_on_its_own() -> None:
    s = _structure({"title": "关于春季森林防火 工作的通知", "issuer": "竹山县人民政府",
                    "recipients": ["各乡镇人民政府", "县政府各部门"], "bulletin_name": None,
                    "printer": "竹山县人民政府办公室", "doc_number": None})
    # white space does not count; 主送 is a set; a wrong issuer and a doc_number the key says
    # is absent are two misses
    assert s.structure_fields == {"title": [1, 1], "issuer": [0, 1], "recipients": [1, 1],
                                  "bulletin_name": [1, 1], "printer": [1, 1],
                                  "doc_number": [0, 1]}
    assert s.structure == [4, 6]
    assert any("structure issuer" in n for n in s.notes)


def test_a_missing_recipient_list_is_wrong_and_totals_add_up() -> None:
    total = KeyScore()
    total.add(_structure({"recipients": ["各乡镇人民政府"]}))
    total.add(_structure({"recipients": ["各乡镇人民政府", "县政府各部门"], "date": "2015-02-26"}))
    assert total.structure_fields == {"recipients": [1, 2], "date": [1, 1]}
    assert total.structure == [2, 3]


def test_a_document_is_found_beside_its_key_else_in_bulletins(tmp_path: Path) -> None:
    real = tmp_path / "real" / "dev"
    real.mkdir(parents=True)
    (real / "a.txt").write_text("县政府召开会议。", encoding="utf-8")
    assert document_of(real / "a.gold.json", "a.txt") == real / "a.txt"
    keys = tmp_path / "keys"
    assert document_of(keys / "b.gold.json", "b.txt") == tmp_path / "bulletins" / "b.txt"
    assert document_of(keys / "b.gold.json", "b.txt", tmp_path / "x") == tmp_path / "x" / "b.txt"


def test_keys_beside_their_documents_are_evaluated(tmp_path: Path) -> None:
    text = "城关县人民政府\n关于做好防汛工作的通知\n2016年3月8日"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    key = {"document": "t.txt", "reference_date": "2016-03-08", "entities": {},
           "structure": {"date": "2016-03-08"}}
    (tmp_path / "t.gold.json").write_text(json.dumps(key, ensure_ascii=False), encoding="utf-8")
    rows, total = evaluate_keys(None, tmp_path)
    assert [name for name, _ in rows] == ["t"]
    assert total.structure_fields == {"date": [1, 1]}
