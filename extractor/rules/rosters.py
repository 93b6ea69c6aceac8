"""Member lists of a working group (组成人员名单), as notices that set one up print them:

    组  长：刘某某  县委副书记、县长
    副组长：陈  某  县委常委、常务副县长
            黄某某  副县长
    成  员：周某（县政府办公室主任）、吴某（县发改局局长）

A list is a run of lines, each a label line (a place in the group, its characters often spaced
to one width, then ：) or a line indented under one. Each entry gives a person, the posts
written after the name (their titles) and the label (their role in the group); a two-character
name may be padded to the width of three (陈  某). Names listed without posts (成员：张某、李某)
are entries too, on a label line only.

Both the people finder (PERSON and TITLE candidates) and the officials builder (titles and
roles) read the same entries, each with the title spans it knows (end → start).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

ROSTER_LABELS = (
    "常务副组长", "第一副组长", "副组长", "组长", "副主任", "主任", "常务副指挥长", "副指挥长",
    "指挥长", "副总指挥", "总指挥", "成员", "组员", "副秘书长", "秘书长", "副召集人", "召集人",
    "联络员", "顾问",
)
NameTest = Callable[[str], bool]
_GAP = "[ \u3000\t]"
_SEP_AFTER_NAME = re.compile(rf"{_GAP}+|[，,]|(?=[（(])")


@functools.cache
def _label_line() -> re.Pattern[str]:
    spaced = "|".join(f"{_GAP}*".join(label) for label in ROSTER_LABELS)
    return re.compile(rf"(?m)^{_GAP}*({spaced}){_GAP}*[：:]{_GAP}*")


@dataclass(frozen=True)
class RosterEntry:
    """One person of a member list: the name's span, the spans of the posts after it, the role."""

    name: tuple[int, int]
    titles: tuple[tuple[int, int], ...]
    role: str


def _name_ends(text: str, p: int, is_name: NameTest) -> list[int]:
    """Ends of the names that may start at ``p``: padded (陈  某) first, then 3, 2 and 4
    characters; a web page often glues the name to the post (陈某副省长), so no separator is
    needed here: the post that follows decides."""
    out = []
    padded = re.match(rf"([\u4e00-\u9fff]){_GAP}{{1,3}}([\u4e00-\u9fff])(?={_GAP}|[（(，,、；;]|$)",
                      text[p : p + 8])
    if padded and is_name(padded.group(1) + padded.group(2)):
        out.append(p + padded.end())
    out += [p + n for n in (3, 2, 4) if p + n <= len(text) and is_name(text[p : p + n])]
    return out


def _chain_at(text: str, p: int, end: int, starts: Mapping[int, list[int]]) -> list[tuple[int, int]]:
    """Titles joined by 、 or ， from ``p``, each the longest that a separator or the end closes."""
    chain: list[tuple[int, int]] = []
    while p < end:
        ends = [e for e in starts.get(p, ()) if e == end or text[e] in "、，,）)；; \u3000\t\n"]
        if not ends:
            break
        e = max(ends)
        chain.append((p, e))
        if e < end and text[e] in "、，,":
            p = e + 1
            continue
        break
    return chain


def roster_entries(text: str, titles: Mapping[int, int], is_name: NameTest) -> list[RosterEntry]:
    """The entries of every member list of ``text``; ``titles`` maps a title's end to its start
    and ``is_name`` says whether a string can be a person's name."""
    starts: dict[int, list[int]] = {}
    for e, s in titles.items():
        starts.setdefault(s, []).append(e)
    out: list[RosterEntry] = []
    role = ""
    block_open = missed = False
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        line_end = line_start + len(line.rstrip("\r\n"))
        label = _label_line().match(text, line_start, line_end)
        if label:
            role = re.sub(r"\s", "", label.group(1))
            entries = _entries(text, label.end(), line_end, starts, is_name, role, labelled=True)
        elif block_open:  # a line under a label, indented or not (web pages drop the spaces)
            a = line_start + len(line) - len(line.lstrip(" \u3000\t"))
            entries = _entries(text, a, line_end, starts, is_name, role, labelled=False)
        else:
            entries = []
        # a blank line, or one short line the reading missed, does not end the list
        missed_one = block_open and len(line.strip()) <= 40 and "。" not in line and not missed
        missed = not entries and missed_one
        block_open = bool(entries) or (block_open and not line.strip()) or missed_one
        out.extend(entries)
    return out


def _entries(
    text: str, a: int, end: int, starts: Mapping[int, list[int]], is_name: NameTest, role: str,
    *, labelled: bool,
) -> list[RosterEntry]:
    """The entries of one line from ``a``: a name, then its posts up to the line's end or the
    next entry; an unlabelled line must give each name a post, a label line may list names
    alone (成员：张某、李某)."""
    out: list[RosterEntry] = []
    while a < end:
        entry = _entry_at(text, a, end, starts, is_name, role, labelled=labelled)
        if entry is None:
            break
        out.append(entry)
        b = entry.titles[-1][1] if entry.titles else entry.name[1]
        if b < end and text[b] in "）)":
            b += 1
        rest = re.match(rf"[、，,；;]?{_GAP}*", text[b:end])
        if not rest or not rest.end():
            break
        a = b + rest.end()
    return out


def _entry_at(
    text: str, a: int, end: int, starts: Mapping[int, list[int]], is_name: NameTest, role: str,
    *, labelled: bool,
) -> RosterEntry | None:
    for q in _name_ends(text, a, is_name):
        b = q
        sep = _SEP_AFTER_NAME.match(text, b, end)
        if sep:
            b = sep.end()
        bracket = b < end and text[b] in "（("
        chain = _chain_at(text, b + 1 if bracket else b, end, starts)
        if chain:
            last = chain[-1][1]
            if last == end or text[last] in "）)、，,；; \u3000\t":
                return RosterEntry((a, q), tuple(chain), role)
        elif labelled and (q == end or text[q] in "、，,；;"):
            return RosterEntry((a, q), (), role)
    return None
