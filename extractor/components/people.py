"""The PERSON and TITLE finder as a spaCy component (rules in ``extractor.rules.people``).

It runs after the unit finder: a title is written with its unit part (省直工委副书记), so the
people rules see the UNIT candidates found so far.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractor.components import add_candidates, get_candidates
from extractor.rules.people import find_people


class PeopleFinder:
    def __call__(self, doc: Doc) -> Doc:
        add_candidates(doc, find_people(doc.text, get_candidates(doc, "UNIT")))
        return doc


@Language.factory("jianbao_people")
def make_people_finder(nlp: Language, name: str) -> PeopleFinder:
    return PeopleFinder()
