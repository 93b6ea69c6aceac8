"""Exact-span NER scoring, the jieba.posseg baseline and the evaluate command."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import jieba
import pytest
from rich.console import Console

from extractor.corpora import Example, corpus_path
from extractor.evaluation import ner
from extractor.evaluation.ner import (
    ALL,
    evaluate_corpus_command,
    evaluate_extractor,
    posseg_spans,
    score_spans,
)

TEXT = "省直工委书记罗东凯在广东省劳动和社会保障厅讲话"
GOLD = Example(TEXT, [(0, 4, "UNIT"), (6, 9, "PERSON"), (10, 21, "UNIT")], "g1")


def test_exact_match_counts_true_positives() -> None:
    scores = score_spans([GOLD], [[(0, 4, "UNIT"), (6, 9, "PERSON"), (10, 21, "UNIT")]])
    assert scores["UNIT"]["tp"] == 2 and scores["PERSON"]["tp"] == 1
    assert scores[ALL] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 3, "fp": 0, "fn": 0}


def test_partial_overlap_is_both_error_kinds() -> None:
    # 广东省劳动和社会保障 misses the last character; 罗东 is too short
    scores = score_spans([GOLD], [[(0, 4, "UNIT"), (6, 8, "PERSON"), (10, 20, "UNIT")]])
    assert (scores["UNIT"]["tp"], scores["UNIT"]["fp"], scores["UNIT"]["fn"]) == (1, 1, 1)
    assert (scores["PERSON"]["tp"], scores["PERSON"]["fp"], scores["PERSON"]["fn"]) == (0, 1, 1)
    assert scores["UNIT"]["p"] == 0.5 and scores["UNIT"]["r"] == 0.5
    assert scores[ALL]["tp"] == 1 and scores[ALL]["fp"] == 2 and scores[ALL]["fn"] == 2
    assert scores["PERSON"]["f"] == 0.0


def test_label_must_match_and_filter_applies_to_both_sides() -> None:
    scores = score_spans([GOLD], [[(0, 4, "TITLE"), (6, 9, "PERSON"), (22, 24, "DATE")]])
    assert scores["TITLE"]["fp"] == 1 and scores["UNIT"]["fn"] == 2
    assert set(scores) == {"DATE", "PERSON", "TITLE", "UNIT", ALL}

    only = score_spans([GOLD], [[(0, 4, "TITLE"), (6, 9, "PERSON")]], labels=["PERSON", "UNIT"])
    assert set(only) == {"PERSON", "UNIT", ALL}
    assert only[ALL] == pytest.approx({"p": 1.0, "r": 1 / 3, "f": 0.5, "tp": 1, "fp": 0, "fn": 2})


def test_micro_average_over_examples_and_duplicates() -> None:
    other = Example("李鹏", [(0, 2, "PERSON")], "g2")
    scores = score_spans([GOLD, other], [[(6, 9, "PERSON"), (6, 9, "PERSON")], []])
    assert (scores["PERSON"]["tp"], scores["PERSON"]["fp"], scores["PERSON"]["fn"]) == (1, 0, 1)
    empty = score_spans([other], [[]], labels=["TITLE"])
    assert empty["TITLE"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0, "fn": 0}
    with pytest.raises(ValueError, match="predictions"):
        score_spans([GOLD, other], [[]])


def test_posseg_baseline_uses_a_private_tokenizer() -> None:
    text = "国家主席江泽民在北京发表讲话"
    spans = posseg_spans(text)
    assert (4, 7, "PERSON") in spans
    assert all(text[s:e] for s, e, _ in spans)
    assert ner._posseg().tokenizer is not jieba.dt


def test_posseg_merges_a_split_surname(monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = [("兰", "nr"), ("红光", "nr"), ("李鹏", "nr"), ("乔石", "nr"), ("新华社", "nt")]
    fake = SimpleNamespace(cut=lambda text: [SimpleNamespace(word=w, flag=f) for w, f in pairs])
    monkeypatch.setattr(ner, "_posseg", lambda: fake)
    assert posseg_spans("兰红光李鹏乔石新华社") == [
        (0, 3, "PERSON"), (3, 5, "PERSON"), (5, 7, "PERSON"), (7, 10, "UNIT")]


def test_evaluate_extractor_scores_only_asked_labels() -> None:
    text = "2005年1月17日，会议召开。"
    gold = [Example(text, [(0, 10, "DATE"), (11, 13, "UNIT")], "d1")]
    result = evaluate_extractor(gold, labels=["DATE"])
    assert set(result.scores) == {"DATE", ALL}
    assert result.scores["DATE"]["tp"] + result.scores["DATE"]["fn"] == 1
    assert result.scores["DATE"]["tp"] == 1  # a full written date is the simplest DATE there is
    assert result.examples == 1 and not result.errors


def test_evaluate_corpus_command_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIANBAO_CORPORA", str(tmp_path))
    path = corpus_path("cluener", "dev")
    path.parent.mkdir(parents=True)
    record = {"text": "国务院副总理李鹏讲话", "label": {"government": {"国务院": [[0, 2]]},
              "position": {"副总理": [[3, 5]]}, "name": {"李鹏": [[6, 7]]}}}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    table = evaluate_corpus_command("cluener", "dev", limit=5, baseline=True)
    console = Console(width=200, record=True)
    console.print(table)
    out = console.export_text()
    assert "cluener dev (1 examples" in out
    for label in ("PERSON", "UNIT", "TITLE"):
        assert f"rules        │ {label}" in out
    assert "jieba.posseg │ PERSON" in out and "jieba.posseg │ TITLE" not in out
    assert "DATE" not in out  # CLUENER has no dates, so they are not scored
    with pytest.raises(ValueError, match="no labelled split"):
        evaluate_corpus_command("cluener", "test")
