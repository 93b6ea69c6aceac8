"""Event records: a named unit did something on a date (tied to a milestone when one fits).

    市卫健委于4月8日召开动员大会            the subject unit before the trigger
    1月17日，省委对…部署 / 3月31日下午，县委召开…   the date in a clause of its own before the subject
    21日成立了市换届工作领导小组             what 成立 founds is the unit the event is about
    区委书记张三主持召开区领导小组第3次会议     a person as subject: the unit whose meeting it is
    市安委会办公室组建…，8月19日至23日对…进行了抽查  the subject carried from the clause before
Collective mentions (各区县) make no event, nor do units inside an official's title, nor dates
marked as-of or before (截至, …前). An event without a catalogue trigger needs a verb.
"""

from __future__ import annotations

import re
from typing import Any

from extractor.milestones import Catalogue
from extractor.rules.clauses import clause_bounds, strip_end, words
from extractor.spans import Candidate

_TIME_OF_DAY = re.compile(r"(?:(?:至|到|—|－|-|~)\s*(?:\d{1,2}月)?\d{1,2}日|上午|下午|晚上|晚|早上|中午|凌晨|期间|前后|以来|当天|，|、|\s)*")
_FILLER = re.compile(r"^(?:于|在|从|自|，|、|先后|分别|又|还|也)+")
_TAIL = re.compile(r"(?:后|之后|以后|时|期间)$")
_MEETING_OBJECT = re.compile(r"(?:主持)?(?:召开|举行|举办)")


def _inside(c: Candidate, spans: list[Candidate]) -> bool:
    return any(t.start <= c.start and c.end <= t.end for t in spans)


def _has_verb(phrase: str) -> bool:
    return any(f.startswith("v") for _, f in words(phrase[:20]))


def build_events(
    text: str, entities: list[Candidate], sentences: list[tuple[int, int]], catalogue: Catalogue
) -> list[dict[str, Any]]:
    titles = [e for e in entities if e.label == "TITLE"]
    people = [e for e in entities if e.label in ("PERSON", "TITLE")]
    units = [e for e in entities if e.label == "UNIT" and not e.attrs.get("collective")
             and not _inside(e, titles)]
    dates = [e for e in entities if e.label == "DATE"]
    events: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    for sent in sentences:
        for d in (x for x in dates if sent[0] <= x.start < sent[1]):
            if d.attrs.get("modifier") in ("as_of", "before") or d.attrs.get("range") == "end":
                continue  # 截至…, …前, and the end of 8月12日至16日 date no event
            ev = _event_at(text, sent, d, units, people, catalogue)
            if ev is None or (ev["unit"], ev["date"]) in seen:
                continue
            seen.add((ev["unit"], ev["date"]))
            events.append(ev)
    return events


def _event_at(
    text: str, sent: tuple[int, int], d: Candidate, units: list[Candidate],
    people: list[Candidate], catalogue: Catalogue,
) -> dict[str, Any] | None:
    cs, ce = clause_bounds(text, sent[0], sent[1], d.start)
    rest_start = _TIME_OF_DAY.match(text, d.end).end()  # type: ignore[union-attr]
    if rest_start >= ce - 1 and ce < sent[1]:  # 1月17日，省委…: the event is the next clause
        cs, ce = clause_bounds(text, sent[0], sent[1], ce)
        rest_start = cs
    in_clause = [u for u in units if cs <= u.start and u.end <= ce]
    body_start = max(rest_start, cs) if d.start <= cs + 2 or rest_start == cs else cs
    body = text[body_start:ce]
    hit = catalogue.match(body)
    # without a catalogue trigger, the whole clause may hold the subject
    trig = body_start + (hit[1].start() if hit else len(body))
    unit = None
    if hit and hit[0].key == "leadership_group":
        unit = next((u for u in in_clause if u.start >= trig), None)
    if unit is None:
        subject = [u for u in in_clause if u.end <= max(trig, d.start) or u.end <= d.start]
        person_first = any(cs <= p.start < (subject[0].start if subject else ce)
                           and p.start < trig for p in people)
        if subject and not (person_first and subject[0].start > d.end):
            unit = subject[0]
        elif person_first and _MEETING_OBJECT.search(body):
            unit = next((u for u in in_clause if u.start >= trig), None)  # 主持召开X会议
    if unit is None and cs > sent[0]:
        # the subject named at the head of the clause before (X组建…，8月19日对…进行了抽查)
        pcs, _pce = clause_bounds(text, sent[0], sent[1], cs - 1)
        unit = next((u for u in units if u.start == pcs or (pcs <= u.start < pcs + 2)), None)
    if unit is None:
        return None
    what_start = max(body_start, unit.end if unit.end <= trig else body_start, d.end
                     if d.end <= ce and d.start >= cs else body_start)
    what = _FILLER.sub("", strip_end(text[what_start:ce]))
    what = _TAIL.sub("", what)
    if unit.start > trig and hit:
        what = strip_end(hit[1].group(0))
    if not what or (hit is None and not _has_verb(what)):
        return None
    return {
        "kind": "event", "unit": unit.text, "date": d.value, "what": what,
        "milestone": hit[0].key if hit else None, "evidence": [sent[0], sent[1]],
    }
