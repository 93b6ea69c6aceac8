"""Lexicon features for the statistical model, and the embedding layer that reads them."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.strings import get_string_id
from spacy.tokens import Doc

from extractor.training.lexicon_features import (
    LEXICON_COLUMNS,
    LexiconHashEmbed,
    doc_lexicon_ids,
    lexicon_features,
)


def features_of(text: str) -> dict[str, tuple[str, str, str, str]]:
    """Features by character (each character of these texts occurs once)."""
    return dict(zip(text, lexicon_features(text), strict=True))


def test_dictionary_words_starting_and_ending_at_a_character() -> None:
    feats = features_of("他在广州公安局工作")
    assert feats["公"][0] == "公安局/nt"  # the longest word starting here, with its tag
    assert feats["局"][1] == "公安局/nt"  # and the longest ending here
    assert feats["安"][2].startswith("M")  # inside 公安局
    assert feats["局"][3] == "03"  # no word starts at 局; a three-character one ends there


def test_a_name_no_dictionary_holds_stands_apart_from_words() -> None:
    feats = features_of("刘晓燕在发放资金")
    assert feats["在"] == ("-", "-", "-|||", "00")
    assert feats["发"][0] == "发放/v"
    assert feats["刘"][2].split("|")[1] == "s"  # a family name starts here


def test_compound_family_names_organ_suffixes_and_places() -> None:
    assert features_of("欧阳修")["欧"][2].split("|")[1] == "c"
    assert features_of("县民政局")["局"][2].split("|")[2] == "organ"
    assert features_of("巡视组进驻")["组"][2].split("|")[2] == "group"
    feats = features_of("深圳市民")
    assert feats["市"][2].split("|")[3] == "p"  # 深圳市 ends here
    assert feats["圳"][2].split("|")[3] == "p"  # and 深圳, the city without 市
    assert feats["民"][2].split("|")[3] == ""


def test_the_model_reads_jiebas_dictionary_not_the_rules_user_dictionary() -> None:
    # 奖补资金 is in extractor/data/userdict.txt for the rules, not in jieba's dictionary
    feats = features_of("奖补资金")
    assert feats["奖"][0] == "-"
    assert feats["金"][1] == "资金/n"


def test_doc_ids_follow_tokens_across_spaces() -> None:
    nlp = spacy.blank("zh")
    doc = Doc(nlp.vocab, words=["张", "三", "在", "北", "京"], spaces=[True, False, False, False, False])
    assert doc.text == "张 三在北京"
    ids = doc_lexicon_ids(doc)
    assert ids.shape == (5, len(LEXICON_COLUMNS))
    chars = lexicon_features(doc.text)
    # 三 starts at character 2 (after the space): each token takes its own character's features
    expected = [[get_string_id(v) for v in chars[token.idx]] for token in doc]
    assert ids.tolist() == expected
    assert doc_lexicon_ids(Doc(nlp.vocab, words=[])).shape == (0, len(LEXICON_COLUMNS))


def test_embedding_layer_gives_one_vector_a_token() -> None:
    nlp = spacy.blank("zh")
    docs = [Doc(nlp.vocab, words=list("县委书记到县民政局调研")), Doc(nlp.vocab, words=list("王五"))]
    model = LexiconHashEmbed(width=16, attrs=["ORTH", "NORM"], rows=[100, 100],
                             lexicon_rows=[50, 50, 20, 10])
    model.initialize(X=docs)
    out = model.predict(docs)
    assert [o.shape for o in out] == [(11, 16), (2, 16)]
    assert numpy.isfinite(out[0]).all()


@pytest.mark.parametrize("rows, lexicon_rows", [([100], [50, 50, 20, 10]), ([100, 100], [50, 50])])
def test_embedding_layer_refuses_mismatched_table_sizes(rows: list[int], lexicon_rows: list[int]) -> None:
    with pytest.raises(ValueError):
        LexiconHashEmbed(width=16, attrs=["ORTH", "NORM"], rows=rows, lexicon_rows=lexicon_rows)
