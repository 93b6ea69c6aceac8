"""Clauses and predicates: the small grammar that metric and event rules share."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right

from extractor.segment import pos_tokenizer

CLAUSE_END = "，,；;。！？：:"
# Words between a count and its predicate that are not the predicate (都制定了 → 制定了).
LEAD_ADVERBS = re.compile(r"^(?:都|均|全部|已全部|共|共计|累计|先后|分别|还|也|亦|基本)+")
# Predicates that jieba does not tag as verbs.
_ROLE_VERBS = re.compile(r"^(?:任|担任|兼任|被|受到|获)")
# Verbs that introduce a number without saying what happened to it.
NOT_PREDICATES = {"有", "是", "占", "为", "达", "达到", "共有", "约", "近", "超过", "涉及"}
_COMPLEMENTS = {"了", "出", "到", "过", "掉", "完", "好", "起", "成"}
_COLLECTIVE = "全各本该每"
# After these a word is the predicate whatever jieba tags it (已核实/n, 均到位/n).
_ASPECT = {"已", "已经", "正在", "均", "都", "全部", "尚未", "未"}
# Papers an office sends, named by what they do (督办函, 提示函, 整改通知书, 督办单, 登记表).
_PAPERS = frozenset("函单书表卡证令")
EXISTENTIAL = re.compile(r"(?:已|尚|仍|还|共|另|只|仅)?有$")


def words(phrase: str) -> list[tuple[str, str]]:
    """The words of ``phrase`` with their part-of-speech tags (a fresh list: callers may edit)."""
    return list(_words(phrase))


@functools.lru_cache(maxsize=4096)
def _words(phrase: str) -> tuple[tuple[str, str], ...]:
    # the metric and event rules ask for the same clause parts several times
    return tuple((w, f) for w, f in pos_tokenizer().cut(phrase) if w.strip())


def _verbal(word: tuple[str, str], *, after_adverb: bool = False) -> bool:
    """A verb, or a word the dictionary glued to one (开展调研/n starts with 开展/v)."""
    w, f = word
    if f.startswith("v") or (after_adverb and f == "ad"):
        return True
    return len(w) > 2 and words(w[:2])[0][1].startswith("v")


def is_verbal(word: tuple[str, str]) -> bool:
    return _verbal(word)


def is_predicate(phrase: str) -> bool:
    """Whether a clause part reads as a verb phrase (已完成换届, 选出了新书记, 任领导小组成员).

    >>> is_predicate("选出了新书记"), is_predicate("专题党课的时间")
    (True, False)
    """
    if _ROLE_VERBS.match(phrase):
        return True
    ws = words(phrase[:12])
    k = 0
    while k < len(ws) and ws[k][1].startswith("d"):
        k += 1
    if k >= len(ws):
        return False
    if not _verbal(ws[k], after_adverb=k > 0):
        return False
    nxt = ws[k + 1][0] if k + 1 < len(ws) else ""
    return nxt not in ("的", "之")


def verb_before(phrase: str) -> tuple[str, str | None]:
    """The verb phrase that ends ``phrase`` (its subject dropped) and its object, if any.

    >>> verb_before("全县已整改完成"), verb_before("全市共征集意见建议")
    (('整改完成', None), ('征集意见建议', '意见建议'))
    >>> verb_before("已即知即改"), verb_before("全区累计为企业减免税费")
    (('即知即改', None), ('减免税费', None))
    >>> verb_before("梳理出突出问题"), verb_before("被巡察党组织共建立完善制度")
    (('梳理出突出问题', '突出问题'), ('建立完善制度', '制度'))
    """
    ws = _last_words(re.sub(r"[了过]$", "", phrase))
    for first in _verb_starts(ws):  # the first verb whose object is a plain noun phrase
        found = _verb_phrase(ws, first)
        if found is not None:
            return found
    return _verb_of_qualified(phrase)


def _verb_starts(ws: list[tuple[str, str]]) -> list[int]:
    """Where a verb may start in ``ws``, in the order to try them.

    jieba's tags need help: a word after 已/均 is the predicate whatever its tag (已核实/n); a
    complement closes the word before it (排查/vn出, 清理/a出); a verbal noun (教育/vn基地,
    检查/vn水库) is tried only after the plain verbs.
    """
    starts: set[int] = set()
    for i, word in enumerate(ws):
        after_aspect = i > 0 and ws[i - 1][0] in _ASPECT
        if not (_verbal(word, after_adverb=i > 0 and ws[i - 1][1] == "d")
                or (after_aspect and word[1][:1] in ("n", "a"))):
            continue
        closes = i and word[0] in _COMPLEMENTS and ws[i - 1][1][:1] in ("v", "a")
        starts.add(i - 1 if closes else i)

    def verbal_noun(i: int) -> bool:
        return ws[i][1] == "vn" and not (i and ws[i - 1][0] in _ASPECT)

    return sorted(starts, key=lambda i: (verbal_noun(i), i))


def _verb_of_qualified(phrase: str) -> tuple[str, str | None]:
    """已推动解决学生反映集中的“…”“…”等问题: the verb, and the noun its long object ends in.

    >>> _verb_of_qualified("已推动解决群众反映强烈的“停车难”等问题")
    ('推动解决', '问题')
    """
    plain = re.sub(r"“[^”]*”|《[^》]*》", "", phrase)
    left, sep, right = plain.rpartition("的")
    head = words(right.removeprefix("等"))
    if not sep or not head or not all(f.startswith("n") for _, f in head):
        return "", None
    ws = words(left)
    first = next((i for i, w in enumerate(ws) if _verbal(w)), None)
    if first is None or any(f[:1] in ("p", "c", "x") for _, f in ws[:first]):
        return "", None
    k = first + 1
    while k < len(ws) and ws[k][1].startswith("v"):
        k += 1
    verb = "".join(w for w, _ in ws[first:k])
    return ("", None) if verb in NOT_PREDICATES else (verb, "".join(w for w, _ in head))


def _last_words(phrase: str, size: int = 16) -> list[tuple[str, str]]:
    """The words of the end of ``phrase``, the first dropped when the cut may have split it."""
    ws = words(phrase[-size - 4:])
    return ws[1:] if len(phrase) > size + 4 else ws


def topic_before(phrase: str) -> str | None:
    """The noun phrase a clause-final verb is said of (问题线索已办结 → 问题线索).

    >>> topic_before("对移交的问题线索已办结"), topic_before("已即知即改")
    ('问题线索', None)
    """
    ws = _last_words(phrase)
    k = len(ws)
    while k and (ws[k - 1][1].startswith("v") or ws[k - 1][0] in _COMPLEMENTS
                 or (k > 1 and ws[k - 2][0] in _ASPECT)):  # 已核实/n
        k -= 1
    if k == len(ws) or not k or not ws[k - 1][1].startswith("d"):
        return None
    while k and ws[k - 1][1].startswith("d"):
        k -= 1
    j = _noun_phrase_start(ws[:k])
    if j is None or ws[j][0][0] in _COLLECTIVE or ws[k - 1][1] == "ns":
        return None  # 全州共登记: a place or a whole says where, not what was counted
    if any(f[:1] in ("m", "q") for _, f in ws[:j]):
        return None  # 96个县直单位共发放…: a counted set is the agent, not what was counted
    return "".join(w for w, _ in ws[j:k])


def noun_before(phrase: str) -> str | None:
    """The noun phrase that ends ``phrase``, a total's adverb dropped (民生实事共 → 民生实事).

    >>> noun_before("项目清单的民生实事共"), noun_before("已完成整改")
    ('民生实事', None)
    """
    ws = _last_words(phrase)
    while ws and (ws[-1][0] in NOT_PREDICATES or ws[-1][1].startswith("d")):
        ws.pop()
    if len(ws) > 1 and ws[-2][0] in _ASPECT:
        return None  # 已销号/n is a predicate
    j = _noun_phrase_start(ws)
    return None if j is None else "".join(w for w, _ in ws[j:])


def _noun_phrase_start(ws: list[tuple[str, str]]) -> int | None:
    """Where the noun phrase that ends ``ws`` starts, or None if ``ws`` ends on no noun."""
    k = len(ws)
    if not k or not ws[k - 1][1].startswith("n"):
        return None
    while k and (ws[k - 1][1].startswith("n") or ws[k - 1][1] in ("a", "vn")):
        k -= 1
    while k < len(ws) and not ws[k][1].startswith("n"):  # a modifier opens no phrase
        k += 1
    j = k  # 纳入台账的信访/v积案: what follows 的 up to the noun is one phrase
    while j > max(0, k - 2) and ws[j - 1][1][:1] in ("v", "a") and ws[j - 1][0] not in _ASPECT:
        j -= 1
    return j if j < k and j and ws[j - 1][0] == "的" else k


def _verb_phrase(ws: list[tuple[str, str]], first: int) -> tuple[str, str | None] | None:
    start = first
    while start > 0 and ws[start - 1][1] == "d":  # 即知即改: adverbs belong to the verb
        start -= 1
    k = first + 1
    while k < len(ws) and (ws[k][1].startswith("v") or ws[k][0] in _COMPLEMENTS
                           or (ws[k][0] == "为" and k == len(ws) - 1)):  # 归纳为6个方面
        k += 1
        if ws[k - 1][0] in _COMPLEMENTS:  # 梳理出|突出问题: a complement closes the verb
            break
    if (k - first >= 2 and k < len(ws) and ws[k][1].startswith("n") and ws[k - 1][1] == "v"
            and ws[k][0][-1] in _PAPERS):
        k -= 1  # 发出|督办通知单, 发放|提示函: a paper named by what it does (not 建立|完善制度)
    qualified = k < len(ws) and ws[k][0] == "的"
    if qualified:  # 正在整改的问题65个: the verb qualifies the noun
        k += 1
    obj = "".join(w for w, _ in ws[k:])
    if obj and any(f[:1] in ("p", "c", "u", "x", "w", "d") for _, f in ws[k:]):
        return None
    if any(f == "v" for _, f in ws[k + 1:-1]):
        return None  # 组织党员到…基地开展现场教学: a later verb heads the clause (群众诉求/v ends one)
    counted = not any(f[:1] in ("m", "q") for _, f in ws[k:])  # 梳理出3个方面|11条意见建议
    verb = "".join(w for w, _ in ws[first:k]).removesuffix("的")
    if verb in NOT_PREDICATES or not verb:
        return None
    head = "".join(w for w, _ in ws[start:first])
    if qualified:
        return LEAD_ADVERBS.sub("", head + verb), obj or None
    about = LEAD_ADVERBS.sub("", head + verb + obj)
    for prefix in ("已经", "已", "正在"):
        about = about.removeprefix(prefix)
    return about, (obj if counted else None) or None


def clause_bounds(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The clause of ``text[start:end]`` around ``pos`` (split at ，；： outside 《》 and brackets)."""
    depth = 0
    bounds = [start]
    for i in range(start, end):
        ch = text[i]
        if ch in "《（(“":
            depth += 1
        elif ch in "》）)”" and depth:
            depth -= 1
        elif depth == 0 and ch in CLAUSE_END:
            bounds.append(i + 1)
    bounds.append(end)
    k = bisect_right(bounds, pos) - 1
    k = max(0, min(k, len(bounds) - 2))
    return bounds[k], bounds[k + 1]


def sentence_of(sentences: list[tuple[int, int]], starts: list[int], pos: int) -> tuple[int, int]:
    k = bisect_right(starts, pos) - 1
    return sentences[k] if k >= 0 else (pos, pos)


def strip_end(s: str) -> str:
    return s.strip().rstrip(CLAUSE_END + "、").strip()


def clear_caches() -> None:
    """Forget the words of the phrases seen so far."""
    _words.cache_clear()
