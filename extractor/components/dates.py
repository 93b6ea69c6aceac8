"""The dates finder as a spaCy component (rules in ``extractor.rules.dates``)."""

from __future__ import annotations

from spacy.language import Language

from extractor.components import RuleFinder
from extractor.rules.dates import find_dates


@Language.factory("jianbao_dates")
def make_date_finder(nlp: Language, name: str) -> RuleFinder:
    return RuleFinder(find_dates)
