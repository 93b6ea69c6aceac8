"""The spaCy pipeline: jieba tokenizer, sentence splitter, rule finders, resolver.

``build_nlp()`` assembles it from the registered factories; ``nlp.to_disk(path)`` saves it and
``spacy.load(path)`` loads it back without importing ``extractor`` first (entry points).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import extractor.components.counts
import extractor.components.dates
import extractor.components.model
import extractor.components.people
import extractor.components.resolver
import extractor.components.sentences
import extractor.components.units
import extractor.segment  # noqa: F401  (registers the tokenizer and factories)
from extractor.components import CONTEXT, get_entities
from extractor.components.model import model_available
from extractor.punctuation import fold
from extractor.script import to_simplified

PIPELINE = [
    "jianbao_sentences",
    "jianbao_dates",
    "jianbao_counts",
    "jianbao_units",
    "jianbao_people",
    "jianbao_resolver",
]


def build_nlp(use_model: bool | None = None) -> Language:
    """The rule pipeline and, where a trained model is present and ``use_model`` is not false
    (default: on; ``JIANBAO_USE_MODEL=0`` turns it off), the statistical model before the
    resolver (models/README.md).

    The model is on by default: on the real documents of ``corpora/real/test`` it lifts PERSON
    from 0.91 to 0.99 and UNIT from 0.78 to 0.82 with the rules' own scores on ``corpora/keys``
    and the example bulletin unchanged (README, "Scores").
    """
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "jianbao.JiebaTokenizer.v1"}}})
    for name in PIPELINE:
        nlp.add_pipe(name)
    if use_model is None:
        use_model = os.environ.get("JIANBAO_USE_MODEL", "1") != "0"
    if use_model and model_available():
        nlp.add_pipe("jianbao_model", before="jianbao_resolver")
    return nlp


@functools.cache
def load_nlp(path: str | None = None) -> Language:
    """The pipeline used by the CLI and the service, built or loaded once per process."""
    if path:
        return spacy.load(Path(path))
    return build_nlp()


def run(nlp: Language, text: str, **context: Any) -> Doc:
    """Run the pipeline over ``text`` with document context (document_date, reference_date).

    The pipeline reads the text with its half-width punctuation folded (``extractor.punctuation``)
    and a traditional text in simplified characters (``extractor.script``): the Doc's text; the
    entities' texts are the original's, at the same offsets."""
    doc = nlp.make_doc(to_simplified(fold(text)))
    doc.user_data[CONTEXT] = {k: v for k, v in context.items() if v is not None}
    doc = nlp(doc)
    if doc.text != text:
        for c in get_entities(doc):
            c.text = text[c.start:c.end]
    return doc


def clear_text_caches() -> None:
    """Forget what segmentation, rules and record builders cached about texts they have seen
    (tokens, noun phrases, clause words, numbers), not their data files: a benchmark's passes
    over the same texts then start cold."""
    from extractor.records import clauses
    from extractor.rules import counts, numerals

    extractor.segment.tokens.cache_clear()
    counts.clear_caches()
    clauses.clear_caches()
    numerals.parse_number.cache_clear()
