"""Units: organisations, offices, working groups and companies named in a bulletin.

Three finders, merged here (overlaps are settled by the resolver):

- the gazetteer: central organs and their short forms (中组部), and the standard departments of
  any province, city or county written as a level or place prefix + a department stem
  (省 + 委组织部, 四川省 + 法院, 番禺区 + 教育局), source "gazetteer";
- the organ-suffix grammar over jieba words: a name ends with a suffix (领导小组, 督导组, 有限公司,
  厅 …) and starts at the leftmost place, level or organ word of the chain of content words before
  it; a campaign name (保持共产党员先进性教育活动) may sit between the organ and a group suffix,
  so verbs are allowed inside the chain once an activity word lies to their right;
- collective mentions (省直各单位, 各市、县（市、区）委组织部, 各有关部门), kept with
  ``attrs={"collective": True}``.

Nothing inside 《…》 is a unit.
"""

from __future__ import annotations

import bisect
import functools
import re

from extractor import resources
from extractor.resources import alternation, rows, words
from extractor.rules import unit_context
from extractor.rules.people import title_kinds
from extractor.rules.quoted import inside, quoted_ranges
from extractor.segment import Token, tag_table, tokens
from extractor.spans import Candidate

GAZETTEER_SCORE = 0.97
GRAMMAR_SCORE = 0.88
BARE_SCORE = 0.8
CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
BARE_SUFFIXES = frozenset("处 科 股 室 院 中心 站 所".split())
COLLECTIVE_SCORE = 0.85
MAX_UNIT_CHARS = 36

LEVEL_CHARS = "省市县区州盟旗镇乡"
LEVEL_WORDS = (
    "高新技术产业开发区", "经济技术开发区", "特别行政区", "经济开发区", "自治区", "自治州",
    "自治县", "开发区", "高新区", "街道", "社区", "地区", "新区",
)
# Words that start a unit name by themselves (besides places and level words).
ANCHOR_WORDS = frozenset(
    "中央 国家 全国 中共 省直 市直 县直 区直 州直 省委 市委 县委 区委 州委 镇委 乡党委 省政府 市政府 "
    "县政府 区政府 省人大 市人大 县人大 省政协 市政协 县政协 省纪委 市纪委 县纪委 区纪委 "
    "省直机关 市直机关 县直机关 中直机关 国务院 最高人民法院 最高人民检察院 "
    # a university's or school's own organs, written without the school's name
    "校党委 校纪委 校团委 校工会 院党委 院纪委".split()
)
PREP_CHARS = "在于对向由从和与及经将把被"
# Characters that start the words jieba glues from a function word and a level character or a
# verb of sending (后报, 请区, 含县): such a word is no place name.
GLUE_HEADS = frozenset("后前请含并再又均需应要据按")
# Verbs of policy text that end a chain unless a campaign name is being read (作风建设专项行动).
POLICY_VERBS = frozenset("力争 建设 提高 实现 推进 加快 打造 支持 完善 新建 培育 引进 新增 建成".split())
# Words that end a chain going left: the unit starts after them.
HARD_STOPS = frozenset(
    "的 之 了 着 过 由 经 在 对 向 与 和 及 以及 或 并 是 为 把 将 被 从 于 给 让 使 等 各 该 本 我 "
    "其 这 那 此 有 无 召开 成立 组建 设立 下设 印发 下发 发出 部署 开展 参加 出席 联合 "
    "会同 牵头 从 报 同意  要求 根据 按照 通过 进行 举行 组织 领导 负责 推动 全省 全市 全县 全区".split()
)
ACTIVITY_END = re.compile(r"(活动|工作|斗争|主题教育|学习教育|行动|整治|巡视|巡察|攻坚|督导|督查|专项)$")
NOMINAL_TAGS = frozenset("n j vn b m x eng a an ng nz s l i".split())
PROPER_TAGS = frozenset("ns nt nz x".split())
# Verbs that name what a group does (第七巡回指导组, 协调小组).
GROUP_VERBS = frozenset(
    "巡回 巡视 巡察 督导 指导 检查 督查 督察 联络 协调 调研 宣讲 考核 驻村 扫黑 学习 普查".split()
)
# A department's bulletin names itself by its kind alone: 厅党组, 校党委, 局机关党委.
SELF_WORDS = frozenset("厅 局 校 学校 院 署".split())
# Words before a group named by its task alone (和分院…领导小组, 作为…领导小组副组长).
GROUP_LEFT = frozenset("和 及 与 、 作为 由 是 经".split())
LIST_LEFT = frozenset("、 ， ； 由 带领 和 及 与 会同 联合 报".split())
SUFFIX_CHARS_OK_ALONE = frozenset("办组厅局委部处科室站所署院")


def place_names() -> frozenset[str]:
    """Province and city names, full and short (from the data files' one reading)."""
    return resources.place_names()


def _province_abbrs() -> dict[str, str]:
    return resources.province_abbreviations()


@functools.cache
def _central_re() -> re.Pattern[str]:
    names = {w for row in rows("gazetteers/central_organs.tsv") for w in row[:1]}
    for row in rows("gazetteers/central_organs.tsv"):
        if len(row) > 1 and row[1]:
            names.update(s for s in row[1].split(",") if s)
    return re.compile(f"(?:{alternation(names)})(?!门)")


@functools.cache
def _stem_re() -> re.Pattern[str]:
    stems = words("gazetteers/provincial_departments.tsv")
    return re.compile(f"(?:{alternation(stems)})(?!员)")


@functools.cache
def _party_department_re() -> re.Pattern[str]:
    """A Party committee's departments named without the committee (委组织部 → 组织部)."""
    stems = {s[1:] for s in words("gazetteers/provincial_departments.tsv")
             if s.startswith("委") and len(s) >= 4}
    return re.compile(f"(?:{alternation(stems)})(?!员)")


@functools.cache
def suffix_classes() -> dict[str, str]:
    return {r[0]: r[1] for r in rows("lexicons/org_suffixes.tsv") if len(r) > 1}


@functools.cache
def _non_units() -> frozenset[str]:
    return words("lexicons/non_units.txt")


@functools.cache
def _non_unit_endings() -> tuple[frozenset[str], int]:
    """Non-unit words that are no organ suffix themselves, and the longest one's length."""
    endings = frozenset(n for n in _non_units() if n not in suffix_classes())
    return endings, max((len(n) for n in endings), default=0)


def is_unit_name(name: str) -> bool:
    """Whether ``name`` reads as an organisation: a stem before an organ suffix (宣传部, 常安办),
    not a bare suffix (党支部) nor a known non-unit word.

    >>> is_unit_name("市住建局"), is_unit_name("党支部"), is_unit_name("工作情况通报")
    (True, False, False)
    """
    if len(name) < 3 or name in _non_units() or not CJK_WORD.fullmatch(name):
        return False
    table = suffix_classes()
    return any(name[-n:] in table for n in range(1, min(len(name) - 1, 7) + 1)) and name not in table


def _suffix_class(tok: Token) -> str | None:
    """The class of the organ suffix that ``tok`` ends with, if it can end a unit."""
    w = tok.text
    table = suffix_classes()
    endings, longest = _non_unit_endings()
    if w in _non_units() or any(w[-k:] in endings for k in range(1, min(len(w), longest) + 1)):
        return None
    for n in range(min(len(w), 7), 0, -1):
        suf = w[-n:]
        if suf not in table:
            continue
        if n == len(w) or n >= 2 or tok.tag in ("nt", "j") or len(w) >= 3:
            return table[suf]
    return None


def _is_post(word: str) -> bool:
    """A standing post (局长, 书记): no unit's name holds one."""
    return len(word) >= 2 and title_kinds().get(word) == "post"


def _is_anchor(tok: Token, gaz_starts: set[int]) -> bool:
    w = tok.text
    if w in ANCHOR_WORDS or w in place_names() or tok.start in gaz_starts or w in SELF_WORDS:
        return True
    if len(w) >= 3 and w[-1] in "市县区镇乡旗州" and tok.tag in ("ns", "x", "nz", "n", "j"):
        return True  # 郊纳镇, 蕉城区
    if tok.tag == "ns" or (tok.tag == "nt" and len(w) > 2):
        return True
    if w in LEVEL_CHARS or w in LEVEL_WORDS:
        return True
    return len(w) >= 2 and w[0] in "省市县区" and tok.tag == "j"


@functools.cache
def _democratic_party_re() -> re.Pattern[str]:
    """A democratic party's organ: its name or short form, a place and level, and the organ
    (民进成都市委, 民盟万州区委会, 九三学社县支社); the party's own name alone is a unit too."""
    names: set[str] = set()
    for row in rows("gazetteers/democratic_parties.tsv"):
        names.add(row[0])
        if len(row) > 1:
            names.update(s for s in row[1].split(",") if s)
    return re.compile(
        f"(?:{alternation(names)})"
        r"(?:[\u4e00-\u9fff]{0,8}?[省市区县州](?:委员会|委会|委|支社|总支|支部)|基层委员会|中央)?"
    )


_ORDINAL_WORD = re.compile(r"第[一二三四五六七八九十\d]{1,3}")
# A committee's term written before its name (八届东安区委, 第十一届县委): part of the name.
_TERM_BEFORE = re.compile(r"(?<![\u4e00-\u9fff])第?[一二三四五六七八九十]{1,3}届$")
# The Communist Youth League's committees named by their level alone (团省委, 团市委, 团县委).
_YOUTH_LEAGUE = re.compile(r"团[省市县区州]委(?!员)")


def _democratic_parties(text: str, bounds: set[int]) -> list[Candidate]:
    # 民进 alone is too often the party in general (民进一如既往…): taken with its organ only
    return [_cand(text, m.start(), m.end(), "gazetteer", GAZETTEER_SCORE)
            for m in _democratic_party_re().finditer(text)
            if m.start() in bounds and len(m.group()) >= 4]


def _gazetteer(text: str, toks: tuple[Token, ...]) -> list[Candidate]:
    out: list[Candidate] = []
    bounds = {t.start for t in toks} | {len(text)}
    last_char = {t.end - 1 for t in toks if t.text[-1] in LEVEL_CHARS}
    ns_ends = {t.end: t.start for t in toks if t.tag == "ns" or _placeish(t)}
    for m in _party_department_re().finditer(text):  # 组织部, 宣传部 without their 县委
        if _bare_department(text, m.start(), m.end(), bounds):
            out.append(_cand(text, m.start(), m.end(), "gazetteer", BARE_SCORE))
    out += _democratic_parties(text, bounds)
    out += [_cand(text, m.start(), m.end(), "gazetteer", GAZETTEER_SCORE)  # 团省委, 团县委
            for m in _YOUTH_LEAGUE.finditer(text)
            if m.start() in bounds or text[m.start() - 1] in "、和与及由经被"]
    for m in _central_re().finditer(text):
        if m.start() in bounds or text[m.start() - 1] in "和、与及的，":
            out.append(_cand(text, m.start(), m.end(), "gazetteer", GAZETTEER_SCORE))
    for m in _stem_re().finditer(text):
        s, e = m.start(), m.end()
        p = _prefix_start(text, s, ns_ends)
        if p is None:
            if _bare_department(text, s, e, bounds):
                out.append(_cand(text, s, e, "gazetteer", BARE_SCORE))
            continue
        if p not in bounds and p not in last_char and text[p - 1] not in "我本该各原全":
            continue
        out.append(_cand(text, p, e, "gazetteer", GAZETTEER_SCORE))
    return out


# A department named without its level or place, as a bulletin names the local ones in a list
# (财政局、民政局、教育局 …) or as a subject (由宣传部牵头): a stem of three characters or more that
# ends like an organ, standing on its own.
_BARE_DEPARTMENT_END = re.compile(r"(?:局|厅|委员会|委|办公室|办|法院|检察院|部|处|中心)$")
_BARE_LEFT = re.compile(
    r"(?:^|[、，,；;：:（(\s“]|[由和与及经对向在将把被是为从]|牵头|配合|会同|联合|督促|要求)$"
)
_NOT_AFTER_BARE = tuple("长副主员")


def _bare_department(text: str, s: int, e: int, bounds: set[int]) -> bool:
    stem = text[s:e]
    if len(stem) < 3 or stem.startswith("委") or not _BARE_DEPARTMENT_END.search(stem):
        return False
    if stem in ("人民政府", "政府办公室", "政府办公厅") or s not in bounds:
        return False
    return bool(_BARE_LEFT.search(text, max(0, s - 3), s)) and not text.startswith(_NOT_AFTER_BARE, e)


def _placeish(t: Token) -> bool:
    """An unknown word of 2–3 characters that can be a county or district name (蕉城区, 蒙自)."""
    return t.tag in ("x", "nr", "nz", "n", "j") and 2 <= len(t.text) <= 4 and (
        t.text[-1] in "市县区镇乡旗" or t.tag in ("x", "nr", "nz")
    ) and CJK_WORD.fullmatch(t.text) is not None and t.text[:-1] not in HARD_STOPS and (
        t.text[0] not in GLUE_HEADS and t.text[-1] not in "报送"  # 后报, 请区, 含县: glued words
    ) and (
        not any(ch in PREP_CHARS for ch in t.text[1:])  # 局在市: glued to a preposition
    )


def _prefix_start(text: str, s: int, ns_ends: dict[int, int]) -> int | None:
    """Where the level/place prefix written before a department stem at ``s`` starts."""
    places = place_names()
    p = s
    level_word = any(text.endswith(lw, 0, s) for lw in LEVEL_WORDS)
    # every province is in the place list: an unknown word before 省 is no province (陈某省财政厅)
    if (not level_word and s in ns_ends and s - ns_ends[s] >= 3 and text[s - 1] in LEVEL_CHARS
            and text[s - 1] != "省"):
        p = ns_ends[s]  # 雁峰区 + 委办公室
    else:
        for lw in LEVEL_WORDS:
            if text.endswith(lw, 0, p):
                p -= len(lw)
                break
        else:
            if p > 0 and text[p - 1] in LEVEL_CHARS:
                p -= 1
            if p > 1 and text[p - 1] == "直" and text[p - 2] in "省市县区州":
                return None  # 省直 + 纪委 is read as 省 + 直纪工委 elsewhere
    if p == s:
        return None
    for _ in range(2):  # 衡阳市 + 雁峰区 + 委
        for k in range(9, 1, -1):
            if p - k >= 0 and text[p - k : p] in places:
                p -= k
                break
        else:
            if p in ns_ends and p - ns_ends[p] >= 2 and text[p] != "省":
                p = ns_ends[p]
            else:
                break
    if text.endswith("中共", 0, p):
        p -= 2
    return p


def _grammar(text: str, toks: tuple[Token, ...], gaz_starts: set[int]) -> list[Candidate]:
    out: list[Candidate] = []
    for i, tok in enumerate(toks):
        cls = _suffix_class(tok)
        e = tok.end
        if cls is None and _glued_suffix(tok) and _stem_before(toks, i):
            # 督查/室于: jieba glued a one-character suffix to the preposition after it
            cls, e = suffix_classes()[tok.text[0]], tok.end - 1
        if cls is None:
            continue
        s = _chain_start(toks, i, cls, gaz_starts)
        score = GRAMMAR_SCORE
        whole = (
            (tok.text[0] in SELF_WORDS or tok.text[0] in "镇乡")  # 镇党委, 乡政府: the town's own organ
            and len(tok.text) >= 3 and tok.text[1:] in suffix_classes()
        ) or (cls == "named" and tok.tag == "nt" and len(tok.text) >= 4)
        if s is None:
            s = _bare_start(text, toks, i, cls)
            score = BARE_SCORE
            if s is not None and s == tok.start:
                whole = tok.tag == "nt" and len(tok.text) >= 3
        elif len(_suffix_of(tok)) == 1 and tok.text == _suffix_of(tok) and not _stem_before(toks, i):
            continue  # 村包组, 四川省科: too little stem for a one-character suffix
        if s is None or e - s < 3 or (s == tok.start and s not in gaz_starts and not whole):
            continue
        out.append(_cand(text, s, e, "rule", score))
    return out


def _glued_suffix(tok: Token) -> bool:
    w = tok.text
    return tok.tag == "x" and len(w) == 2 and w[1] in PREP_CHARS and w[0] in suffix_classes()


def _suffix_of(tok: Token) -> str:
    table = suffix_classes()
    return next((tok.text[-n:] for n in range(min(len(tok.text), 7), 0, -1) if tok.text[-n:] in table), "")


def _stem_before(toks: tuple[Token, ...], i: int) -> bool:
    """Whether a one-character suffix word has a real stem word before it (巡察 + 办, 第三 + 组)."""
    if i == 0:
        return False
    prev = toks[i - 1]
    if prev.text.isdigit() or prev.text.startswith("第"):
        return i >= 2 and (toks[i - 2].text == "第" or prev.text.startswith("第"))
    return len(prev.text) >= 2 and prev.text not in ANCHOR_WORDS and prev.tag != "ns" and not (
        prev.text[-1] in LEVEL_CHARS and len(prev.text) <= 3 and prev.tag in ("ns", "j")
    )


def _bare_start(text: str, toks: tuple[Token, ...], i: int, cls: str) -> int | None:
    """A department named without its organ in a list (由规划处、财务处牵头), or a long named
    unit without a place (机电工程学院): the whole chain of nouns before the suffix."""
    k = i - 1
    while (
        k >= 0 and toks[k].tag in ("n", "vn", "nz", "x", "j") and toks[k].text not in HARD_STOPS
        and CJK_WORD.fullmatch(toks[k].text)
    ):
        k -= 1
    s = toks[k + 1].start if k + 1 < i else toks[i].start
    stem = toks[i].start - s + len(toks[i].text) - len(_suffix_of(toks[i]))
    left = toks[k].text if k >= 0 else "\n"
    if cls == "organ" and _suffix_of(toks[i]) in BARE_SUFFIXES and 2 <= stem <= 8:
        if left in LIST_LEFT or "\n" in left or text[toks[i].end : toks[i].end + 1] in ("、", "等"):
            return s
    return None


def text_of(t: Token, upto: int) -> str:
    return t.text[: upto - t.start]


def _chain_start(toks: tuple[Token, ...], i: int, cls: str, gaz_starts: set[int]) -> int | None:
    """Where the unit ending with ``toks[i]`` starts: its leftmost place, level or organ word."""
    end = toks[i].end
    anchor: int | None = toks[i].start if _is_anchor(toks[i], gaz_starts) else None
    activity = bool(ACTIVITY_END.search(toks[i].text))
    crossed = 0  # where a 和 inside a campaign name was read across
    k = i - 1
    while k >= 0 and end - toks[k].start <= MAX_UNIT_CHARS:
        t = toks[k]
        w = t.text
        inner = [g for g in gaz_starts if t.start < g < t.end]
        if inner and text_of(t, min(inner)) != "驻":  # 和县卫生局: the organ starts inside this word
            return min(inner)
        if len(w) > 1 and w[-1] in LEVEL_CHARS and (w[:-1] in HARD_STOPS or w[-2] in PREP_CHARS):
            return t.end - 1  # 由县 + 人大常委会
        if w == "的" and activity and k > 0 and toks[k - 1].text == "党":
            k -= 1
            continue
        if (w in ("和", "与", "及") and activity and anchor is None and not crossed and k > 0
                and _suffix_class(toks[k - 1]) is None):  # 组织部和宣传…组: two units, no crossing
            crossed = k  # 垃圾治理和污水处理工作督查组: read on for an organ before the 和
            k -= 1
            continue
        if ((w in POLICY_VERBS and t.tag == "v" and not activity) or w in HARD_STOPS
                or not re.match(r"[\u4e00-\u9fff0-9A-Za-z“”]", w) or _is_post(w)):
            break  # (局长郑某会见中央统战部: a post ends the name going left)
        if re.search(r"[0-9%％]", w) and not (k > 0 and toks[k - 1].text == "第"):
            break  # 60%, 2026年: figures are not part of a name
        if (t.tag == "x" and len(w) == 2 and w[1] in PREP_CHARS) or (t.tag == "p" and w in PREP_CHARS):
            break  # 局在: an unknown word glued to a preposition; 在 alone
        if w in ("第", "驻", "“", "”") or w in _province_abbrs() or w.startswith("驻"):
            if w.startswith("驻") and anchor is None:
                anchor = t.start
        elif _is_anchor(t, gaz_starts) and not (
            toks[k + 1].text == "省" and w + "省" not in place_names()  # 王某某 + 省…局: no province
        ):
            anchor = t.start
        elif t.tag == "m" and not (w.startswith("第") or (k > 0 and toks[k - 1].text == "第")):
            break  # 首个, 五大, 209: a count, not an ordinal
        elif t.tag in NOMINAL_TAGS or t.tag.startswith("n"):
            if cls == "named" and t.tag in PROPER_TAGS and len(w) >= 2:
                anchor = t.start
        elif t.tag.startswith("v") and (
            activity or w in GROUP_VERBS or ACTIVITY_END.search(w)
            or (k == i - 1 and toks[i].text in SUFFIX_CHARS_OK_ALONE)
        ):
            pass
        else:
            break
        if ACTIVITY_END.search(w):
            activity = True
        k -= 1
    if anchor is None and cls == "group" and i >= 2 and toks[i - 2].text == "第":
        return toks[i - 2].start  # 第三巡视组
    if anchor is None and cls == "group" and i >= 1 and _ORDINAL_WORD.fullmatch(toks[i - 1].text):
        return toks[i - 1].start  # 第一督导组 (第一 one word of jieba's)
    if anchor is None and cls == "group" and activity:
        return _named_group_start(toks, i, crossed + 1 if crossed else k + 1)
    return anchor


def _named_group_start(toks: tuple[Token, ...], i: int, first: int) -> int | None:
    """A group named by its task alone at the head of a clause (巡察工作领导小组组长…, 校庆工作办公室
    要…, 作为分院保持…活动领导小组副组长): the chain of words from ``first`` to the suffix, when
    a clause boundary or a joining word stands before it and it starts with a noun or a verb of
    what groups do (never 落实工作领导小组: a verb of the clause)."""
    if first >= i - 1:
        return None  # 工作领导小组 alone (a headline's second line) names no group
    before = toks[first - 1].text if first > 0 else "\n"
    head = toks[first]
    boundary = not re.match(r"[\u4e00-\u9fff0-9A-Za-z]", before) or before in GROUP_LEFT
    nominal = head.tag in ("n", "nz", "ns", "nt", "j", "vn") or head.text in GROUP_VERBS
    return head.start if boundary and nominal and head.text not in HARD_STOPS else None


COLLECTIVE_RE = re.compile(
    r"各(?:有关)?(?:[省市县区乡镇州盟旗](?:级)?(?:[、，][省市县区乡镇州盟旗](?:级)?)*(?:（[省市县区乡镇州盟旗、]+）)?)"
)
GENERIC_COLLECTIVE = re.compile(r"(?:各有关|有关)(?:单位|部门)|各(?:有关)?(?:单位|部门)")


def _collectives(text: str, units: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    stems = _stem_re()
    for m in COLLECTIVE_RE.finditer(text):
        sm = stems.match(text, m.end())
        if sm:
            out.append(_cand(text, m.start(), sm.end(), "rule", COLLECTIVE_SCORE, collective=True))
    ends = {u.end: u.start for u in units}
    for m in GENERIC_COLLECTIVE.finditer(text):
        s = m.start()
        lead = re.search(r"(?:省直|市直|县直|区直|中央驻[\u4e00-\u9fff])$", text[max(0, s - 4) : s])
        if lead:
            out.append(_cand(text, s - len(lead.group()), m.end(), "rule", COLLECTIVE_SCORE, collective=True))
        elif s in ends:  # 省直各单位: the organ written before 各
            out.append(_cand(text, ends[s], m.end(), "rule", COLLECTIVE_SCORE, collective=True))
        elif text.startswith("有关", s) or text.startswith("各有关", s):
            out.append(_cand(text, s, m.end(), "rule", COLLECTIVE_SCORE, collective=True))
    for u in units:  # 省委各督导组: an organ + 各 + a group word
        if text.startswith("各", u.end):
            g = re.match(r"各([\u4e00-\u9fff]{0,4}?(?:督导组|巡视组|巡察组|指导组|工作组|组))", text[u.end :])
            if g:
                out.append(
                    _cand(text, u.start, u.end + g.end(), "rule", COLLECTIVE_SCORE, collective=True)
                )
    return out


TOWN_RE = re.compile(
    # after a delimiter, or a verb of going there (深入石门镇、清溪乡调研)
    r"(?:(?<=[、，；。：:“（\n\s和与及对由])|^|(?<=深入)|(?<=走进)|(?<=前往)|(?<=来到)|(?<=[到赴])"
    r"|(?<=督导)|(?<=指导)|(?<=检查)|(?<=调研))"
    r"([\u4e00-\u9fff]{2}(?:乡|镇|街道))"
    # before a delimiter, its organs, or what a township does at the head of a clause
    r"(?=[、，；。等于和与在（）\n]|党委|政府|人民政府|人大|处理|[\u4e00-\u9fff]{2,3}村"
    r"|召开|举行|举办|成立|启动|部署|组织|开展|印发|出台"
    r"|聚焦|围绕|坚持|立足|按照|通过|积极|大力|扎实|认真|全面|紧扣|已|共|累计"
    r"|调研|考察|视察|督导|检查)"
)


# What a township does at the head of a clause (城南街道开展…): a place, whatever its name means.
_TOWN_ACTS = re.compile(r"召开|举行|举办|成立|启动|部署|组织|开展|印发|出台")
_VILLAGE_AFTER = re.compile(r"[\u4e00-\u9fff]{2,3}?村(?=[、，；。和与及]|开展|召开|党)")
_NEXT_TOWN = re.compile(r"、([\u4e00-\u9fff]{2}(?:乡|镇|街道))")
_GOING = ("深入", "走进", "前往", "来到", "督导", "指导", "检查", "调研")


def _freq() -> dict[str, int]:
    from extractor.segment import jieba_tokenizer

    return jieba_tokenizer().FREQ


# A county, district or city at the head of a clause doing what bodies do (东安区召开…).
ACTING_PLACE_RE = re.compile(
    r"(?:(?<=[，；。：\n])|^)([\u4e00-\u9fff]{1,3}(?:区|县|市|镇|乡))"
    r"(?=召开|举行|举办|印发|出台|制定|成立|启动|部署|组织|开展|建立"
    r"|依托|聚焦|围绕|坚持|立足|按照|通过|积极|大力|创新|探索|推行|实施|率先"
    r"|认真|深入|全力|迅速|及时|高度重视|在[^，。；\n]{2,24}?(?:召开|举行|举办))"
)


# A unit named by its place and a one-character organ word at the head of a clause, doing what
# bodies do (东安市局召开…, 东江所召开了…): the bureau or institute of that place.
ACTING_SHORT_RE = re.compile(
    r"(?:(?<=[，；。：\n])|^)([\u4e00-\u9fff]{2,4}[所院局厅委办站队])"
    r"(?=召开|举行|举办|印发|出台|制定|成立|启动|部署|组织|开展)"
)


def _acting_short_names(text: str, toks: tuple[Token, ...]) -> list[Candidate]:
    ends = {t.end: t for t in toks}
    starts = {t.start for t in toks}
    out = []
    for m in ACTING_SHORT_RE.finditer(text):
        place = ends.get(m.end(1) - 1)
        if place is not None and place.start == m.start(1) and m.start(1) in starts and (
                place.tag == "ns" or place.text in place_names()):
            out.append(_cand(text, m.start(1), m.end(1), "rule", COLLECTIVE_SCORE))
    return out


def _towns(text: str, toks: tuple[Token, ...]) -> list[Candidate]:
    """Townships and towns as acting units (城关镇, 吴河乡), written as a place word; counties,
    districts and cities when they act (东安区召开…)."""
    out: list[Candidate] = []
    starts = {t.start: t for t in toks}
    ends = {t.end: t for t in toks}
    for m in ACTING_PLACE_RE.finditer(text):
        tok = starts.get(m.start(1))
        name = m.group(1)
        if name[0] in "各全本该每这那省市县区" or tok is None:
            continue
        if tok.end != m.end(1):  # 大 + 龙山镇: a place word after one character jieba split off
            last = ends.get(m.end(1))
            if last is None or last.tag != "ns" or len(last.text) < 3 or last.start - tok.start != 1:
                continue
            tok = last
        if tok.tag == "ns" or name in place_names() or (len(name) >= 3 and tok.tag in ("nt", "x", "nz")):
            out.append(_cand(text, m.start(1), m.end(1), "rule", COLLECTIVE_SCORE))
    table = tag_table()
    towns = list(TOWN_RE.finditer(text))
    listed = {a.start(1) for a, b in zip(towns, towns[1:], strict=False) if b.start(1) == a.end(1) + 1
              and text[a.end(1)] == "、"}
    listed |= {b.start(1) for a, b in zip(towns, towns[1:], strict=False) if a.start(1) in listed}
    for m in towns:
        stem = m.group(1)[:2]
        tag = table.get(stem, "ns")
        whole_word = starts.get(m.start(1)) is not None and starts[m.start(1)].end == m.end(1)
        if (stem[0] in "各全本该乡每这那省市县区村" or stem[-1] in "各全本该每" or stem[0] in GLUE_HEADS
                or (tag[0] in "vadpcurm" and not whole_word)):  # 请各街道: a request to every one
            continue  # (保和镇 as one word of jieba's is a place, whatever 保和 alone is)
        gone_to = (text[max(0, m.start(1) - 2):m.start(1)] in _GOING
                   or text[m.start(1) - 1:m.start(1)] in "到赴")
        acting = _TOWN_ACTS.match(text, m.end(1)) and text[m.start(1) - 1:m.start(1)] in "，。；：\n"
        if tag != "ns" and _freq().get(stem, 0) >= 100 and not (gone_to or m.start(1) in listed or acting):
            continue  # 中心镇: a common word, not a place (unless gone to, listed with towns, acting)
        out.append(_cand(text, m.start(1), m.end(1), "rule", COLLECTIVE_SCORE))
        village = _VILLAGE_AFTER.match(text, m.end(1))
        if village:  # 安和镇石桥村: a village named with its town
            out.append(_cand(text, m.start(1), village.end(), "rule", COLLECTIVE_SCORE))
        end = m.end(1)
        while (nxt := _NEXT_TOWN.match(text, end)) and nxt.group(1)[0] not in "各全本该每这那省市县区村":
            # 石桥镇、马家乡安全…: a name listed after a town is a town, whatever follows it
            if table.get(nxt.group(1)[:2], "ns")[0] in "vadpcurm":
                break
            out.append(_cand(text, nxt.start(1), nxt.end(1), "rule", COLLECTIVE_SCORE))
            end = nxt.end(1)
    return out


# A village's or community's own organs (李家村党支部, 和平社区居委会), written as a place word.
VILLAGE_RE = re.compile(
    r"(?:(?<=[、，；。：:“（\n\s])|^)([\u4e00-\u9fff]{2,3}(?:村|社区)"
    r"(?:党总支|党支部|党委|村委会|居委会|村民委员会|居民委员会))"
)
# A branch under a unit named just before it (市公安局城东分局, 县消防救援大队城关中队).
BRANCH_RE = re.compile(
    r"(?:(?![在于对向由从和与及经将把被各等的])[\u4e00-\u9fff]){2,4}?"
    r"(?:分局|分院|分校|支队|大队|中队|派出所|办事处)"
)


def _branches(text: str, found: list[Candidate]) -> list[Candidate]:
    """Villages' and communities' organs, and branches written after their parent unit."""
    out = [
        _cand(text, m.start(1), m.end(1), "rule", COLLECTIVE_SCORE)
        for m in VILLAGE_RE.finditer(text)
        if m.group(1)[0] not in "各全本该每这那"
    ]
    for c in found:
        m = BRANCH_RE.match(text, c.end)
        if m:
            out.append(_cand(text, c.start, m.end(), "rule", c.score))
    return out


def _organ_words(toks: tuple[Token, ...], s: int, e: int) -> bool:
    """Whether the words of text[s:e] make an organ's name: whole words, the last ending with an
    organ suffix, none a verb but the verbs of what a group does."""
    i = bisect.bisect_left(toks, s, key=lambda t: t.start)
    j = bisect.bisect_right(toks, e - 1, key=lambda t: t.start)
    inside_words = toks[i:j]
    if not inside_words or inside_words[0].start != s or inside_words[-1].end != e:
        return False
    if _suffix_class(inside_words[-1]) is None:
        return False
    return not any(t.tag.startswith("v") and t.tag != "vn" and t.text not in GROUP_VERBS
                   for t in inside_words[:-1])


def _cand(
    text: str, s: int, e: int, source: str, score: float, *, collective: bool = False
) -> Candidate:
    attrs = {"collective": True} if collective else {}
    return Candidate("UNIT", s, e, text[s:e], source=source, score=score, attrs=attrs)


def find_units(text: str) -> list[Candidate]:
    """UNIT candidates of ``text`` (gazetteer, organ-suffix grammar, collective mentions).

    >>> [c.text for c in find_units("经省委领导同意，成立市扫黑除恶专项斗争领导小组。")]
    ['省委', '市扫黑除恶专项斗争领导小组']
    """
    toks = tokens(text)
    quoted = quoted_ranges(text)
    gaz = _gazetteer(text, toks)
    gaz_starts = {c.start for c in gaz}
    found = gaz + _grammar(text, toks, gaz_starts)
    found += _towns(text, toks)
    found += _acting_short_names(text, toks)
    found += _branches(text, found)
    found += unit_context.party_organs(text, toks)
    found += unit_context.figure_lists(text)
    found += unit_context.listed_units(text, found, functools.partial(_organ_words, toks))
    found += _collectives(text, found)
    found += [_cand(text, c.start - len(m.group()), c.end, c.source, c.score)  # 八届东安区委
              for c in found if (m := _TERM_BEFORE.search(text, max(0, c.start - 5), c.start))]
    best: dict[tuple[int, int], Candidate] = {}
    for c in found:
        if inside(quoted, c.start, c.end) or c.text in _non_units():
            continue
        if re.match(r"\s*[〔［\[（(]\s*(?:19|20)\d\d", text[c.end : c.end + 8]):
            continue  # 常安办〔2013〕47号: a document number, not a mention
        key = (c.start, c.end)
        if key not in best or c.score > best[key].score:
            best[key] = c
    return sorted(best.values(), key=lambda c: (c.start, -c.end))
