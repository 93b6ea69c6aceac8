"""Official records: one per person named in the bulletin, with titles and campaign roles.

- titles: the TITLE entities of the chain written right before the name (省直工委副书记、省直纪工委
  书记王某某 → both titles), and in a member list the posts after it (组  长：A  县长 → 县长);
- roles: places in a working group, from the structures bulletins use to set one up:
  组长由A担任 · 副组长分别由A，B，C担任 · 办公室主任由A兼任 · 由A同志任组长 · A任组长 ·
  A（兼宣传组组长） · the label of a member list (组  长：A  县长 → 组长). A group's own name
  before the role is dropped (领导小组组长 → 组长) and a sub-office is kept (办公室主任, 宣传组组长).
- evidence: the sentence of the person's first mention.
"""

from __future__ import annotations

import bisect
import functools
import re

from extractor.records.types import Official
from extractor.resources import alternation
from extractor.rules.people import is_name, title_kinds
from extractor.rules.rosters import roster_entries
from extractor.spans import Candidate

SEPARATORS = "、，, "


# A post held concurrently names its organ from a level (兼县委宣传部部长); a task role does not
# (兼宣传组组长, 兼办公室主任).
_LEVELS = frozenset("省市县区乡镇州盟旗")


@functools.cache
def _role_word() -> str:
    return f"(?:{alternation(frozenset(title_kinds()))})"


@functools.cache
def _roles() -> frozenset[str]:
    return frozenset(t for t, kind in title_kinds().items() if kind == "role")


@functools.cache
def _role_by_re() -> re.Pattern[str]:
    """组长由 … 担任 / 副组长分别由 … 兼任."""
    return re.compile(f"({_role_word()})(?:分别|则)?由([^。；;\n]*?)(?:担任|兼任|出任)")


@functools.cache
def _role_after_re() -> re.Pattern[str]:
    """… 任组长 / … 担任副组长 / … 兼任办公室主任."""
    return re.compile(f"(?:同志)?(?:分别)?(?:担任|兼任|出任|任)((?:办公室)?{_role_word()})")


@functools.cache
def _paren_re() -> re.Pattern[str]:
    return re.compile(f"[（(]兼?((?:[\\u4e00-\\u9fff]{{0,8}}?){_role_word()})[）)]")


def _with_office(text: str, role_start: int, role: str) -> str:
    """Keep a sub-office written before the role (办公室主任, 宣传组组长), drop the group itself."""
    before = text[max(0, role_start - 6) : role_start]
    if before.endswith("办公室"):
        return "办公室" + role
    m = re.search(r"(?:^|[、，,：:（(兼由])([\u4e00-\u9fff]{2}组)$", before)
    if m and not m.group(1).endswith("小组"):
        return m.group(1) + role
    return role


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> list[int]:
    starts = [s for s, _ in sentences]
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and sentences[i][0] <= pos < sentences[i][1]:
        return list(sentences[i])
    return [pos, pos]


def _title_chain(text: str, person: Candidate, by_end: dict[int, Candidate]) -> list[str]:
    chain: list[str] = []
    q = person.start
    while q in by_end:
        t = by_end[q]
        chain.insert(0, t.text)
        q = t.start
        if q > 0 and text[q - 1] in "、，" and (q - 1) in by_end:
            q -= 1
        else:
            break
    return chain


def _list_before(
    text: str, pos: int, persons: list[Candidate], by_end: dict[int, Candidate]
) -> list[Candidate]:
    """The persons of the list of names that ends at ``pos`` (separators, titles, notes between)."""
    out: list[Candidate] = []
    for p in reversed([p for p in persons if p.end <= pos]):
        gap = re.sub(r"[（(][^（）()]{0,24}[）)]|同志", "", text[p.end : pos])
        if gap.strip(SEPARATORS) or (out and not gap):
            break
        out.append(p)
        pos = _chain_start(text, p, by_end)
    return out


def _only_titles(text: str, s: int, e: int, by_end: dict[int, Candidate]) -> bool:
    """Whether text[s:e] is a chain of titles joined by 、 or ，."""
    while e > s:
        if text[e - 1] in SEPARATORS:
            e -= 1
        elif e in by_end and by_end[e].start >= s:
            e = by_end[e].start
        else:
            return False
    return True


def _chain_start(text: str, person: Candidate, by_end: dict[int, Candidate]) -> int:
    q = person.start
    while q in by_end:
        q = by_end[q].start
        if q > 0 and text[q - 1] == "、" and (q - 1) in by_end:
            q -= 1
    return q


def build_officials(
    text: str, entities: list[Candidate], sentences: list[tuple[int, int]]
) -> list[Official]:
    """One ``official`` record per distinct person name, in order of first mention."""
    persons = sorted((e for e in entities if e.label == "PERSON"), key=lambda e: e.start)
    by_end = {e.end: e for e in entities if e.label == "TITLE"}
    records: dict[str, Official] = {}
    roles: dict[str, list[str]] = {}

    def add_role(name: str, role: str) -> None:
        if role not in roles.setdefault(name, []):
            roles[name].append(role)

    for p in persons:
        name = "".join(p.text.split())  # 孙  红 in a list padded to three characters: 孙红
        rec = records.setdefault(
            name,
            {"kind": "official", "name": name, "titles": [], "roles": [],
             "evidence": _sentence_of(sentences, p.start)},
        )
        chain = _title_chain(text, p, by_end)
        if not chain and p.start > 0 and text[p.start - 1] == "、":
            prev = next((q for q in persons if q.end == p.start - 1), None)
            if prev is not None:  # 副市长张某、李某: the title is said once for both
                chain = _title_chain(text, prev, by_end)
        close = text.find("）", p.end, p.end + 42)
        if text.startswith("（", p.end) and close > 0 and not text.startswith("（兼", p.end):
            inner = [t for t in by_end.values() if p.end < t.start and t.end <= close]
            if inner and _only_titles(text, p.end + 1, close, by_end):
                chain += [t.text for t in sorted(inner, key=lambda t: t.start)]
        for t in chain:
            if t not in rec["titles"]:
                rec["titles"].append(t)
        m = _paren_re().match(text, p.end)
        if m and text.startswith("（兼", p.end) and m.group(1)[0] in _LEVELS:
            if m.group(1) not in rec["titles"]:
                rec["titles"].append(m.group(1))  # （兼乡人大主席团主席）: a second post, not a task role
        elif m and (text.startswith("（兼", p.end) or m.group(1) in _roles()):
            add_role(name, m.group(1))
    titles_at = {e: t.start for e, t in by_end.items()}
    for entry in roster_entries(text, titles_at, is_name):  # 组  长：刘某  县委副书记、县长
        person = next((p for p in persons if (p.start, p.end) == entry.name), None)
        if person is None:
            continue
        name = "".join(person.text.split())
        for s, e in entry.titles:
            if text[s:e] not in records[name]["titles"]:
                records[name]["titles"].append(text[s:e])
        add_role(name, entry.role)
    for m in _role_by_re().finditer(text):
        role = _with_office(text, m.start(1), m.group(1))
        for p in persons:
            if m.start(2) <= p.start and p.end <= m.end(2):
                add_role("".join(p.text.split()), role)
    for m in _role_after_re().finditer(text):
        role = m.group(1)
        for p in _list_before(text, m.start(), persons, by_end):
            add_role("".join(p.text.split()), role)
    for name, rs in roles.items():
        if name in records:
            # task roles first in the order written, parenthetical notes after
            records[name]["roles"] = rs
    return list(records.values())
