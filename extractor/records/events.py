"""Event records: a named unit did something on a date (tied to a milestone when one fits).

    市卫健委于4月8日召开动员大会            the subject unit before the trigger
    1月17日，省委对…部署 / 3月31日下午，县委召开…   the date in a clause of its own before the subject
    21日成立了市换届工作领导小组             what 成立 founds is the unit the event is about
    区委书记张三主持召开区领导小组第3次会议     a person as subject: the unit whose meeting it is,
    公司党委副书记李四主持召开…工作会议          else the organ of the chair's post
    9月1日18时，州防指启动…                     a clock time after the date is part of it
    经省政府研究，决定成立… / 指挥部决定发布…     a decision the notice puts into effect: the
                                                  deciding organ's, dated by the document
    某团支部2009年5月被团中央授予…称号            an honour received: the awarding organ's
    3月22日，学校召开动员大会，成立…领导小组       no unit leads the day's clause: the group founded
    市安委会办公室组建…，8月19日至23日对…进行了抽查  the subject carried from the clause before
    3月8日，县纪委召开…；14日，对3名…立案审查     and from the sentence before, across a ；
    该局于4月8日印发… / 27日，督导组召开…         该局 and a bare 督导组 name the unit last named so
    3月2日，我局召开…，成立了…领导小组，制定了…方案   我局 is the issuer; each milestone of the
                                                  clauses that follow is reached that day too
Collective mentions (各区县) make no event, nor do units inside an official's title, nor dates
marked as-of or before (截至, …前), nor periods (上半年, 今年). An event without a catalogue
trigger needs a verb.
"""

from __future__ import annotations

import re

from extractor.milestones import Catalogue
from extractor.records.clauses import clause_bounds, is_verbal, strip_end, words
from extractor.records.types import Event
from extractor.spans import Candidate

_TIME_OF_DAY = re.compile(
    r"(?:(?:至|到|—|－|-|~)\s*(?:\d{1,2}月)?\d{1,2}日"
    r"|上午|下午|晚上|晚|早上|中午|凌晨|期间|前后|以来|当天|起|，|、|\s"
    r"|\d{1,2}(?:时|点)(?:\d{1,2}分)?许?|\d{1,2}[:：]\d{2})*"
)
_FILLER = re.compile(r"^(?:于|在|从|自|，|、|先后|分别|又|还|也)+")
_TAIL = re.compile(r"(?:后|之后|以后|时|期间)$")
_MEETING_OBJECT = re.compile(r"(?:主持)?(?:召开|举行|举办)")
_STATUS_LINE = re.compile(r"(?m)^[ \t\u3000]*(?P<unit>[^：:\n]{2,30})[：:](?P<body>[^\n]+)$")
_CLAUSE = re.compile(r"[^，；。,;\t]+")
_TABLE_ROW = re.compile(r"(?m)^[^\n\t]*\t[^\n]*$")  # a table row: cells joined by tabs
_VENUE = re.compile(r"在$")
# What an organ does to the one it honours, after 被 + the organ (被团中央授予…称号).
_AWARDING = re.compile(r"授予|评为|命名为|表彰为|表彰|通报表扬|记[一二三]?等?功")
_APPROVAL = re.compile(r"(?:领导)?(?:同意|批准|研究)")  # 经县政府同意: who approved, not who did
_FUTURE = re.compile(r"将|拟|计划|准备|要")
_LEAD = re.compile(r"^(?:并|还|又|同时|随后|随即|立即|及时|已经|已|均|都|先后|相继)+")
# The writer's own organ (not 我县, 我市: a place, as 全县 is).
_SELF = re.compile(r"(?:我|本)(?:局|委|厅|办|院|部|室|处|中心|单位|公司|集团|校|所|站|会)(?![长议])")
_CELL = re.compile(r"[^\t\s](?:[^\t]*[^\t\s])?")  # a cell, its padding left out
_NEGATED = re.compile(r"尚未|仍未|暂未|未能|没有|^未")
# 该局, 该厅 …; a working group named by its kind alone (督导组召开…): a mention of a unit named before
_ANAPHOR = re.compile(r"该(?:局|厅|委|院|校|所|办|部|室|处|中心|公司|集团|单位|组)|"
                      r"(?<![\u4e00-\u9fff])(?:督导组|巡视组|巡察组|调研组|检查组|督查组|工作组)")


def _inside(c: Candidate, spans: list[Candidate]) -> bool:
    return any(t.start <= c.start and c.end <= t.end for t in spans)


def _has_verb(phrase: str) -> bool:
    """A verb, a verb glued to its object, or a word that takes 了 (开庭审理了)."""
    ws = words(phrase[:20])
    return any(is_verbal(w) or (k + 1 < len(ws) and ws[k + 1][0] in ("了", "过"))
               for k, w in enumerate(ws))


def build_events(
    text: str, entities: list[Candidate], sentences: list[tuple[int, int]], catalogue: Catalogue,
    issuer: str | None = None, now: str | None = None,
) -> list[Event]:
    """Events in text order; ``issuer`` (the document's) is who 我局, 本单位 … are; ``now`` (the
    document's date) dates the decisions the document puts into effect (…指挥部决定发布…)."""
    titles = [e for e in entities if e.label == "TITLE"]
    people = [e for e in entities if e.label in ("PERSON", "TITLE")]
    units = [e for e in entities if e.label == "UNIT" and not e.attrs.get("collective")
             and not _inside(e, titles)]
    title_units = tuple(e for e in entities if e.label == "UNIT" and _inside(e, titles))
    units = sorted(units + _anaphors(text, units, entities) + _self_mentions(text, issuer, entities),
                   key=lambda u: u.start)
    dates = [e for e in entities if e.label == "DATE"]
    events: list[Event] = []
    seen: set[tuple[str, str | None]] = set()
    # the subject of the sentence before, when it ended with ；: where it ends, the unit
    last: tuple[int, Candidate] | None = None
    for sent in sentences:
        carried = last[1] if last and last[0] == sent[0] and text[sent[0] - 1] in "；;" else None
        head = next((u for u in units if sent[0] <= u.start < sent[0] + 2), None)
        last = (sent[1], head) if head is not None else None
        for d in (x for x in dates if sent[0] <= x.start < sent[1]):
            if d.attrs.get("modifier") in ("as_of", "before") or d.attrs.get("range") == "end":
                continue  # 截至…, …前, and the end of 8月12日至16日 date no event
            if len(str(d.value or "")) <= 4 and (
                not d.attrs.get("year_written") or text[d.end:d.end + 1] not in "，,"
            ):
                continue  # 上半年, 今年, 2024年第一次全体会议: a period or a name, not a day
            found = _event_at(text, sent, d, units, people, catalogue, carried, title_units)
            if found is None:
                found = _founded_after(text, sent, d, units, dates, catalogue)
            if found is None:
                continue
            ev, subject = found
            last = (sent[1], subject)
            if (ev["unit"], ev["date"]) in seen:
                continue
            seen.add((ev["unit"], ev["date"]))
            events.append(ev)
            events += _same_day(text, sent, max(d.start, last[1].start), ev, dates, units, catalogue)
    if now:
        for ev in _decisions(text, units, dates, sentences, catalogue, now):
            if (ev["unit"], ev["date"]) not in seen:
                seen.add((ev["unit"], ev["date"]))
                events.append(ev)
    done = {(e["unit"], e["milestone"]) for e in events}
    for ev in _status_lines(text, units, dates, sentences, catalogue):
        if (ev["unit"], ev["milestone"]) not in done:
            done.add((ev["unit"], ev["milestone"]))
            events.append(ev)
    return sorted(events, key=lambda e: e["evidence"][0])  # text order (the sort is stable)


# 决定成立…, 决定发布…, 决定于10月29日19时启动…: a decision the document itself puts into effect
_DECIDED = re.compile(r"决定(?=[\u4e00-\u9fff（(])")
_APPROVER = re.compile(r"经(?P<unit>[^，,。；]{2,30}?)(?:研究|同意|批准|审定|决定)[，,]?$")


def _decisions(
    text: str, units: list[Candidate], dates: list[Candidate], sentences: list[tuple[int, int]],
    catalogue: Catalogue, now: str,
) -> list[Event]:
    """A decision a notice puts into effect is an event of the deciding organ, dated by the date
    written right after 决定 (决定于10月29日启动) or else by the document's own date: the organ named
    right before 决定 (区森林防灭火指挥部决定发布…), or the one whose approval leads the clause
    (经省政府研究，决定成立…)."""
    out: list[Event] = []
    by_end = {u.end: u for u in units}
    for m in _DECIDED.finditer(text):
        sent = next(((a, b) for a, b in sentences if a <= m.start() < b), None)
        if sent is None:
            continue
        cs, ce = clause_bounds(text, sent[0], sent[1], m.start())
        unit = by_end.get(m.start())
        if unit is None:
            lead = _APPROVER.search(text, sent[0], m.start())
            if lead:
                unit = next((u for u in units if u.start == lead.start("unit")
                             and u.end == lead.end("unit")), None)
        if unit is None or _FUTURE.search(text, max(cs, m.start() - 2), m.start()):
            continue
        # the decision's own date is written right after it (决定于10月29日…), not a period later
        own = next((d for d in dates if m.end() <= d.start <= m.end() + 2), None)
        what = strip_end(text[m.start():ce])
        hit = catalogue.match(what)
        out.append({"kind": "event", "unit": unit.text, "date": own.value if own else now,
                    "what": what, "milestone": hit[0].key if hit else None,
                    "evidence": [sent[0], sent[1]]})
    return out


_FOUNDED = re.compile(r"(?:^|[，、；])(?:并|同时|随即)?成立(?:了)?")


def _founded_after(
    text: str, sent: tuple[int, int], d: Candidate, units: list[Candidate],
    dates: list[Candidate], catalogue: Catalogue,
) -> tuple[Event, Candidate] | None:
    """A group founded that day in a later clause of the sentence, when no unit leads the
    date's own clause (3月22日，学校召开动员大会，成立…领导小组): the group's own event."""
    for m in _FOUNDED.finditer(text, d.end, sent[1]):
        if any(d.end <= x.start < m.start() for x in dates):
            return None  # another date stands between
        unit = next((u for u in units if u.start == m.end()), None)
        if unit is None:
            continue
        _, ce = clause_bounds(text, sent[0], sent[1], m.end())
        what = strip_end(text[m.start():ce]).lstrip("，、；")
        hit = catalogue.match(what)
        return {"kind": "event", "unit": unit.text, "date": d.value, "what": what,
                "milestone": hit[0].key if hit else None, "evidence": [sent[0], sent[1]]}, unit
    return None


def _same_day(
    text: str, sent: tuple[int, int], at: int, ev: Event, dates: list[Candidate],
    units: list[Candidate], catalogue: Catalogue,
) -> list[Event]:
    """Further milestones the same subject reached in the clauses that follow in the sentence
    (3月2日，我局召开动员部署会，成立了工作领导小组，制定了实施方案), up to another date or a
    clause led by another unit."""
    out: list[Event] = []
    _, ce = clause_bounds(text, sent[0], sent[1], at)  # the event's own clause
    keys = {ev["milestone"]}
    while ce < sent[1] - 1:
        cs, ce = clause_bounds(text, sent[0], sent[1], ce)
        raw = strip_end(text[cs:ce]).strip()
        if any(cs <= x.start < ce for x in dates) or any(cs <= u.start < cs + 2 for u in units):
            break
        clause = _LEAD.sub("", raw)
        skip = len(raw) - len(clause) + len(text[cs:ce]) - len(text[cs:ce].lstrip())  # into the clause
        hit = catalogue.match(clause, [(u.start - cs - skip, u.end - cs - skip) for u in units
                                       if cs <= u.start < ce])
        if (hit is None or hit[1].start() > 4 or hit[0].key in keys
                or _NEGATED.search(clause) or _FUTURE.search(clause)):
            continue  # the clause must open with what was done (成立了…, 研究部署…)
        keys.add(hit[0].key)
        out.append({"kind": "event", "unit": ev["unit"], "date": ev["date"],
                    "what": _FILLER.sub("", clause), "milestone": hit[0].key,
                    "evidence": list(ev["evidence"])})
    return out


def _status_lines(
    text: str, units: list[Candidate], dates: list[Candidate], sentences: list[tuple[int, int]],
    catalogue: Catalogue,
) -> list[Event]:
    """A progress list, one unit per line (县发改局：已召开动员部署会，制定了实施方案。) or per
    table row (县发改局⇥已召开动员部署会⇥2024年4月10日): each milestone the line says the unit
    reached, not one it has not (尚未召开…). A row's own date cell dates it; otherwise the 截至
    date above the list does (``reached_by``: reached by then, the day not said)."""
    at = {u.start: u for u in units}
    as_of = [d for d in dates if d.attrs.get("modifier") == "as_of"]
    out: list[Event] = []
    for m in _STATUS_LINE.finditer(text):
        unit = at.get(m.start("unit"))
        if unit is None or unit.end != m.end("unit") or "\t" in m.group():
            continue
        before = [d for d in as_of if d.start < m.start()]
        date = before[-1].value if before else None
        out += _reached(text, unit, [(m.start("body"), m.end("body"))], date, True, sentences,
                        catalogue)
    for row in _TABLE_ROW.finditer(text):
        cells = [(c.start() + row.start(), c.end() + row.start())
                 for c in _CELL.finditer(row.group())]
        lead = [at.get(a) for a, b in cells[:2]]
        k = next((i for i, u in enumerate(lead) if u is not None and u.end == cells[i][1]), None)
        if k is None:
            continue  # a header row (单位⇥进展情况), or a row not led by a unit
        unit = lead[k]
        assert unit is not None
        own = [d for d in dates if any(d.start == a and d.end == b for a, b in cells[k + 1:])]
        before = [d for d in as_of if d.start < row.start()]
        date, reached_by = ((own[0].value, False) if own else
                            (before[-1].value if before else None, True))
        body = [c for c in cells[k + 1:] if not any(d.start == c[0] for d in own)]
        out += _reached(text, unit, body, date, reached_by, sentences, catalogue)
    return out


def _reached(
    text: str, unit: Candidate, spans: list[tuple[int, int]], date: str | None, reached_by: bool,
    sentences: list[tuple[int, int]], catalogue: Catalogue,
) -> list[Event]:
    """The milestones the clauses of ``spans`` say ``unit`` reached, not the negated ones."""
    out: list[Event] = []
    for start, end in spans:
        sent = next(((a, b) for a, b in sentences if a <= start < b), (start, end))
        for part in _CLAUSE.finditer(text, start, end):
            clause = part.group().strip()
            hit = catalogue.match(clause)
            if hit is None or _NEGATED.search(clause):
                continue
            event: Event = {"kind": "event", "unit": unit.text, "date": date,
                     "what": clause.removeprefix("已"), "milestone": hit[0].key,
                     "evidence": [sent[0], sent[1]]}
            if reached_by:
                event["reached_by"] = True
            out.append(event)
    return out


def _self_mentions(text: str, issuer: str | None, entities: list[Candidate]) -> list[Candidate]:
    """我局, 我委, 本单位 …: in a unit's own report, the unit that issued it. Where the document
    names no issuer, no event is given to 我校 as written: every school's 我校 would be one unit
    on the board."""
    if not issuer:
        return []
    taken = [e for e in entities if e.label in ("UNIT", "TITLE", "PERSON")]
    return [Candidate("UNIT", m.start(), m.end(), issuer, source="rule", attrs={"refers_to": "issuer"})
            for m in _SELF.finditer(text)
            if not any(e.start < m.end() and m.start() < e.end for e in taken)]


def _anaphors(text: str, units: list[Candidate], entities: list[Candidate]) -> list[Candidate]:
    """该局 and a bare 督导组 as UNIT stand-ins carrying the name of the unit they refer to."""
    taken = [e for e in entities if e.label in ("UNIT", "TITLE", "PERSON")]
    out: list[Candidate] = []
    for m in _ANAPHOR.finditer(text):
        if any(e.start < m.end() and m.start() < e.end for e in taken):
            continue
        head = m.group().removeprefix("该")
        # 该局 → the last unit whose name ends in 局; 该单位 → the last unit named
        before = [u for u in units if u.end <= m.start()
                  and (head == "单位" or u.text.endswith(head))]
        if before:
            out.append(Candidate("UNIT", m.start(), m.end(), before[-1].text, source="rule",
                                 attrs={"refers_to": before[-1].start}))
    return out


def _may_act(text: str, u: Candidate, cs: int) -> bool:
    """Whether the unit ``u`` may be the subject of its clause: not the place of the event
    (推进会在县委党校召开) nor the body that approved it (经县政府同意)."""
    if _VENUE.search(text, max(cs, u.start - 1), u.start):
        return False
    return not (text[u.start - 1:u.start] == "经" and _APPROVAL.match(text, u.end))


def _event_at(
    text: str, sent: tuple[int, int], d: Candidate, units: list[Candidate],
    people: list[Candidate], catalogue: Catalogue, carried: Candidate | None = None,
    title_units: tuple[Candidate, ...] = (),
) -> tuple[Event, Candidate] | None:
    """The event dated ``d`` in its clause and the unit that is its subject, if any."""
    cs, ce = clause_bounds(text, sent[0], sent[1], d.start)
    rest_start = _TIME_OF_DAY.match(text, d.end).end()  # type: ignore[union-attr]
    if rest_start >= ce - 1 and ce < sent[1]:  # 1月17日，省委…: the event is the next clause
        cs, ce = clause_bounds(text, sent[0], sent[1], ce)
        rest_start = cs
    # a unit after 在 is where it happened, not who did it (推进会在县委党校召开)
    in_clause = [u for u in units if cs <= u.start and u.end <= ce and _may_act(text, u, cs)]
    agent = next((u for u in in_clause if text[u.start - 1:u.start] == "被"
                  and _AWARDING.match(text, u.end)), None)
    if agent is not None:  # 某团支部2009年5月被团中央授予…称号: the awarding organ acted
        what = strip_end(text[agent.end:ce])
        return {"kind": "event", "unit": agent.text, "date": d.value, "what": what,
                "milestone": None, "evidence": [sent[0], sent[1]]}, agent
    body_start = max(rest_start, cs) if d.start <= cs + 2 or rest_start == cs else cs
    body = text[body_start:ce]
    hit = catalogue.match(body, [(u.start - body_start, u.end - body_start) for u in in_clause])
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
            if unit is None:  # 集团公司党委副书记李某主持召开…会议: the organ of the chair's post
                unit = next((u for u in title_units if cs <= u.start < trig), None)
    if unit is None and cs > sent[0]:
        # the subject named at the head of the clause before (X组建…，8月19日对…进行了抽查)
        pcs, _pce = clause_bounds(text, sent[0], sent[1], cs - 1)
        unit = next((u for u in units if (u.start == pcs or (pcs <= u.start < pcs + 2))
                     and _may_act(text, u, pcs)), None)
    if unit is None and carried is not None and not in_clause and d.start <= cs + 2:
        unit = carried  # 3月8日，县纪委监委召开…；14日，对3名…立案审查
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
    event: Event = {
        "kind": "event", "unit": unit.text, "date": d.value, "what": what,
        "milestone": hit[0].key if hit else None, "evidence": [sent[0], sent[1]],
    }
    return event, unit
