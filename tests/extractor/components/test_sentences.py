"""Sentence boundaries reach spaCy's Doc: doc.sents follows the bulletin punctuation."""

from __future__ import annotations

from extractor.pipeline import build_nlp, run


def test_doc_sents_follow_the_rule_splitter() -> None:
    doc = run(build_nlp(), "省委召开会议。各单位认真部署；\n“一把手”任组长。")
    assert [s.text.strip() for s in doc.sents] == ["省委召开会议。", "各单位认真部署；", "“一把手”任组长。"]
