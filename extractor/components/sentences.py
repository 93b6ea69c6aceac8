"""Sentence boundaries (bulletin punctuation and line breaks) as a spaCy component."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractor.components import SENTENCES
from extractor.components.align import split_tokens_at
from extractor.rules.sentences import split_sentences


class Sentencizer:
    def __call__(self, doc: Doc) -> Doc:
        spans = split_sentences(doc.text)
        doc.user_data[SENTENCES] = spans
        split_tokens_at(doc, {s for s, _ in spans})
        starts = {s for s, _ in spans}
        for tok in doc:
            tok.is_sent_start = tok.i == 0 or tok.idx in starts
        return doc


@Language.factory("jianbao_sentences")
def make_sentencizer(nlp: Language, name: str) -> Sentencizer:
    return Sentencizer()
