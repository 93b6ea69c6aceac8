"""Units known by where they stand rather than by their own words.

- a Party organ of the unit the text is about, written with its kind alone or with a short
  name of that unit (党委委员、副校长…, 科技厅党组书记…, 集团公司党委召开…, 机关党委要…): at the head
  of a clause, followed by a post and a name or by what an organ does;
- the places of a list that gives each its figure (东安市76.4%、南平市28.9%…);
- the items of a list that a neighbour or the list's own tail says are units: 南岗、北林、东湖等
  五个单位 (the tail names their kind), 党政办公室、人事处、教务处 (each ends like an organ),
  各县市区人民政府、东安经济技术开发区、西湖新区 (a unit and places of a level in one list).

Both read the candidates the other finders made, so they run after them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractor.rules.people import surnames
from extractor.segment import Token
from extractor.spans import Candidate

CONTEXT_SCORE = 0.84

# A Party organ of the unit itself, and the short forms of the unit it may follow.
PARTY_ORGAN = r"(?:机关党委|机关纪委|党组|分党委|党委|纪委|党工委|党总支|团委|团总支|分工会)"
# A branch organ named by the members it gathers (离退休分党委, 机关党总支, 学生团总支).
_BRANCH_HEAD = re.compile(
    r"(?:(?<=[，。；：\n])|^)([\u4e00-\u9fff]{2,6}?(?:分党委|党总支|直属党支部|团总支|分工会))"
    r"(?=召开|组织|印发|转发|举办|举行|研究|决定|开展|制定)"
)
SELF_NAME = (  # (not 我局, 本院, 该公司: the organ is named by what follows)
    r"(?![我本该各全])(?:校|院|厅|局|所|[\u4e00-\u9fff]{0,4}?(?:分院|学院|集团公司|集团|公司|厅|局|研究院|研究所|中心))"
)
POST_AFTER = r"(?:副书记|书记|委员|常委|成员)"
ORGAN_VERBS = (
    "召开|组织|印发|举办|举行|研究|决定|要求|制定|成立|部署|高度重视|坚持|及时|认真|切实|要|将|于"
    "|在[^，。；\n]{2,24}?(?:召开|举行|举办)"
)
_HEAD = re.compile(
    rf"(?:(?<=[，。；：、\n（(“”])|^|(?<=[由和与及我本]))({SELF_NAME}?{PARTY_ORGAN})"
    rf"(?=({POST_AFTER})|{ORGAN_VERBS})"
)

# The standing organs of a place, named by their kind alone in a list beside a unit.
STANDING_ORGANS = frozenset("人大 政府 政协 法院 检察院 党工委 管委会 纪工委 纪委 监委".split())
# What a list's tail says its items are: 等五个单位, 等6家企业, 等乡镇.
_KIND_TAIL = re.compile(
    r"等(?:[0-9一二三四五六七八九十两]+[个家])?(?:单位|部门|乡镇|镇街|街道|县区|县市区|企业|学校|院校|市县)"
)
_ITEM = re.compile(r"[\u4e00-\u9fff]{2,16}")
_LIST_SEP = "、"
# Words of a list item that show it is no name (a verb phrase or a common noun phrase).
_NOT_NAME_CHARS = set("的了是在对把被和与及等请含向从")
LEVEL_ENDINGS = ("开发区", "经开区", "新区", "管理区", "高新区", "园区", "区", "县", "市", "州", "镇", "乡",
                 "街道", "街办", "办事处", "村", "社区")
# The last item of a list runs on into the clause: 白沙岭村开展对村巡察 → 白沙岭村.
_LAST_ITEM = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:村|社区|镇|乡|街道|办事处)(?=开展|召开|完成|已|均|等|的)")
# An item of a figures list: a place and its figure (东安市76.4%、南平市28.9%、…).
_FIGURE_ITEM = re.compile(
    r"(?:(?<=[：:、，,；;\n])|^)([\u4e00-\u9fff]{2,9}?(?:经开区|开发区|新区|自治州|自治县|[市州县区镇乡]|街道))"
    r"(?=[（(]?\d+(?:[.．]\d+)?\s*(?:[%％]|[个家户人项所座名件]))"
)


def party_organs(text: str, toks: tuple[Token, ...]) -> list[Candidate]:
    """A unit's own Party organ at the head of a clause (党委委员、副校长…, 科技厅党组书记…)."""
    starts = {t.start for t in toks} | {0}
    single, compound = surnames()
    out: list[Candidate] = []
    for m in _HEAD.finditer(text):
        s, e = m.span(1)
        if s not in starts and text[s - 1 : s] not in ("我", "本"):  # jieba glues 我局
            continue
        bare = re.fullmatch(PARTY_ORGAN, m.group(1)) is not None
        if m.group(2) and bare:  # a post: only when a name follows it (党委书记要… is general)
            after = text[m.end(2) : m.end(2) + 2]
            if not after or not (after[0] in single or after in compound):
                continue
        elif not m.group(2) and bare and not m.group(1).startswith("机关"):
            continue  # 党委要…: which 党委 is not said
        out.append(Candidate("UNIT", s, e, text[s:e], source="rule", score=CONTEXT_SCORE))
    for m in _BRANCH_HEAD.finditer(text):  # 5月26日，离退休分党委转发了…
        if m.start(1) in starts and m.group(1)[0] not in "各全本该每我":
            out.append(Candidate("UNIT", m.start(1), m.end(1), m.group(1), source="rule",
                                 score=CONTEXT_SCORE))
    return out


def _list_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of two or more items joined by 、 (each item a run of Chinese characters)."""
    runs: list[list[tuple[int, int]]] = []
    for m in _ITEM.finditer(text):
        s, e = m.span()
        if runs and runs[-1][-1][1] + 1 == s and text[s - 1] == _LIST_SEP:
            runs[-1].append((s, e))
        else:
            runs.append([(s, e)])
    return [r for r in runs if len(r) >= 2]


def _unit_ends_at(e: int, span: tuple[int, int], starts_by_end: dict[int, list[int]]) -> bool:
    """Whether a candidate lying inside ``span`` ends at ``e``."""
    return e <= span[1] and any(st >= span[0] for st in starts_by_end.get(e, ()))


def listed_units(
    text: str, found: list[Candidate], organ_name: Callable[[int, int], bool]
) -> list[Candidate]:
    """Items of a 、-list that are units because the list's tail says so, or because they end
    like an organ or a place of a level and another item is already a unit.

    The first item of a run may hold the words before the list (特别是东安县石桥乡): it is
    taken only when it starts a line or follows a comma, colon or bracket and holds no function
    word.
    """
    out: list[Candidate] = []
    starts_by_end: dict[int, list[int]] = {}
    for c in found:
        starts_by_end.setdefault(c.end, []).append(c.start)
    for run in _list_runs(text):
        last_s, last_e = run[-1]
        tail = _KIND_TAIL.search(text, last_s, last_e + 12)
        if tail and tail.start() > last_s:
            run[-1] = (last_s, tail.start())  # 东湖等五个单位负责人…: the item ends at 等
        else:
            tail = None
        span = (run[0][0], run[-1][1])
        known = [it for it in run if _unit_ends_at(it[1], span, starts_by_end)]
        if not known and not tail:
            continue
        for i, (s, e) in enumerate(run):
            name = text[s:e]
            if i == len(run) - 1 and i and (cut := _LAST_ITEM.match(name)) and known:
                e = s + cut.end()
                name = text[s:e]
            if _unit_ends_at(e, span, starts_by_end) or _NOT_NAME_CHARS & set(name):
                continue
            if name in STANDING_ORGANS and known and (i or text[s - 1:s] in "\n，,；;：:（("):
                # 县委、人大、政府、政协: the standing organs of the place, named by kind alone
                out.append(Candidate("UNIT", s, e, name, source="rule", score=CONTEXT_SCORE))
                continue
            if i == 0 and s > 0 and text[s - 1] not in "\n，,；;：:（(。！？":
                continue
            if tail and len(name) <= 6:
                out.append(Candidate("UNIT", s, e, name, source="rule", score=CONTEXT_SCORE))
            elif len(name) >= 3 and (organ_name(s, e) or name.endswith(LEVEL_ENDINGS)):
                out.append(Candidate("UNIT", s, e, name, source="rule", score=CONTEXT_SCORE))
    return out


def figure_lists(text: str) -> list[Candidate]:
    """The places of a list that gives each its figure (各市州完成率分别为：长沙市76.43%、衡阳市
    28.85%…): the units a report ranks; two such items in a row at least."""
    items = list(_FIGURE_ITEM.finditer(text))
    out: list[Candidate] = []
    for k, m in enumerate(items):
        near = [o for o in (items[k - 1] if k else None, items[k + 1] if k + 1 < len(items) else None)
                if o is not None and abs(o.start() - m.start()) <= 24]
        if near and m.group(1)[0] not in "各全本该每":
            out.append(Candidate("UNIT", m.start(1), m.end(1), m.group(1), source="rule",
                                 score=CONTEXT_SCORE))
    return out

