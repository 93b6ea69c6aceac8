"""Annotation styles: each training document is read in its corpus's style, new text in ``any``."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin
from spacy.util import registry

from extractor.training.configs import load_training_config
from extractor.training.styles import (
    StyledCorpus,
    corpus_style,
    create_styled_reader,
    set_model_style,
    styled,
)
from extractor.training.train import CONFIG

STYLES_CONFIG = CONFIG  # the shipped lineage's config
FEATURES = {"nlp": {"tokenizer": {"@tokenizers": "jianbao.CharWordTokenizer.v1", "style": "any"}}}


def styles_of(doc: spacy.tokens.Doc) -> set[str]:
    return {str(t.morph) for t in doc}


def corpus_file(tmp_path: Path) -> Path:
    nlp = spacy.blank("zh")
    db = DocBin(store_user_data=True)
    for text, corpus in [("埃及政府宣布", "msra"), ("国务院召开会议", "pd1998"), ("审核通过", None)]:
        doc = nlp.make_doc(text)
        if corpus:
            doc.user_data["corpus"] = corpus
        db.add(doc)
    db.to_disk(tmp_path / "train.spacy")
    return tmp_path / "train.spacy"


def test_each_example_is_read_in_its_corpus_style(tmp_path: Path) -> None:
    nlp = spacy.blank("zh", config=FEATURES)
    examples = list(create_styled_reader(corpus_file(tmp_path))(nlp))
    assert [styles_of(eg.predicted) for eg in examples] == [
        {"Style=msra"}, {"Style=pd1998"}, {"Style=any"}]  # no corpus (a reviewed record): any
    # the features the tokenizer gives stay; the gold side is untouched
    assert examples[0].predicted[0].lemma_.startswith("B-")
    assert styles_of(examples[0].reference) == {""}


def test_a_share_of_the_examples_is_read_in_any(tmp_path: Path) -> None:
    nlp = spacy.blank("zh", config=FEATURES)
    path = corpus_file(tmp_path)
    everything = list(create_styled_reader(path, any_fraction=1.0)(nlp))
    assert all(styles_of(eg.predicted) == {"Style=any"} for eg in everything)
    # drawn anew at every pass over the corpus, from the seed
    reader = create_styled_reader(path, any_fraction=0.5, seed=3)
    passes = [[str(eg.predicted[0].morph) for eg in reader(nlp)] for _ in range(8)]
    assert len({tuple(p[:2]) for p in passes}) > 1
    assert {s for p in passes for s in p} == {"Style=msra", "Style=pd1998", "Style=any"}


def test_a_fraction_outside_zero_to_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="any_fraction"):
        StyledCorpus(None, any_fraction=1.5)  # type: ignore[arg-type]


def test_corpora_are_read_in_their_own_style_and_others_in_any() -> None:
    assert [corpus_style(c) for c in ("msra", "pd1998", "cluener", "resume")] == [
        "msra", "pd1998", "cluener", "resume"]
    assert corpus_style("weibo") == "any"  # a model was never shown its conventions


def test_styled_sets_the_style_new_text_is_read_in() -> None:
    nlp = spacy.blank("zh", config=FEATURES)
    assert styles_of(nlp("省政府")) == {"Style=any"}
    assert styles_of(styled(nlp, "pd1998")("省政府")) == {"Style=pd1998"}
    plain = spacy.blank("zh")  # a character model without styles is left as it is
    assert styles_of(styled(plain, "msra")("省政府")) == {""}


def test_the_styles_config_reads_its_corpora_with_styles(tmp_path: Path) -> None:
    path = corpus_file(tmp_path)
    config = load_training_config(STYLES_CONFIG, overrides={"paths.train": str(path), "paths.dev": str(path)},
                                  interpolate=True)
    corpora = registry.resolve(config["corpora"])
    assert isinstance(corpora["train"], StyledCorpus) and corpora["train"].any_fraction > 0
    assert corpora["dev"].any_fraction == 0  # dev is read in each corpus's own style
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": config["nlp"]["tokenizer"]}})
    assert styles_of(nlp("新文件")) == {"Style=any"}
    assert "MORPH" in config["components"]["tok2vec"]["model"]["embed"]["attrs"]


def test_a_saved_model_can_be_told_the_style_new_text_is_read_in(tmp_path: Path) -> None:
    spacy.blank("zh", config=FEATURES).to_disk(tmp_path / "model")
    set_model_style(tmp_path / "model", "pd1998")
    assert styles_of(spacy.load(tmp_path / "model")("省政府")) == {"Style=pd1998"}
    spacy.blank("zh").to_disk(tmp_path / "plain")
    with pytest.raises(ValueError, match="not trained with annotation styles"):
        set_model_style(tmp_path / "plain", "pd1998")
