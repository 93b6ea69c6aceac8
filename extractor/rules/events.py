"""Event records: a named unit did a milestone step on a date.

    市卫健委于4月8日召开动员大会        the subject unit before the trigger
    1月17日，省委对…部署              the date in a clause of its own before the subject
    21日成立了市换届工作领导小组         what 成立 founds is the unit the event is about
Collective mentions (各区县) make no event; dates marked as-of or before (截至, …前) neither.
"""

from __future__ import annotations

import re
from typing import Any

from extractor.milestones import Catalogue
from extractor.rules.clauses import CLAUSE_END, clause_bounds, strip_end
from extractor.spans import Candidate


def build_events(
    text: str, entities: list[Candidate], sentences: list[tuple[int, int]], catalogue: Catalogue
) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    units = [e for e in entities if e.label == "UNIT" and not e.attrs.get("collective")]
    dates = [e for e in entities if e.label == "DATE"]
    seen: set[tuple[str, str | None, str]] = set()
    for sent in sentences:
        s_units = [u for u in units if sent[0] <= u.start < sent[1]]
        s_dates = [d for d in dates if sent[0] <= d.start < sent[1]]
        for d in s_dates:
            if d.attrs.get("modifier") in ("as_of", "before"):
                continue
            cs, ce = clause_bounds(text, sent[0], sent[1], d.start)
            if not text[d.end:ce].strip(CLAUSE_END + " "):  # 1月17日，省委对…部署: next clause
                cs, ce = clause_bounds(text, sent[0], sent[1], ce)
            clause = text[cs:ce]
            hit = catalogue.match(text[max(cs, d.end):ce] if d.start < cs + 2 else clause)
            if not hit:
                continue
            ms, m = hit
            trig_pos = (max(cs, d.end) if d.start < cs + 2 else cs) + m.start()
            unit = _event_unit(text, s_units, cs, ce, trig_pos, ms.key)
            if unit is None:
                continue
            what = strip_end(text[max(unit.end if unit.end <= trig_pos else cs, d.end, cs):ce])
            what = re.sub(r"^(?:于|在|，|、)+", "", what)
            what = re.sub(r"(?:后|之后|以后|时)$", "", what) or m.group(0)
            if unit.start > trig_pos:
                what = strip_end(m.group(0))
            key = (unit.text, d.value, ms.key)
            if key in seen:
                continue
            seen.add(key)
            events.append({
                "kind": "event",
                "unit": unit.text,
                "date": d.value,
                "what": what,
                "milestone": ms.key,
                "evidence": [sent[0], sent[1]],
            })
    return events


def _event_unit(
    text: str, units: list[Candidate], cs: int, ce: int, trig: int, milestone: str
) -> Candidate | None:
    """The unit an event is about: the subject before the trigger, or what 成立 founds."""
    if milestone == "leadership_group":
        founded = [u for u in units if trig <= u.start < ce]
        if founded:
            return founded[0]
    before = [u for u in units if cs <= u.start and u.end <= trig]
    if before:
        # the subject comes first in a Chinese clause (省直工委于1月19日发出…)
        return before[0]
    return None
