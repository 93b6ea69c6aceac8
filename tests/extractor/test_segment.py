"""The tokenizers: jieba words for the rules, characters with word features for the model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import spacy

from extractor.segment import CharWordTokenizer, word_features
from extractor.training.convert import char_nlp

FEATURES_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "jianbao.CharWordTokenizer.v1"}}}


def test_word_features_give_every_character_its_place_in_its_word() -> None:
    text = "市公安局召开会议"
    feats = word_features(text)
    assert len(feats) == len(text)
    places = [f[0].split("-")[0] for f in feats]
    words = [f[1] for f in feats]
    # every word is B M* E or a single S, and the characters spell the word they carry
    i = 0
    while i < len(text):
        word = words[i]
        assert text[i:i + len(word)] == word
        expected = ["S"] if len(word) == 1 else ["B", *["M"] * (len(word) - 2), "E"]
        assert places[i:i + len(word)] == expected
        i += len(word)


def test_char_word_tokens_are_the_training_corpus_characters() -> None:
    nlp = spacy.blank("zh")
    text = "省  教育厅 厅长\t出席。 A1"
    doc = CharWordTokenizer(nlp.vocab)(text)
    plain = char_nlp().make_doc(text)
    assert [(t.text, t.idx, t.whitespace_) for t in doc] == [(t.text, t.idx, t.whitespace_) for t in plain]
    assert doc.text == text


def test_char_word_tokens_carry_bigram_and_word() -> None:
    nlp = spacy.blank("zh")
    doc = CharWordTokenizer(nlp.vocab)("教育厅厅长出席")
    assert [t.norm_ for t in doc] == ["教育", "育厅", "厅厅", "厅长", "长出", "出席", "席</s>"]
    tags = {t.tag_ for t in doc}
    assert "出席" in tags  # a word of jieba's own dictionary
    assert doc[5].lemma_.startswith("B-") and doc[6].lemma_.startswith("E-")
    assert doc[6].lemma_.endswith(doc[5].lemma_[2:])


def test_a_style_marks_every_token_and_none_leaves_them_unmarked() -> None:
    vocab = spacy.blank("zh").vocab
    assert {str(t.morph) for t in CharWordTokenizer(vocab, style="msra")("埃及政府")} == {"Style=msra"}
    assert {str(t.morph) for t in CharWordTokenizer(vocab)("埃及政府")} == {""}


def test_empty_text_gives_an_empty_doc() -> None:
    assert len(CharWordTokenizer(spacy.blank("zh").vocab)("")) == 0


def test_a_pipeline_with_the_feature_tokenizer_loads_with_spacy_alone(tmp_path: Path) -> None:
    spacy.blank("zh", config=FEATURES_CONFIG).to_disk(tmp_path / "pipe")
    code = (
        "import json, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipe')!r})\n"
        "print(json.dumps([t.lemma_ for t in nlp('出席会议')]))\n"
    )
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True,
                         text=True, timeout=120, check=True)
    lemmas = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(lemmas) == 4 and lemmas[0].startswith("B-") and lemmas[3].startswith("E-")
