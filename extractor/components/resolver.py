"""The one place where overlapping candidates are settled, and date years are inferred.

Policy (tested in tests/extractor/components/test_resolver.py):
- A TITLE may contain a UNIT (省直工委副书记 holds 省直工委): both are kept, since the unit is
  named there and nowhere else in many bulletins; so may a range of months its end month
  (2018年6-8月 holds 8月).
- Otherwise overlapping candidates compete. When one contains the other, the longer wins (a
  number inside a name, 第16督导组, is part of the name; 1月25日 inside 截至1月25日止 is the
  date with its modifier). When they only cross, the higher score wins, then the longer.
- Identical spans of one label are merged, keeping the higher score.
Then every DATE without a year (or month) gets one from context (``rules.dates.resolve_dates``),
tokens are split where a span edge falls inside a jieba word, and the result is written to
``doc.spans["jianbao"]`` (overlaps allowed), ``doc.ents`` (outermost spans) and
``doc.user_data[ENTITIES]``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.components import ENTITIES, get_candidates, get_context
from extractor.components.align import split_tokens_at
from extractor.rules.dates import resolve_dates
from extractor.spans import Candidate

SPANS_KEY = "jianbao"
# (outer, inner) label pairs that may nest.
NESTING = {("TITLE", "UNIT")}


def _contains(a: Candidate, b: Candidate) -> bool:
    return a.start <= b.start and b.end <= a.end


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _may_nest(a: Candidate, b: Candidate) -> bool:
    return ((a.label, b.label) in NESTING and _contains(a, b)) or (
        (b.label, a.label) in NESTING and _contains(b, a)
    ) or _range_in_range(a, b) or _range_in_range(b, a)


def _range_in_range(outer: Candidate, inner: Candidate) -> bool:
    """2018年6-8月 holds its end month 8月: both dates are kept."""
    return (outer.label == inner.label == "DATE" and _contains(outer, inner)
            and inner.attrs.get("range") == "end" and outer.attrs.get("end") == inner.value)


def _beats(a: Candidate, b: Candidate) -> bool:
    """Whether ``a`` wins over an overlapping ``b``."""
    if _contains(a, b) and a.length > b.length:
        return True
    if _contains(b, a) and b.length > a.length:
        return False
    return (a.score, a.length, -a.start) > (b.score, b.length, -b.start)


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Settle overlaps (see the module docstring); the result is sorted by position."""
    best: dict[tuple[str, int, int], Candidate] = {}
    for c in cands:
        if c.end <= c.start:
            continue
        key = (c.label, c.start, c.end)
        if key not in best or c.score > best[key].score:
            best[key] = c
    pool = sorted(best.values(), key=lambda c: (-c.score, -c.length, c.start))
    kept: list[Candidate] = []
    for c in pool:
        rivals = [k for k in kept if _overlap(k, c) and not _may_nest(k, c)]
        if all(_beats(c, k) for k in rivals):
            kept = [k for k in kept if k not in rivals]
            kept.append(c)
    return sorted(kept, key=lambda c: (c.start, -c.end, c.label))


class Resolver:
    def __call__(self, doc: Doc) -> Doc:
        ctx = get_context(doc)
        final = resolve(get_candidates(doc))
        resolve_dates(
            [c for c in final if c.label == "DATE"],
            document_date=ctx.get("document_date"),
            reference_date=ctx.get("reference_date"),
        )
        final = [c for c in final if not (c.label == "DATE" and c.value is None)]  # 次日 of nothing
        split_tokens_at(doc, {o for c in final for o in (c.start, c.end)})
        spans: list[Span] = []
        for c in final:
            span = doc.char_span(c.start, c.end, label=c.label)
            if span is not None:  # always, after the split; a guard for whitespace edges
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        outer: list[Span] = []
        for s in sorted(spans, key=lambda s: (s.start, -len(s))):
            if not outer or s.start >= outer[-1].end:
                outer.append(s)
        doc.ents = outer
        doc.user_data[ENTITIES] = final
        return doc


@Language.factory("jianbao_resolver")
def make_resolver(nlp: Language, name: str) -> Resolver:
    return Resolver()


__all__ = ["Resolver", "make_resolver", "resolve"]
