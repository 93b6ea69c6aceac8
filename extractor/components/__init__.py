"""spaCy components: thin wrappers over ``extractor.rules``; one factory per module.

Each finder appends its ``Candidate`` dicts to ``doc.user_data[CANDIDATES]``; the resolver (last
in the pipeline) settles overlaps, infers date years, and writes ``doc.spans["jianbao"]``,
``doc.ents`` and ``doc.user_data[ENTITIES]``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc

from extractor.spans import Candidate

CANDIDATES = "jianbao_candidates"
ENTITIES = "jianbao_entities"
CONTEXT = "jianbao_context"  # {"document_date": ..., "reference_date": ...}
SENTENCES = "jianbao_sentences"


def add_candidates(doc: Doc, cands: list[Candidate]) -> None:
    doc.user_data.setdefault(CANDIDATES, []).extend(c.to_dict() for c in cands)


def get_candidates(doc: Doc, *labels: str) -> list[Candidate]:
    out = [Candidate.from_dict(d) for d in doc.user_data.get(CANDIDATES, [])]
    return [c for c in out if not labels or c.label in labels]


def get_context(doc: Doc) -> dict[str, Any]:
    ctx: dict[str, Any] = doc.user_data.get(CONTEXT) or {}
    return ctx


class RuleFinder:
    """A component that runs one pure rule function over the text and keeps its candidates."""

    def __init__(self, find: Callable[[str], list[Candidate]]) -> None:
        self.find = find

    def __call__(self, doc: Doc) -> Doc:
        add_candidates(doc, self.find(doc.text))
        return doc
