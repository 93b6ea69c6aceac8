"""Lexicon features of each character, and the embedding layer that reads them beside its attributes.

A character model meets names it was never shown; what it can still know is which stretches
of the text are ordinary words. For each character this module looks up every word of jieba's
own dictionary (not the project's user dictionary: the model never follows the rules' lists)
that starts, runs through or ends at it, in the way lattice and "soft lexicon" NER models do,
and the general-knowledge lists the rules keep as data: family names, organ suffixes
(``lexicons/org_suffixes.tsv``) and the provinces and prefecture-level cities, as the rules
read them (``extractor.rules.people.surnames``, ``extractor.rules.units``). Per character:

- ``start``: the longest dictionary word of two or more characters that starts here, with its
  dictionary tag (``发展/vn``), or ``-``;
- ``end``: the longest such word that ends here (``改革局`` is no word, so at 局 it is ``-``);
- ``flags``: whether some word starts (B), runs through (M) or ends (E) here, whether a family
  name starts here (single ``s``, compound ``c``), the class of an organ suffix ending here
  and whether a place name ends here (``BE|s|organ|p``);
- ``lengths``: the lengths of those two longest words (capped at five).

``jianbao.LexiconHashEmbed.v1`` is spaCy's ``MultiHashEmbed`` with these four columns hashed
after the token attributes it is given (``models/configs/ner_lexicon.cfg``). The features are
computed from the text each time a document passes through, so a model trained with them needs
no new tokenizer and no conversion step.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import cast

import jieba
import numpy
from spacy.attrs import intify_attr
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
)
from thinc.types import Floats2d, Ints2d

from extractor.rules.people import surnames
from extractor.rules.units import place_names, suffix_classes
from extractor.segment import plain_pos_tokenizer

LEXICON_COLUMNS = ("start", "end", "flags", "lengths")
MAX_LENGTH = 5  # word lengths at or above this are one value


@functools.cache
def _dictionary() -> tuple[jieba.Tokenizer, dict[str, str]]:
    """jieba's own dictionary (a tokenizer for its prefix table) and its word → tag table."""
    pos = plain_pos_tokenizer()
    tok = pos.tokenizer
    tok.check_initialized()
    return tok, pos.word_tag_tab


def _ends_with(text: str, end: int, table: frozenset[str] | dict[str, str], longest: int) -> str | None:
    """The longest member of ``table`` that ends at ``end`` (exclusive) in ``text``."""
    for n in range(min(longest, end), 0, -1):
        piece = text[end - n : end]
        if piece in table:
            return piece
    return None


def lexicon_features(text: str) -> list[tuple[str, str, str, str]]:
    """Per character of ``text``: its ``start``, ``end``, ``flags`` and ``lengths`` features."""
    tok, tags = _dictionary()
    n = len(text)
    starts: list[str | None] = [None] * n
    ends: list[str | None] = [None] * n
    inside = [False] * n
    for i, js in tok.get_DAG(text).items():
        j = max(js)
        if j > i:
            starts[i] = text[i : j + 1]
        for j in js:
            if j <= i:
                continue
            word = text[i : j + 1]
            if ends[j] is None or len(word) > len(ends[j] or ""):
                ends[j] = word
            for k in range(i + 1, j):
                inside[k] = True
    single, compound = surnames()
    suffixes = suffix_classes()
    longest_suffix = max((len(s) for s in suffixes), default=0)
    places = place_names()
    longest_place = max((len(p) for p in places), default=0)
    out: list[tuple[str, str, str, str]] = []
    for i, ch in enumerate(text):
        s, e = starts[i], ends[i]
        bme = ("B" if s else "") + ("M" if inside[i] else "") + ("E" if e else "")
        surname = "c" if text[i : i + 2] in compound else "s" if ch in single else ""
        suffix = _ends_with(text, i + 1, suffixes, longest_suffix)
        place = "p" if _ends_with(text, i + 1, places, longest_place) else ""
        flags = f"{bme or '-'}|{surname}|{suffixes[suffix] if suffix else ''}|{place}"
        lengths = f"{min(len(s), MAX_LENGTH) if s else 0}{min(len(e), MAX_LENGTH) if e else 0}"
        out.append(
            (
                f"{s}/{tags.get(s, 'x')}" if s else "-",
                f"{e}/{tags.get(e, 'x')}" if e else "-",
                flags,
                lengths,
            )
        )
    return out


@functools.lru_cache(maxsize=1 << 16)
def _hash(value: str) -> int:
    return int(get_string_id(value))


CACHED_LENGTH = 512  # texts up to this long (training sentences, seen once a pass) are remembered


@functools.lru_cache(maxsize=1 << 17)
def _text_ids(text: str) -> numpy.ndarray:
    """The lexicon columns of each character of ``text``, as string hashes (len(text) × 4)."""
    out = numpy.zeros((len(text), len(LEXICON_COLUMNS)), dtype="uint64")
    for i, feats in enumerate(lexicon_features(text)):
        out[i] = [_hash(v) for v in feats]
    return out


def doc_lexicon_ids(doc: Doc) -> numpy.ndarray:
    """The four lexicon columns of each token of ``doc``, as string hashes (n_tokens × 4).

    A token takes the features of its first character (the character tokenizer's tokens are
    single characters; a longer token of another tokenizer is described by where it starts).
    """
    text = doc.text
    ids = _text_ids(text) if len(text) <= CACHED_LENGTH else _text_ids.__wrapped__(text)
    if not len(doc):
        return numpy.zeros((0, len(LEXICON_COLUMNS)), dtype="uint64")
    return ids[[token.idx for token in doc]]


def LexiconFeatureExtractor(attrs: Sequence[str | int]) -> Model[list[Doc], list[Ints2d]]:
    """Token attributes (as spaCy's ``FeatureExtractor``) followed by the lexicon columns."""
    columns = [intify_attr(a) if isinstance(a, str) else a for a in attrs]
    return Model("extract_lexicon_features", _extract_forward, attrs={"columns": columns})


def _extract_forward(
    model: Model[list[Doc], list[Ints2d]], docs: list[Doc], is_train: bool
) -> tuple[list[Ints2d], Callable[[list[Ints2d]], list]]:
    columns = model.attrs["columns"]
    features: list[Ints2d] = []
    for doc in docs:
        attrs = doc.to_array(columns).reshape((len(doc), len(columns))).astype("uint64")
        both = numpy.hstack([attrs, doc_lexicon_ids(doc)])
        features.append(model.ops.asarray2i(cast(Ints2d, both), dtype="uint64"))
    return features, lambda d_features: []


@registry.architectures("jianbao.LexiconHashEmbed.v1")
def LexiconHashEmbed(
    width: int,
    attrs: list[str],
    rows: list[int],
    lexicon_rows: list[int],
) -> Model[list[Doc], list[Floats2d]]:
    """``MultiHashEmbed`` over ``attrs`` and the four lexicon columns, one hash table each.

    ``rows`` sizes the attributes' tables, ``lexicon_rows`` the ``start``, ``end``, ``flags``
    and ``lengths`` tables, in that order.
    """
    if len(rows) != len(attrs):
        raise ValueError(f"{len(attrs)} attrs need {len(attrs)} rows, not {len(rows)}")
    if len(lexicon_rows) != len(LEXICON_COLUMNS):
        raise ValueError(f"lexicon_rows needs {len(LEXICON_COLUMNS)} sizes: {LEXICON_COLUMNS}")
    sizes = list(rows) + list(lexicon_rows)
    embeddings: list[Model[Ints2d, Floats2d]] = [
        HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(sizes)
    ]
    return chain(
        LexiconFeatureExtractor(attrs),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        with_array(Maxout(width, width * len(sizes), nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )
