"""Sentence boundaries (bulletin punctuation and line breaks) as a spaCy component."""

from __future__ import annotations

from typing import cast

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from extractor.components import SENTENCES
from extractor.components.align import split_tokens_at
from extractor.rules.sentences import split_sentences


class Sentencizer:
    def __call__(self, doc: Doc) -> Doc:
        spans = split_sentences(doc.text)
        doc.user_data[SENTENCES] = spans
        split_tokens_at(doc, {s for s, _ in spans})
        starts = {s for s, _ in spans}
        # one array write: setting token.is_sent_start one by one is quadratic in spaCy
        flags = numpy.array([1 if t.i == 0 or t.idx in starts else -1 for t in doc], dtype="int64")
        if len(doc):
            doc.from_array([SENT_START], cast(Ints2d, flags.astype("uint64")))  # spaCy's attr_t
        return doc


@Language.factory("jianbao_sentences")
def make_sentencizer(nlp: Language, name: str) -> Sentencizer:
    return Sentencizer()
