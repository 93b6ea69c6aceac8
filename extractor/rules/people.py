"""People and titles: names in the structures bulletins use, and the posts written before them.

- A TITLE is a post as written, unit part included: 省直工委副书记, 厅党组书记, 厅长. Its unit part
  is a UNIT candidate ending where the post word starts, or a short organ word (厅, 组织部).
- A title chain (titles joined by 、) followed by a name gives the titles and a PERSON.
- Lists of names joined by 、 or ， are read backwards from the word that closes them
  (等三位同志, 同志, 担任, 兼任, 任组长); each item may carry its own title chain and a
  parenthetical (兼宣传组组长).
- A name is a family name from the list plus one or two characters (three with a compound family
  name), bounded on the right by punctuation or a word that follows names (担任, 主持, 同志 …),
  and not a known word (高度, 全面); a two-character name may be padded to the width of three
  (张  敏), and after a title a name may be written in parts joined by a middle dot (阿依古丽·买买提).
- A name at the head of a clause followed by its post (王某书记强调, 李某县长出席) or by what the
  person did (周某当选为主任, 张某主持); a two-character one must not be a dictionary word, and a
  family name before a post is a way of addressing, not a name (张经理).
- Bylines and sign-offs: （通讯员 陈某）, 记者 张某 王某, 撰稿：李某, 文/图 赵某, 李某摄.
- Member lists of a working group (组  长：刘某  县委副书记、县长): ``extractor.rules.rosters``.
Titles with no person attached are not reported.
"""

from __future__ import annotations

import functools
import re

from extractor.resources import alternation, rows, words
from extractor.rules.quoted import inside, quoted_ranges
from extractor.rules.rosters import roster_entries
from extractor.segment import Token, jieba_tokenizer, tag_table, tokens
from extractor.spans import Candidate

PERSON_SCORE = 0.9
UNIT_IN_TITLE_SCORE = 0.85
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Labels of the attendance lines of minutes (会议纪要), and a notice's contact line: names
# follow, often without titles.
ATTENDANCE = re.compile(
    r"(?m)(?:^\s*(?:主持人?|出席|列席|记录人?|请假|缺席|参会人员|参加人员)|(?:^|(?<=[。；;，,\s]))(?:联系人|联络人))"
    r"\s*[:：]\s*"
)
# Bylines and sign-offs of a news item or a 简报 article: （通讯员 陈某）, 记者 张某 王某,
# 撰稿：李某, 文/图 赵某; the names follow, set apart by spaces, 、 or ，.
BYLINE = re.compile(
    r"(?:特约记者|见习记者|通讯员|记者|撰稿人?|供稿人?|作者|摄影|责任编辑|编辑|审核|审稿|校对|签发|"
    r"拟稿|核稿|初审|复审|终审)[ \u3000]*[:：/／]?[ \u3000]*"
    r"|(?<![\u4e00-\u9fff])(?:文[/／]图|图[/／]文|(?:文|图|摄|文图|图文)[ \u3000]*[/／:：])[ \u3000]*"
)
CLOSING_BYLINE = re.compile(
    r"[（(][^（）()\n]{2,24}?[ \u3000]+(?P<name>[\u4e00-\u9fff]{2,4})[）)]\s*(?:\n|$)"
)
# What may follow a name in a byline: a space, a list mark, a bracket, the line's end, 报道.
BYLINE_END = re.compile(r"[ \u3000、，,）)】\]]|$|\n|报道|摄|供稿")
# A name at the head of a clause may be followed by what that person did (周某当选为主任).
HEAD_VERBS = re.compile(
    r"当选|主持|陪同|出席|讲话|致辞|强调|指出|表示|带队|介绍|宣读|传达|汇报|发言|一行|同志"
)
_COMRADE = re.compile(r"同志(?!们)")
# A label for a group of officials before their names (县领导王某、李某): no post of theirs.
GROUP_LABEL = re.compile(
    r"(?:[省市县区州镇乡校院局厅]|省委|市委|县委|区委|州委)(?:领导|领导班子成员)(?=[\u4e00-\u9fff])"
)
# Where a clause (and so a name at its head) may start.
CLAUSE_START = re.compile(r"(?:^|(?<=[，,。；;：:！？!?、（(\n \u3000])|(?<=[由在和与及同向请经据]))")
HEAD_STOPS = frozenset(
    "的 由 经 在 对 向 与 和 及 是 为 把 将 被 从 于 等 任 担任 兼任 同志 召开 主持 出席".split()
)
ORGAN_END = re.compile(r"(?:部|委|厅|局|办|院|处|科|室|组|党组|党委|支部|政府|人大|政协|工委|公司|集团)$")
TITLE_SCORE = 0.9

# What may follow a name directly.
AFTER_NAME = re.compile(
    r"(?:[、，,。；;：:（(）)“”\s]|$|等|同志|担任|兼任|出任|任|主持|出席|参加|带头|带队|带领|带|率领|率|陪同|"
    r"一行|讲话|致辞|指出|强调|表示|介绍|宣读|传达|通报|汇报|代表|作了|作|做|说|要求|提出|"
    r"在|于|对|为|向|到|来|和|与|及|分别|同|也|还|就|亲自|专程|先后|深入|听取|检查|调研|"
    r"看望|慰问|会见|批示|签发|部署|发表|关于|是|的|已|将|被|以)"
)
# What may stand directly before the first name of a list.
BEFORE_LIST = re.compile(
    r"(?:^|[、，,。；;：:（(）)“”\s]|由|分别由|是|为|有|和|与|及|请|派|同志|成员|包括|其中|即|：)$"
)
# The words that close a list of names.
LIST_CLOSER = re.compile(
    r"等[0-9一二三四五六七八九十两几多]*[位名个人]?同志|等[0-9一二三四五六七八九十两几多]+[位名人]|"
    r"同志|担任|兼任|分别任|任(?=副?组长|副?主任|成员|组员|副?秘书长|副?指挥长|联络员|召集人)"
)
PADDED_NAME = re.compile(r"([\u4e00-\u9fff])[ \u3000]{1,3}([\u4e00-\u9fff])")
DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:[·•・．][\u4e00-\u9fff]{1,8}){1,3}")
GIVEN_STOP = set("的了在是和与及等为对由任兼省市县区委部厅局长书记主副组员")
SHORT_ORGAN = re.compile(
    r"(?:[省市县区镇乡村州校]|[\u4e00-\u9fff]{0,6}"
    r"(?:厅|局|部|委|办|院|处|科|室|站|所|组|会|党组|党委|支部|公司|集团|政府|人大|政协|工委))$"
)


@functools.cache
def title_kinds() -> dict[str, str]:
    """Posts and working-group roles (lexicons/titles.tsv) → their kind."""
    return {r[0]: r[1] for r in rows("lexicons/titles.tsv") if len(r) > 1}


@functools.cache
def _posts() -> re.Pattern[str]:
    """The standing posts (书记, 县长, 局长 …) of lexicons/titles.tsv, longest first."""
    return re.compile(alternation(frozenset(t for t, kind in title_kinds().items() if kind == "post")))


@functools.cache
def _title_re() -> re.Pattern[str]:
    return re.compile(alternation(frozenset(title_kinds())))


@functools.cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    names = words("lexicons/surnames.txt")
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2)


@functools.cache
def _non_names() -> frozenset[str]:
    return words("lexicons/non_names.txt")


def is_name(name: str) -> bool:
    """Whether ``name`` can be a person's name (family name from the list, not a known word)."""
    single, compound = surnames()
    if not 2 <= len(name) <= 4 or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return False
    sur = 2 if name[:2] in compound else 1 if name[0] in single else 0
    if not sur or not 1 <= len(name) - sur <= 2:
        return False
    given = name[sur:]
    if any(ch in GIVEN_STOP for ch in given) and not (
        _given_may_hold_stop(given) and not _dictionary_word(name[:-1])  # 班子和: a word and 和
    ):
        return False
    if name in _non_names():
        return False
    if name in title_kinds() or given in title_kinds():
        return False  # 张经理, 李主任: a family name and a post, a way to address, not a name
    if len(given) == 2 and _common_word(given):
        return False  # 国农业, 和其他: a family-name character before a word
    tag = tag_table().get(name)
    freq = jieba_tokenizer().FREQ.get(name, 0)
    return not (tag and not tag.startswith("nr") and freq >= 20)


def _given_may_hold_stop(given: str) -> bool:
    """A two-character given name may end in 和 (永和, 志和) or start with 长 (长英, 长江): the
    list words and post characters of GIVEN_STOP are names there, the others never are."""
    if len(given) != 2:
        return False
    first, last = given[0], given[1]
    return (first not in GIVEN_STOP or first == "长") and (last not in GIVEN_STOP or last == "和") \
        and given not in title_kinds()


def _word_ends(toks: tuple[Token, ...]) -> set[int]:
    return {t.end for t in toks}


def _dictionary_word(w: str) -> bool:
    """A word of jieba's dictionary that is not tagged a person's name (贺辞, 高洁 is nr)."""
    tag = tag_table().get(w)
    return tag is not None and not tag.startswith("nr")


def _common_word(w: str) -> bool:
    tag = tag_table().get(w)
    return tag is not None and tag[:1] in tuple("rcpduv") and jieba_tokenizer().FREQ.get(w, 0) >= 200


def name_at(text: str, p: int) -> int | None:
    """End of a name starting at ``p`` and bounded on the right, longest first.

    A name is bounded by punctuation or a word that follows names (担任, 主持); failing that,
    by any dictionary word (罗某某多方争取), the name itself not being one.
    """
    for n in (4, 3, 2):
        q = p + n
        if q <= len(text) and is_name(text[p:q]) and AFTER_NAME.match(text, q):
            inner = AFTER_NAME.match(text, q - 1)
            if inner and inner.end() - inner.start() >= 2:
                continue  # 沈丹担任: the name ends before 担任
            return q
    padded = PADDED_NAME.match(text, p)  # 张  敏: a two-character name set to the width of three
    if padded and is_name(padded.group(1) + padded.group(2)) and AFTER_NAME.match(text, padded.end()):
        return padded.end()
    freq = jieba_tokenizer().FREQ
    for n in (3, 2):
        q = p + n
        if q + 2 <= len(text) and is_name(text[p:q]) and freq.get(text[q : q + 2], 0) >= 100:
            if not freq.get(text[p:q]) and not freq.get(text[q - 1 : q + 1]):
                return q
    return None


def transliterated_name_at(text: str, p: int) -> int | None:
    """End of a name written in parts joined by a middle dot (阿依古丽·买买提), as names of
    minority nationalities and foreign names are; only read right after a title."""
    m = DOTTED_NAME.match(text, p)
    if m is None:
        return None
    last_dot = max(m.group().rfind(d) for d in "·•・．") + p
    # the shortest last part followed by a word that follows names, unless that word is cut
    # from the next reading (买买|提出席 and 买买提|出席: the second; 艾力|出席会议)
    ends = [q for q in range(last_dot + 2, m.end() + 1) if AFTER_NAME.match(text, q)]
    for q in ends:
        after = AFTER_NAME.match(text, q)
        if after and after.end() - q >= 2 and q + 1 in ends:
            continue
        return q
    return None


def name_ending(text: str, q: int, lefts: set[int]) -> int | None:
    """Start of a name ending at ``q`` whose left edge is a list edge, title or unit end."""
    for n in (3, 2, 4):
        p = q - n
        if p < 0 or not is_name(text[p:q]):
            continue
        if p in lefts or BEFORE_LIST.search(text, 0, p):
            return p
    return None


def _title_spans(text: str, toks: tuple[Token, ...], units: list[Candidate]) -> dict[int, int]:
    """Possible titles: end → start (the longest reading), unit part included."""
    unit_start: dict[int, int] = {}
    for u in units:
        if u.end not in unit_start or u.start < unit_start[u.end]:
            unit_start[u.end] = u.start
    tok_at: dict[int, Token] = {}
    for t in toks:
        for i in range(t.start + 1, t.end + 1):
            tok_at[i] = t
    out: dict[int, int] = {}
    for m in _title_re().finditer(text):
        s, e = m.start(), m.end()
        for u in units:  # 省直纪工委 + 书记 read as 省直 + 纪工委书记
            if u.start < s < u.end <= e:
                s = u.start
        if s in unit_start:
            out[e] = unit_start[s]
            continue
        if s < m.start():
            out[e] = s
            continue
        if text.endswith(("任", "担任", "兼任"), 0, s):
            continue  # 任组长: a role given here, not a post held
        word = tok_at.get(s)
        start = s
        if word is not None:
            left = text[word.start : s]
            if SHORT_ORGAN.search(left) and CJK_RUN.fullmatch(left):
                start = _extend_head(text, toks, word.start, unit_start)
        out[e] = start
    return out


def _extend_head(
    text: str, toks: tuple[Token, ...], start: int, unit_start: dict[int, int]
) -> int:
    """Extend a title's organ part to the left up to a unit or a place/level word
    (省检察院 + 第二检察部 + 副主任); keep ``start`` when neither is reached."""
    by_end = {t.end: t for t in toks if start - 12 <= t.end <= start}
    k = start
    while start - k <= 10:
        if k in unit_start:
            return unit_start[k]
        t = by_end.get(k)
        if t is None or not CJK_RUN.fullmatch(t.text) or t.text in HEAD_STOPS:
            break
        if t.text in "省市县区" or t.tag == "ns":
            return t.start
        if not (t.tag.startswith(("n", "v", "m", "j", "b"))):
            break
        k = t.start
    return start


def find_people(text: str, units: list[Candidate]) -> list[Candidate]:
    """PERSON and TITLE candidates of ``text``; ``units`` are the UNIT candidates found so far.

    >>> [c.text for c in find_people("县纪委书记、县监委主任陈立新出席会议。", [])]
    ['县纪委书记', '县监委主任', '陈立新']
    """
    toks = tokens(text)
    quoted = quoted_ranges(text)
    titles = _title_spans(text, toks, units)
    unit_ends = {u.end for u in units}
    people: dict[tuple[int, int], Candidate] = {}
    used_titles: set[int] = set()

    def chain_before(p: int) -> int:
        """Mark the title chain ending at ``p``; return where it starts."""
        while p in titles:
            used_titles.add(p)
            p = titles[p]
            if p > 0 and text[p - 1] in "、，" and (p - 1) in titles:
                p -= 1
            else:
                break
        return p

    def add_person(s: int, e: int) -> None:
        if not inside(quoted, s, e):
            people[(s, e)] = Candidate("PERSON", s, e, text[s:e], score=PERSON_SCORE)

    # 1. a title chain, then a name (and more names joined by 、: 副市长张某、李某出席)
    for e in sorted(titles):
        q = name_at(text, e) or transliterated_name_at(text, e)
        if q is None:
            continue
        add_person(e, q)
        chain_before(e)
        while q < len(text) and text[q] == "、":
            nxt = name_at(text, q + 1)
            if nxt is None or (nxt + 1 < len(text) and text[nxt] in "、，" and nxt in titles):
                break
            add_person(q + 1, nxt)
            q = nxt
    # 1b. a name, then its titles in brackets: 张某（市委常委、常务副市长）
    for m in re.finditer(r"[（(]([^（）()\n]{2,40})[）)]", text):
        inner_end = m.end() - 1
        if inner_end not in titles or not _chain_fills(text, titles, m.start() + 1, inner_end):
            continue
        p = name_ending(text, m.start(), unit_ends)
        if p is not None:
            add_person(p, m.start())
            q = inner_end
            while q in titles and titles[q] >= m.start() + 1:
                used_titles.add(q)
                q = titles[q] - 1
    # 2. lists closed by 等N位同志 / 同志 / 担任 / 兼任 / 任组长
    lefts = set(titles) | unit_ends
    for m in LIST_CLOSER.finditer(text):
        pos = m.start()
        while True:
            if pos > 0 and text[pos - 1] in "）)":
                open_at = max(text.rfind("（", 0, pos), text.rfind("(", 0, pos))
                if open_at < 0 or pos - open_at > 24:
                    break
                pos = open_at
            p = name_ending(text, pos, lefts)
            if p is None:
                break
            add_person(p, pos)
            p = chain_before(p)
            if p > 0 and text[p - 1] in "、，,":
                pos = p - 1
                continue
            break
    # 4. a name at the head of a clause, before its post (王某书记强调, 李某县长出席) or what the
    #    person did (周某当选为主任, 张某主持会议)
    posts = _posts()
    heads = {m.end() for m in CLAUSE_START.finditer(text)}
    # a name before its post may stand anywhere a word starts (贯彻习某总书记…, 市委晏某书记来…)
    for p in sorted(heads | {t.start for t in toks} | unit_ends):
        if p >= len(text) or not "\u4e00" <= text[p] <= "\u9fff":
            continue
        for n in (3, 2, 4):
            q = p + n
            if q > len(text) or not is_name(text[p:q]) or (n == 2 and _dictionary_word(text[p:q])):
                continue
            post = posts.match(text, q) or _COMRADE.match(text, q)
            if post and AFTER_NAME.match(text, post.end()) and (p in heads or q in _word_ends(toks)):
                add_person(p, q)
                break
            if p in heads and p not in unit_ends and HEAD_VERBS.match(text, q):
                add_person(p, q)
                break
    # 4b. names after a group label: 县领导王某、李某, 省委领导张某、赵某同志
    for m in GROUP_LABEL.finditer(text):
        q = m.end()
        while True:
            name_end = name_at(text, q)
            if name_end is None:
                break
            add_person(q, name_end)
            if name_end < len(text) and text[name_end] == "、":
                q = name_end + 1
                continue
            break
    # 5. bylines: （通讯员 陈某）, 记者 张某 王某, 撰稿：李某
    for m in BYLINE.finditer(text):
        a = m.end()
        while a < len(text):
            q = next((a + n for n in (2, 3, 4)  # 李某摄: the shortest name the byline allows
                      if a + n <= len(text) and is_name(text[a:a + n]) and text[a + n - 1] != "摄"
                      and (BYLINE_END.match(text, a + n) or BYLINE.match(text, a + n))), None)
            if q is None:
                break
            add_person(a, q)
            a = q
            while a < len(text) and text[a] in " \u3000、，,":
                a += 1
            if BYLINE.match(text, a):
                break  # the next label's names are its own match
    # 5b. a closing byline in brackets: （白水镇 辜某）, （图/文：县新闻中心 张某）
    for m in CLOSING_BYLINE.finditer(text):
        if is_name(m.group("name")):
            add_person(m.start("name"), m.end("name"))
    # 3. the attendance lines of minutes: 出席：张某、李某（市河长办）； 记录：王某
    for m in ATTENDANCE.finditer(text):
        for a, b in _list_items(text, m.end(), text.find("\n", m.end()) % (len(text) + 1)):
            q = name_at(text, a)
            if q is not None and q == b:
                add_person(a, q)
            elif re.search(r"\s", text[a:b].strip()):
                for s_, e_ in _spaced_names(text, a, b):  # 出席：赵立群  钱振宇  孙  红
                    add_person(s_, e_)
    # 6. member lists of a working group: 组  长：刘某  县委副书记、县长 (posts after the name)
    for entry in roster_entries(text, titles, is_name):
        add_person(*entry.name)
        used_titles.update(e for _, e in entry.titles)
    out = list(people.values())
    unit_starts = {u.start for u in units}
    for e in used_titles:
        s = titles[e]
        out.append(Candidate("TITLE", s, e, text[s:e], score=TITLE_SCORE))
        organ = _organ_part(text, s, e)
        if organ and s not in unit_starts:  # 政法委书记: the unit is named here only
            out.append(Candidate("UNIT", s, s + len(organ), organ, score=UNIT_IN_TITLE_SCORE))
    return sorted(out, key=lambda c: (c.start, -c.end))


def _spaced_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Names of a list set apart by spaces, a two-character name padded to the width of three
    (孙  红): two single characters in a row that make a name are one name.

    >>> t = "赵立群  钱振宇  孙  红"
    >>> [t[a:b] for a, b in _spaced_names(t, 0, len(t))]
    ['赵立群', '钱振宇', '孙  红']
    """
    parts = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    parts = [(start + a, start + b) for a, b in parts]
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(parts):
        a, b = parts[k]
        if b - a == 1 and k + 1 < len(parts) and parts[k + 1][1] - parts[k + 1][0] == 1 and is_name(
            text[a] + text[parts[k + 1][0]]
        ):
            out.append((a, parts[k + 1][1]))
            k += 2
            continue
        if is_name(text[a:b]):
            out.append((a, b))
        k += 1
    return out


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of a list line, separated by 、，； with any （…） note cut off each item."""
    items: list[tuple[int, int]] = []
    a = start
    depth = 0
    note_at = -1
    for i in range(start, end + 1):
        ch = text[i] if i < end else "；"
        if ch in "（(":
            depth += 1
            note_at = i if depth == 1 else note_at
        elif ch in "）)" and depth:
            depth -= 1
        elif depth == 0 and ch in "、，,；;。":
            b = note_at if note_at >= a else i
            items.append((a, b))
            a, note_at = i + 1, -1
    return [(x, y) for x, y in items if y > x]


def _chain_fills(text: str, titles: dict[int, int], s: int, e: int) -> bool:
    """Whether text[s:e] is a chain of titles joined by 、."""
    while e > s:
        if e not in titles:
            return False
        e = titles[e]
        if e > s and text[e - 1] == "、":
            e -= 1
    return e == s


def _organ_part(text: str, s: int, e: int) -> str | None:
    """The organ written at the head of a title (组织部部长 → 组织部), when it names one."""
    m = _title_re().search(text, s, e)
    while m and m.end() != e:
        m = _title_re().search(text, m.start() + 1, e)
    if m is None or m.start() - s < 2:
        return None
    organ = text[s : m.start()]
    return organ if ORGAN_END.search(organ) else None
