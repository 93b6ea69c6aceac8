"""The statistical NER model (models/jianbao_ner) as a candidate finder beside the rules.

The model is a character-tokenised spaCy pipeline of its own: it runs over ``doc.text`` (cut
into lines and sentences of at most ``MAX_CHUNK`` characters), so the outer jieba-tokenised Doc
is never changed, and its PERSON and UNIT spans (TITLE too, if configured) become candidates with
``source="model"`` and a fixed ``MODEL_SCORE`` below every rule's.

Merge policy (tested in tests/extractor/components/test_model.py): rules win where they are
sure, the model adds what they miss, and only spans of the right form (a family name and a given
name; a stem before an organ suffix). The component sits after the rule finders and before the
resolver; a model candidate that overlaps a rule candidate scored ``SURE`` or more is dropped
(a model PERSON inside a rule TITLE, a model UNIT crossing a rule UNIT), except where the pair
may nest (a model UNIT inside a rule TITLE). Whatever is left goes to the resolver like any
other candidate, where the rules' higher scores settle the rest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.components import add_candidates, get_candidates
from extractor.components.resolver import NESTING
from extractor.rules.people import is_name
from extractor.rules.quoted import inside, quoted_ranges
from extractor.rules.units import is_unit_name
from extractor.spans import Candidate

MODEL_ENV = "JIANBAO_MODEL"
SHIPPED_MODEL = Path(__file__).resolve().parents[2] / "models" / "jianbao_ner"
# The labels the model adds by default. It also predicts TITLE and LOC, but its TITLE is weak
# (models/README.md: F1 0.2 on CLUENER dev) and LOC is not a product label; pass
# labels=["PERSON", "UNIT", "TITLE"] in the component config to add titles too.
MODEL_LABELS = ("PERSON", "UNIT")
MODEL_SCORE = 0.7
SURE = 0.85  # the lowest rule score (collective units); every rule candidate is "sure"
MAX_CHUNK = 400
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def default_model_path() -> Path:
    """$JIANBAO_MODEL, else the model shipped in models/jianbao_ner."""
    env = os.environ.get(MODEL_ENV)
    return Path(env) if env else SHIPPED_MODEL


def chunks(text: str, max_len: int = MAX_CHUNK) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` of the text: lines, long lines cut after sentence ends, then hard."""
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield from _cut_line(pos, line, max_len)
        pos += len(line) + 1


def _cut_line(offset: int, line: str, max_len: int) -> Iterator[tuple[int, str]]:
    start = 0
    piece_start = 0
    for part in SENTENCE_END.split(line):
        if start + len(part) - piece_start > max_len and start > piece_start:
            yield offset + piece_start, line[piece_start:start]
            piece_start = start
        start += len(part)
        while start - piece_start > max_len:
            yield offset + piece_start, line[piece_start : piece_start + max_len]
            piece_start += max_len
    if start > piece_start:
        yield offset + piece_start, line[piece_start:start]


def find_with_model(
    nlp: Language, text: str, labels: Iterable[str] = MODEL_LABELS, score: float = MODEL_SCORE
) -> list[Candidate]:
    """The model's spans of ``labels`` over the whole text, as character-offset candidates."""
    wanted = set(labels)
    pieces = list(chunks(text))
    out: list[Candidate] = []
    for (offset, _), doc in zip(pieces, nlp.pipe(p for _, p in pieces), strict=True):
        for ent in doc.ents:
            if ent.label_ not in wanted or not ent.text.strip():
                continue
            start, end = offset + ent.start_char, offset + ent.end_char
            out.append(Candidate(ent.label_, start, end, text[start:end], source="model",
                                 score=score))
    return out


# A name at the head of a doctrine's name (习近平新时代中国特色社会主义思想, 邓小平理论): not a
# person mentioned, but the name of a body of thought.
_DOCTRINE = re.compile(r"新时代|思想|理论")


def _nests(a: Candidate, b: Candidate) -> bool:
    a_in_b = b.start <= a.start and a.end <= b.end
    b_in_a = a.start <= b.start and b.end <= a.end
    return ((b.label, a.label) in NESTING and a_in_b) or ((a.label, b.label) in NESTING and b_in_a)


def plausible(c: Candidate) -> bool:
    """Whether a model span has the form of its label: a PERSON a family name and one or two
    characters (高  思 → 高思), a UNIT a stem before an organ suffix. Other labels pass."""
    if c.label == "PERSON":  # 白水镇 has a family name's form, but it ends as a place does
        name = re.sub(r"\s+", "", c.text)
        return is_name(name) and not (len(name) >= 3 and name[-1] in "镇乡县村区市街")
    if c.label == "UNIT":
        return is_unit_name(c.text)
    return True


def admit(model: Iterable[Candidate], rules: Iterable[Candidate], sure: float = SURE) -> list[Candidate]:
    """The plausible model candidates that no sure rule candidate overlaps (nesting pairs
    excepted)."""
    rules = list(rules)
    sure_rules = [r for r in rules if r.score >= sure and r.source != "model"]
    model = list(model)
    people = [r for r in rules if r.label == "PERSON" and r.source != "model"]
    names = {re.sub(r"\s+", "", c.text) for c in [*people, *model] if c.label == "PERSON"}
    kept: list[Candidate] = []
    for m in model:
        if not plausible(m):
            continue
        if any(m.start < r.end and r.start < m.end and not _nests(m, r) for r in sure_rules):
            continue
        if m.label == "UNIT" and (any(m.start < p.end and p.start < m.end for p in people)
                                  or any(m.text.startswith(n) for n in names)):
            continue  # 黎某远对学校: a unit does not run over a person named in the text
        kept.append(m)
    return kept


class ModelFinder:
    """Runs the inner character pipeline (loaded on first use) and admits its candidates."""

    def __init__(self, model_path: Path, labels: Iterable[str], score: float, sure: float) -> None:
        self.model_path = model_path
        self.labels = tuple(labels)
        self.score = score
        self.sure = sure
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            if not self.model_path.is_dir():
                raise FileNotFoundError(
                    f"no NER model at {self.model_path} (train one with `jianbao train`, "
                    f"or set {MODEL_ENV})"
                )
            self._nlp = spacy.load(self.model_path)
        return self._nlp

    def __call__(self, doc: Doc) -> Doc:
        found = find_with_model(self.nlp, doc.text, self.labels, self.score)
        quoted = quoted_ranges(doc.text)  # 影片《某某》: a work, not a person
        found = [c for c in found if not inside(quoted, c.start, c.end)
                 and not (c.label == "PERSON" and _DOCTRINE.match(doc.text, c.end))]
        add_candidates(doc, admit(found, get_candidates(doc), self.sure))
        return doc

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the inner model with the outer pipeline, so that it loads on its own.

        Without a model to save (none trained yet) only the folder is written; the loaded
        pipeline then looks for the model where :func:`default_model_path` says.
        """
        Path(path).mkdir(parents=True, exist_ok=True)
        if self._nlp is not None or self.model_path.is_dir():
            self.nlp.to_disk(Path(path) / "model")

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> ModelFinder:
        saved = Path(path) / "model"
        if saved.is_dir():
            self.model_path = saved
            self._nlp = spacy.load(saved)
        return self


@Language.factory(
    "jianbao_model",
    default_config={"model_path": "", "labels": list(MODEL_LABELS), "score": MODEL_SCORE,
                    "sure": SURE},
)
def make_model_finder(
    nlp: Language, name: str, model_path: str, labels: list[str], score: float, sure: float
) -> ModelFinder:
    """``model_path`` "" means :func:`default_model_path` (checked when the model first runs)."""
    return ModelFinder(Path(model_path) if model_path else default_model_path(), labels, score, sure)


def model_available(path: Path | None = None) -> bool:
    """Whether a trained model is there to use (``pipeline.build_nlp`` asks before adding it)."""
    target = path or default_model_path()
    return (target / "meta.json").is_file()


__all__: list[Any] = ["ModelFinder", "admit", "chunks", "find_with_model", "make_model_finder",
                      "model_available"]
