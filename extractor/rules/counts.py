"""Counts (119个单位, 三位同志, 1000元) and percentages (40%, 百分之四十) with normalised values.

A COUNT span covers the number and its measure word; ``value`` is ``{"number", "measure",
"item"}`` where ``item`` is the counted noun phrase that follows (393名厅级党员领导干部 → 厅级党员
领导干部), or None for measures that are themselves the thing counted (元, 天, 小时). 万 and 亿
are folded into the number (1.2万元 → 12000, measure 元). Approximations (100余个, 近百名, 上千人)
keep the round number and record ``attrs["approx"]`` = ``more_than`` or ``about``.

Not counts: ordinals (第一批), numbers inside set phrases (三个代表, 一把手: set_phrases.txt),
quoted slogans (“四个意识”), years (2005年), and 一 used as an adverb (一起, 一样).

Known unsupported inputs: ranges (3至5个), 数十/数百 (no number), fractions (三分之一), counts
whose measure word is not in measure_words.tsv.
"""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

import jieba
import jieba.posseg

from extractor.resources import rows, words
from extractor.rules.numerals import parse_number
from extractor.segment import pos_tokenizer
from extractor.spans import Candidate

COUNT_SCORE = 0.9
PERCENT_SCORE = 0.95
ITEM_WINDOW = 16
_JOINERS = {"和", "及", "与"}
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
_CN_UNITS = set("十百千万亿")
# Characters that, right after a measure word, show it is the first character of another word
# (三人民 is not 三人 + 民): a tiny closed set per measure, so a constant here.
_NOT_BEFORE = {
    "人": "民员大才口",
    "家": "庭属长乡",
    "名": "单称义额",
    "期": "间限待望",
    "次": "要序日",
    "元": "旦素宵",
    "台": "湾阶账县",
    "处": "理长置分罚",
    "起": "草步来到",
    "场": "所地景合",
    "批": "示准评复转",
    "条": "例件款",
    "项": "目",
    "种": "类植子",
    "所": "有属在以得",
    "位": "于置",
    "户": "籍口",
    "本": "地单",
    "支": "持部援付出",
    "类": "似别",
    "年": "代级龄纪轻华会鉴报",
    "天": "下地然津",
    "周": "边围末到",
}
# Verbs that name what was said when they close the clause after a count (三点要求：, 两条建议。).
_NOMINAL_VERBS = frozenset("要求 建议 希望 体会 打算 安排 部署 批示 指示 意见".split())
# Words that start with one of _NOT_BEFORE's characters after all (145项 + 目标任务, not 项目).
_BUT_BEFORE = ("目标",)
# 一 closing a word (统一, 唯一): the 一 is not a number.
_WORD_BEFORE_ONE = set("统唯同之专划归万")
# Before a number that says which one: a session's 届 (十一届六次会议), 上/下 (上一轮), a list
# of numerals (一、二、三轮).
_ORDINAL_BEFORE = re.compile(r"(?:届|[一二三四五六七八九十\d]、)$")
# An adjective, idiom or adverb phrase and 的 after 一个/一次: 一 is an article there.
_ARTICLE_AFTER = re.compile(
    r"(?:全面|深入|系统|彻底|认真|集中|[\u4e00-\u9fff]{2}(?:祥和|和谐|美好|良好|重要|难忘))"
    r"[\u4e00-\u9fff、]{0,8}的"
)
_OPEN_QUOTES = "“‘「『"
_CLOSE_QUOTES = "”’」』"
SLOGAN_MAX = 12
# A year-like continuation after 年: 2005年1月, 2005年度, 2005年底.
_DATE_AFTER_YEAR = re.compile(
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})月|[度底初末]|[上下]半年|第?[一二三四]季度"
)
_WINDOW_END = re.compile(r"[^\u4e00-\u9fff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PAREN = re.compile(r"（[\u4e00-\u9fff、]{1,8}）")
_HEAD_FLAGS = {"j", "zg", "s"}
# Function words: prepositions, particles, conjunctions, pronouns, interjections, punctuation.
_HARD_FLAG_PREFIXES = set("pucryeoxwq")

PERCENT_RE = re.compile(
    r"(?<![\d.．])(?P<num>\d+(?:[.．]\d+)?)\s?[%％]"
    r"|百分之(?P<cn>[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?|\d+(?:[.．]\d+)?)"
    # a fraction (三分之二) and tenths (近三成, 七成以上); 一成不变, 三成员 are none
    r"|(?P<den>[二三四五六七八九十千万]|\d+)分之(?P<nom>[一二三四五六七八九十]|\d+)"
    r"|(?<![\d一二三四五六七八九十百千万])(?P<tenths>[一二三四五六七八九])成(?![员立果为效功本绩熟长型交不就])"
)


class Measure(NamedTuple):
    word: str
    category: str
    item: str  # yes | no | required (期: 二期 alone is a phase, 3期培训班 a count)


@functools.cache
def measure_words() -> dict[str, Measure]:
    """measure_words.tsv: measure word → its category and whether an item follows."""
    out: dict[str, Measure] = {}
    for word, category, item in rows("lexicons/measure_words.tsv"):
        if item not in ("yes", "no", "required"):
            raise ValueError(f"measure_words.tsv: bad item column {item!r} for {word}")
        out[word] = Measure(word, category, item)
    return out


@functools.cache
def set_phrases() -> re.Pattern[str]:
    """set_phrases.txt as one pattern; ``{N}`` stands for any numeral."""
    alts = sorted((r[0] for r in rows("lexicons/set_phrases.txt")), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\{N\}", f"[{_CN_NUM}\\d]+") for p in alts)
    return re.compile(body)


@functools.cache
def item_stops() -> frozenset[str]:
    """count_item_stops.txt: tokens that end a counted noun phrase."""
    return words("lexicons/count_item_stops.txt")


def _build_count_re() -> re.Pattern[str]:
    measures = "|".join(re.escape(w) for w in sorted(measure_words(), key=len, reverse=True))
    return re.compile(
        rf"""(?<![\d.．第A-Za-z{_CN_NUM}])(?:(?<![余多])|(?![万亿]))
        (?P<pre>近|约|逾|超过|超|上(?=[百千万]))?
        (?P<num>\d{{1,3}}(?:[,，]\d{{3}})+(?:[.．]\d+)?|\d+(?:[.．]\d+)?(?:[万亿]{{1,2}})?|[{_CN_NUM}]+)
        (?P<post>余|多|来)?
        (?P<mult>(?<=[余多])[万亿]{{1,2}})?
        (?P<measure>{measures})""",
        re.VERBOSE,
    )


COUNT_RE = _build_count_re()
# A list item's number at the start of a line or after 附件： (1．, 2.) followed by more text.
_LIST_MARK = re.compile(r"\d{1,2}[．.](?=\D|\d{4}年)")


def _pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """The project's POS tokenizer (the global jieba.dt is never touched)."""
    return pos_tokenizer()


def _is_head(flag: str, first: bool) -> bool:
    """A noun-like token; 习用语/成语 (意见建议, 安全隐患) only open a phrase."""
    return flag.startswith("n") or flag in _HEAD_FLAGS or (first and flag in ("l", "i"))


def _is_hard(word: str, flag: str, first: bool) -> bool:
    """A token that ends the noun phrase: a stop word, a function word, a negation."""
    stops = item_stops()
    if word in stops or any(word.startswith(s) for s in stops if len(s) > 1):
        return True
    if word[0] in "未没" or (word[0] == "不" and not flag.startswith("n")):
        return True  # a negation starts the predicate: 未达标, 不到位
    if flag.startswith("r"):
        return not (first and word.startswith("各"))  # 各级河长 is a phrase
    return flag[:1] in _HARD_FLAG_PREFIXES or (flag == "v" and len(word) == 1 and not first)


@functools.lru_cache(maxsize=8192)
def _item_in(window: str, truncated: bool, allow_vn: bool = True, more: bool = False) -> str | None:
    """The noun phrase at the start of ``window`` (厅级党员领导干部任… → 厅级党员领导干部).

    jieba splits unknown compounds (县/直/单位, 重复/登记/人员), so up to two non-nouns may open
    the phrase and one non-verb may sit between nouns; a verb after a noun ends it (同志组成…),
    and the phrase always ends on a noun. ``more``: the clause goes on after the window (a
    number follows: 6家单位开设9个…), so no verb closes a compound at its end.
    """
    run: list[str] = []
    pending: list[tuple[str, str]] = []
    broke = ended = False
    toks = list(_pos_tokenizer().cut(window, HMM=True))
    if toks and toks[0].word in _NOMINAL_VERBS and (len(toks) == 1 or not _CJK.match(toks[1].word)):
        return toks[0].word if len(toks) > 1 or not truncated else None  # 提出三点要求：
    for i, tok in enumerate(toks):
        first = not run and not pending
        if run and not pending and tok.word in _JOINERS and _is_noun_at(toks, i + 1):
            run.append(tok.word)  # 普查员和普查指导员: a coordination of nouns
            continue
        if _is_hard(tok.word, tok.flag, first):
            ended = True
            break
        if _is_head(tok.flag, first):
            run += [w for w, _ in pending] + [tok.word]
            pending = []
            continue
        if run and not pending and not (more and _clause_end(toks, i) >= len(toks)) and _closes_compound(
                toks, i, truncated):
            # 河长公示牌。 质量抽查组， 廉政风险点， 问题诉求，: the head of a compound at the clause end
            run += [t.word for t in toks[i:_clause_end(toks, i)]]
            ended = True
            break
        if run and not pending and tok.flag == "vn" and _is_noun_at(toks, i + 1):
            run.append(tok.word)  # 危险化学品生产企业: a verbal noun between nouns
            continue
        if run and (tok.flag in ("i", "l") or tok.flag == "d" and len(tok.word) > 1):
            # 进村入户, 逐一销号: an idiom or adverb after the noun opens the predicate (直 in
            # 县直单位 is tagged an adverb too: one character is not enough)
            broke = True
            break
        if run and tok.flag.startswith("v") or len(pending) >= (1 if run else 2):
            broke = True
            break
        pending.append((tok.word, tok.flag))
    if not broke and not ended and truncated and run and not pending:
        run.pop()  # the last word may be cut off by the window
    elif (
        allow_vn
        and not broke
        and len(pending) == 1
        and pending[0][1] == "vn"
        and (ended or not truncated)
    ):
        run.append(pending[0][0])  # a verbal noun closing the phrase: 3台设备, 3场培训
    return "".join(run) or None


def _clause_end(toks: list[Any], i: int) -> int:
    j = i
    while j < len(toks) and _CJK.match(toks[j].word):
        j += 1
    return j


def _closes_compound(toks: list[Any], i: int, truncated: bool) -> bool:
    """Whether toks[i:] closes a compound noun before punctuation: a verb and a one-character
    head (公示牌, 抽查组), a one-character head alone (风险点), or a two-character verbal
    noun (问题诉求)."""
    j = _clause_end(toks, i)
    if j >= len(toks) and truncated:
        return False  # the window may have cut the clause: we cannot see its end
    tail = toks[i:j]
    if len(tail) == 1:
        w, f = tail[0].word, tail[0].flag
        return (len(w) == 1 and f[:1] in ("m", "q", "n", "z")) or (
            len(w) == 2 and f == "v" and (j < len(toks) or not truncated))
    if len(tail) != 2 or sum(len(t.word) for t in tail) > 3 or not tail[0].flag.startswith("v"):
        return False
    last = tail[-1]
    return last.flag[:1] in ("n",) or last.flag == "zg" or len(last.word) == 1


def _is_noun_at(toks: list[Any], i: int) -> bool:
    return i < len(toks) and (toks[i].flag.startswith("n") or toks[i].flag == "vn")


def noun_phrase_at(text: str, pos: int) -> str | None:
    """The counted-noun phrase that starts at ``text[pos]`` (网格员任…  → 网格员), if any."""
    return _item(text, pos)


def _item(text: str, pos: int, allow_vn: bool = True) -> str | None:
    window = text[pos : pos + ITEM_WINDOW]
    cut = _WINDOW_END.search(window)
    if not cut:
        return _item_in(window, pos + ITEM_WINDOW < len(text), allow_vn) if window else None
    more = window[cut.start()].isdigit()  # 单位开设|9个: the clause goes on
    head = _item_in(window[: cut.start()], False, allow_vn, more) if cut.start() else None
    # 县（市、区）, 村（社区）党组织: a short parenthesis right after the noun belongs to it.
    paren = _PAREN.match(text, pos + cut.start())
    if head is not None and len(head) == cut.start() and paren is not None:
        # after the bracket, a verbal noun is the predicate (党（工）委书记现场述职)
        rest = _item(text, paren.end(), False) if _CJK.match(text, paren.end()) else None
        return head + paren.group() + (rest or "")
    return head


def _in_set_phrase(text: str, start: int, end: int) -> bool:
    lo = max(0, start - 8)
    return any(
        p.start() < end and start < p.end()
        for p in set_phrases().finditer(text, lo, min(len(text), end + 8))
    )


def _quoted_slogan(text: str, start: int, end: int) -> bool:
    """“四个意识”, “一件事一次办”: a count inside a short quoted phrase is a slogan."""
    before = text[max(0, start - SLOGAN_MAX) : start]
    opened = max(before.rfind(q) for q in _OPEN_QUOTES)
    if opened < 0 or any(c in _CLOSE_QUOTES for c in before[opened + 1 :]):
        return False
    after = text[end : end + SLOGAN_MAX]
    closes = [i for i in (after.find(q) for q in _CLOSE_QUOTES) if i >= 0]
    return bool(closes) and not any(c in _OPEN_QUOTES for c in after[: min(closes)])


def _number(m: re.Match[str]) -> tuple[int | float, int] | None:
    """The number of a COUNT_RE match and the offset where its numeral starts (None: not a count)."""
    raw, start = m["num"], m.start("num")
    if raw[0] in _CN_NUM and not _CN_UNITS.intersection(raw) and len(raw) > 1:
        if len(raw) > 2 or raw[0] in "零〇":
            return None  # a code or a year written digit by digit (二〇〇五年)
        if raw[0] == "一":  # 唯一一个: the last 一 is the number
            raw, start = raw[1:], start + 1
        else:  # 五六个 reads "five or six": keep the first (marked approximate by _approx)
            raw = raw[0]
    if raw == "一" and start > 0 and m.string[start - 1] in _WORD_BEFORE_ONE:
        return None
    try:
        number = parse_number(raw + (m["mult"] or ""))
    except ValueError:
        return None
    return number, start


def _approx(m: re.Match[str]) -> str | None:
    if m["pre"] in ("逾", "超", "超过") or m["post"] in ("余", "多"):
        return "more_than"
    raw = m["num"]
    if (
        m["pre"]
        or m["post"]
        or (
            len(raw) == 2
            and raw[0] in _CN_NUM
            and raw[0] != "一"
            and not _CN_UNITS.intersection(raw)
        )
    ):
        return "about"
    return None


def _count(text: str, m: re.Match[str]) -> Candidate | None:
    measure = m["measure"]
    end = m.end()
    after = text[end : end + 1]
    if (after and after in _NOT_BEFORE.get(measure, "") and not text.startswith(_BUT_BEFORE, end)
            or text.startswith(measure, end)):
        return None
    parsed = _number(m)
    if parsed is None:
        return None
    number, num_start = parsed
    # 近百户, 上千人: the approximation is part of the numeral; 约760公里, 超过14天, 逾千人: an
    # adverb or verb before the count, kept as its ``approx`` only
    start = m.start() if m["pre"] in ("近", "上") else num_start
    if text[start - 1:start] in ("数", "几") and not m["pre"]:
        return None  # 数十家, 几百人: no number is said
    if _ORDINAL_BEFORE.search(text, max(0, num_start - 3), num_start) or (
            m["num"] == "一" and text[num_start - 1:num_start] in ("上", "下")):
        return None  # 十一届六次会议, 上一轮, 一、二、三轮巡察: which one, not how many
    if m["num"] == "一" and _ARTICLE_AFTER.match(text, end):
        return None  # 度过一个欢乐祥和的春节, 进行一次全面的检查: an article, not a count
    if _LIST_MARK.match(text, num_start) and not text[max(0, num_start - 1):num_start].strip("：:"):
        return None  # 附件：1．2024年…活动方案: a list's number, not 1.2024年
    if measure == "年" and (
        _DATE_AFTER_YEAR.match(text, end)
        or (isinstance(number, int) and 1800 <= number <= 2199 and not m["pre"] and not m["post"])
    ):
        return None
    if _in_set_phrase(text, num_start, end) or _quoted_slogan(text, start, end):
        return None
    info = measure_words()[measure]
    # A measure that needs an item does not take a bare verbal noun (一起研究 is "together").
    item = _item(text, end, allow_vn=info.item == "yes") if info.item != "no" else None
    if item is None and info.item == "required":
        return None
    attrs: dict[str, object] = {"category": info.category}
    approx = _approx(m)
    if approx:
        attrs["approx"] = approx
    return Candidate(
        "COUNT",
        start,
        end,
        text[start:end],
        source="rule",
        score=COUNT_SCORE,
        value={"number": number, "measure": measure, "item": item},
        attrs=attrs,
    )


def find_percents(text: str) -> list[Candidate]:
    """PERCENT candidates; the value is the number before the percent sign.

    >>> [(c.text, c.value) for c in find_percents("完成率40%，增长百分之九十五点五，近三成，三分之二")]
    [('40%', 40.0), ('百分之九十五点五', 95.5), ('三成', 30.0), ('三分之二', 66.7)]
    """
    out = []
    for m in PERCENT_RE.finditer(text):
        try:
            if m["tenths"]:
                number = float(parse_number(m["tenths"])) * 10
            elif m["den"]:
                den = 1000 if m["den"] == "千" else 10000 if m["den"] == "万" else parse_number(m["den"])
                number = round(float(parse_number(m["nom"])) / float(den) * 100, 1)
            else:
                number = float(parse_number(m["num"] or m["cn"]))
        except (ValueError, ZeroDivisionError):
            continue
        out.append(
            Candidate(
                "PERCENT",
                m.start(),
                m.end(),
                m.group(),
                source="rule",
                score=PERCENT_SCORE,
                value=number,
            )
        )
    return out


def find_counts(text: str) -> list[Candidate]:
    """COUNT and PERCENT candidates in text order.

    >>> [(c.text, c.value) for c in find_counts("共有393名厅级党员领导干部任成员")]
    [('393名', {'number': 393, 'measure': '名', 'item': '厅级党员领导干部'})]
    """
    out: list[Candidate] = []
    pos = 0
    while (m := COUNT_RE.search(text, pos)) is not None:
        cand = _count(text, m)
        if cand is None:
            pos = m.start() + 1
            continue
        out.append(cand)
        pos = cand.end
    out.extend(find_percents(text))
    return sorted(out, key=lambda c: (c.start, c.end))


def clear_caches() -> None:
    """Forget the noun phrases found in texts seen so far (not the data files)."""
    _item_in.cache_clear()
