"""Corpus examples → spaCy Docs: spans that cannot be kept are counted, never dropped silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import Doc, DocBin

from extractor.corpora import Example
from extractor.training.convert import (
    ConvertStats,
    alignment_report,
    build_corpus,
    char_nlp,
    example_to_doc,
    title_vocabulary,
)

TEXT = "国务院总理李鹏视察北京大学"
SPANS = [(0, 3, "UNIT"), (5, 7, "PERSON"), (9, 13, "UNIT")]


def words_doc(words: list[str]) -> Doc:
    return Doc(char_nlp().vocab, words=words, spaces=[False] * len(words))


def test_characters_keep_every_span() -> None:
    stats = ConvertStats()
    doc = example_to_doc(char_nlp().make_doc, Example(TEXT, SPANS, "t-1"), stats)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("国务院", "UNIT"), ("李鹏", "PERSON"), ("北京大学", "UNIT")]
    assert stats.lost == 0
    assert stats.kept == {"UNIT": 2, "PERSON": 1}


def test_a_span_inside_a_word_is_counted_as_misaligned() -> None:
    words = ["国务院", "总理李", "鹏", "视察", "北京大学"]
    stats = ConvertStats()
    doc = example_to_doc(lambda text: words_doc(words), Example(TEXT, SPANS, "t-1"), stats)
    assert [e.text for e in doc.ents] == ["国务院", "北京大学"]
    assert stats.misaligned == {"PERSON": 1}
    assert stats.lost == 1
    assert stats.samples == ["t-1: misaligned PERSON '李鹏' [5:7]"]
    # Tokens outside the kept entities are gold "outside", not missing.
    assert all(t.ent_iob_ in ("B", "I", "O") for t in doc)


def test_overlapping_spans_keep_the_longer_and_count_the_other() -> None:
    example = Example("北京大学校长", [(0, 2, "LOC"), (0, 4, "UNIT"), (4, 6, "TITLE")], "t-2")
    stats = ConvertStats()
    doc = example_to_doc(char_nlp().make_doc, example, stats)
    assert [(e.text, e.label_) for e in doc.ents] == [("北京大学", "UNIT"), ("校长", "TITLE")]
    assert stats.overlapping == {"LOC": 1}


def test_labels_the_model_does_not_learn_are_counted_apart() -> None:
    example = Example("1月5日李鹏到京", [(0, 4, "DATE"), (4, 6, "PERSON")], "t-3")
    stats = ConvertStats()
    doc = example_to_doc(char_nlp().make_doc, example, stats)
    assert [e.label_ for e in doc.ents] == ["PERSON"]
    assert stats.other_labels == {"DATE": 1}
    assert stats.lost == 0


def test_alignment_report_compares_tokenisations() -> None:
    examples = [Example(TEXT, SPANS, "t-1")]
    by_char = alignment_report(examples, char_nlp().make_doc)
    by_word = alignment_report(examples, lambda t: words_doc(["国务院总理", "李鹏", "视察北京大学"]))
    assert by_char.lost == 0
    assert by_word.misaligned == {"UNIT": 2}


def test_build_corpus_refuses_a_reporting_split(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="reporting only"):
        build_corpus(tmp_path / "out", sources=[("msra", "test")])


def test_build_corpus_writes_train_and_dev(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "corpora" / "msra-ner"
    folder.mkdir(parents=True)
    sentences = ["李\tB-PER\n鹏\tI-PER\n到\tO\n京\tB-LOC\n", "新\tB-ORG\n华\tI-ORG\n社\tI-ORG\n"] * 5
    (folder / "msra_train_bio").write_text("\n".join(sentences), encoding="utf-8")
    monkeypatch.setenv("JIANBAO_CORPORA", str(tmp_path / "corpora"))
    report = build_corpus(tmp_path / "out", sources=[("msra", "train")], dev_fraction=0.2)
    assert (report["train_docs"], report["dev_docs"]) == (8, 2)
    nlp = char_nlp()
    docs = list(DocBin().from_disk(tmp_path / "out" / "train.spacy").get_docs(nlp.vocab))
    labels = {e.label_ for d in docs for e in d.ents}
    assert labels == {"PERSON", "UNIT", "LOC"}
    saved = json.loads((tmp_path / "out" / "stats.json").read_text())
    assert saved["total"]["kept"] == {"PERSON": 5, "LOC": 5, "UNIT": 5}
    # every document says which corpus it comes from (what a styled model is trained on)
    dev = list(DocBin().from_disk(tmp_path / "out" / "dev.spacy").get_docs(nlp.vocab))
    assert {d.user_data.get("corpus") for d in docs + dev} == {"msra"}


def test_a_title_in_a_corpus_that_does_not_annotate_titles_is_left_missing() -> None:
    # MSRA writes 总理 O; marking it O would teach the model that a title is never one.
    example = Example("国务院总理李鹏会见记者", [(0, 3, "UNIT"), (5, 7, "PERSON")], "m-1")
    stats = ConvertStats()
    doc = example_to_doc(char_nlp().make_doc, example, stats,
                         unannotated=frozenset({"总理", "记者", "国务院总"}))
    assert [(e.text, e.label_) for e in doc.ents] == [("国务院", "UNIT"), ("李鹏", "PERSON")]
    assert [t.text for t in doc if t.ent_iob_ == ""] == ["总", "理", "记", "者"]
    assert [t.text for t in doc if t.ent_iob_ == "O"] == ["会", "见"]
    assert stats.missing == {"TITLE": 2}  # 国务院总 would cross the unit: never matched


def test_title_vocabulary_keeps_words_mostly_marked_as_titles() -> None:
    examples = [
        Example("记者王明报道", [(0, 2, "TITLE"), (2, 4, "PERSON")], "c-1"),
        Example("本报记者李红", [(2, 4, "TITLE"), (4, 6, "PERSON")], "c-2"),
        Example("学生张三说", [(0, 2, "TITLE")], "c-3"),
        Example("学生们都来了，学生很多", [], "c-4"),
        Example("学生会", [], "c-5"),
    ]
    words = title_vocabulary(examples)
    assert "记者" in words  # marked both times it is written
    assert "学生" not in words  # marked once in four
    assert "副省长" in words  # the lexicon's posts are always in


def test_build_corpus_leaves_titles_missing_in_both_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpora" / "msra-ner"
    folder.mkdir(parents=True)
    sentence = "李\tB-PER\n鹏\tI-PER\n总\tO\n理\tO\n到\tO\n京\tB-LOC\n"
    (folder / "msra_train_bio").write_text("\n".join([sentence] * 4), encoding="utf-8")
    monkeypatch.setenv("JIANBAO_CORPORA", str(tmp_path / "corpora"))
    report = build_corpus(tmp_path / "out", sources=[("msra", "train")], dev_fraction=0.5)
    assert report["total"]["missing"] == {"TITLE": 4}  # type: ignore[index]
    nlp = char_nlp()
    for part in ("train", "dev"):
        for doc in DocBin().from_disk(tmp_path / "out" / f"{part}.spacy").get_docs(nlp.vocab):
            assert [t.text for t in doc if t.ent_iob_ == ""] == ["总", "理"], part
    plain = build_corpus(tmp_path / "plain", sources=[("msra", "train")], titles_missing=False)
    assert plain["total"]["missing"] == {}  # type: ignore[index]
