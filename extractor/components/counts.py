"""The counts finder as a spaCy component (rules in ``extractor.rules.counts``)."""

from __future__ import annotations

from spacy.language import Language

from extractor.components import RuleFinder
from extractor.rules.counts import find_counts


@Language.factory("jianbao_counts")
def make_count_finder(nlp: Language, name: str) -> RuleFinder:
    return RuleFinder(find_counts)
