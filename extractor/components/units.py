"""The units finder as a spaCy component (rules in ``extractor.rules.units``)."""

from __future__ import annotations

from spacy.language import Language

from extractor.components import RuleFinder
from extractor.rules.units import find_units


@Language.factory("jianbao_units")
def make_unit_finder(nlp: Language, name: str) -> RuleFinder:
    return RuleFinder(find_units)
