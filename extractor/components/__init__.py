"""spaCy components: thin wrappers over ``extractor.rules``; one factory per module.

Each finder appends its ``Candidate`` objects to ``doc.user_data[CANDIDATES]``; the resolver
(last in the pipeline) settles overlaps, infers date years, and writes ``doc.spans["jianbao"]``,
``doc.ents`` and ``doc.user_data[ENTITIES]`` (the resolved candidates, in text order). The
candidates pass from component to component as they are, never copied through dicts.
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
    doc.user_data.setdefault(CANDIDATES, []).extend(cands)


def get_candidates(doc: Doc, *labels: str) -> list[Candidate]:
    """The candidates found so far (all, or those of ``labels``), in the order found."""
    found: list[Candidate] = doc.user_data.get(CANDIDATES, [])
    return [c for c in found if not labels or c.label in labels]


def get_entities(doc: Doc) -> list[Candidate]:
    """The resolved entities of a processed Doc (empty before the resolver has run)."""
    entities: list[Candidate] = doc.user_data.get(ENTITIES, [])
    return entities


def get_sentences(doc: Doc) -> list[tuple[int, int]]:
    """The sentences of a processed Doc as ``(start, end)`` character offsets."""
    sentences: list[tuple[int, int]] = doc.user_data.get(SENTENCES, [])
    return sentences


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
