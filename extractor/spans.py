"""Entity candidates: what rule functions return before overlaps are resolved.

Rule modules (``extractor.rules.*``) are pure functions from text to ``Candidate`` lists;
the spaCy components in ``extractor.components`` only call them and collect the result, and
``extractor.components.resolver`` settles overlaps in one place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

LABELS = ("UNIT", "PERSON", "TITLE", "DATE", "COUNT", "PERCENT")


@dataclass
class Candidate:
    """A labelled character span of the document text.

    ``value`` holds the normalised value (DATE: ISO string; COUNT: {number, measure, item};
    PERCENT: number). ``attrs`` holds additive facts such as ``{"collective": True}`` for
    UNIT or ``{"modifier": "as_of"}`` for DATE. ``score`` is the finder's confidence (0–1).
    """

    label: str
    start: int
    end: int
    text: str
    source: str = "rule"
    score: float = 0.9
    value: Any = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Candidate:
        return cls(**d)

    @property
    def length(self) -> int:
        return self.end - self.start
