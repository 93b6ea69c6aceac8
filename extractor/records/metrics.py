"""Metric records: a counted set of units or people that reached a state, as of a date.

    截至1月25日，119个单位都制定了实施方案      count as subject, predicate after it
    已有35个党支部的书记讲了专题党课              after an existential 有, the rest is the predicate
    检查了8426家生产经营单位 / 共征集意见建议5.8万条  count as object of the verb before it
    已即知即改7326个                            the counted noun elided: taken from the count before
    其中7个单位…                                part of the first count of the sentence
    已整改26件，占65件的40%                      a denominator (of) and a rate

Durations, ages and ratios are never metrics; nor are people listed by name (张三、李四等三位同志).
"""

from __future__ import annotations

import functools
import re

from extractor.milestones import Catalogue
from extractor.records.clauses import (
    EXISTENTIAL,
    LEAD_ADVERBS,
    clause_bounds,
    is_predicate,
    noun_before,
    sentence_of,
    strip_end,
    topic_before,
    verb_before,
    words,
)
from extractor.records.types import Metric
from extractor.resources import alternation
from extractor.resources import words as word_set
from extractor.rules.counts import measure_words, noun_phrase_at
from extractor.spans import Candidate

_NOT_METRIC_CATEGORIES = {"time", "age", "points", "ratio"}
# Measures that count occurrences: the noun before them is the activity, not a counted item.
_OCCURRENCE_CATEGORIES = {"frequency"}
_PART_OF = re.compile(r"其中[^，。；]{0,6}$")
_OF_TOTAL = re.compile(r"占(?:全部|总数|总量|计划|全[省市县区乡镇村])?(?P<n>\d+)(?![\d.%％])")
_RATE_CLAUSE = re.compile(r"[\u4e00-\u9fff]{1,4}率")
_JOINED = ("、", "和", "及", "的")
_NEXT_COUNT = re.compile(r"[、和及与]\s*[\d一二三四五六七八九十两]")
_INCLUDES = re.compile(r"^\s*(?:其中)?包括$")
_LEAD_PREP = re.compile(r"(?:对|向|为|给|其中|其余|另有|包括)$")
# 截至目前, 目前，…: as of the document's date
_UNTIL_NOW = re.compile(r"(?:截至|截止|到)(?:目前|当前|现在)|(?:^|(?<=[，。；：\n\s]))目前(?=[，,])")
# A count of what has not reached a state (对未整改的18处隐患, 尚未完成整改3家) reaches no milestone.
_NEGATION = re.compile(r"(?:尚未|仍未|暂未|未能|没有|未|不)$")
# 罚款金额共计18.6万元, 投入资金合计: a total's adverb ends the phrase, it is not its verb.
_TOTALLING = re.compile(r"(?:共计|合计|总计|累计|共|计)$")
# 排查各类隐患156处: the kind-quantifier says nothing of what was counted.
_KINDS = re.compile(r"^(?:各类|各种|各项)(?=[\u4e00-\u9fff]{2})")
# 尚未完成整改, 3项任务未按期完成 (未来 and 未成年 say no negation)
_NEGATED = re.compile(r"^不|没有|未(?!来|成年)")
# The words that may lead a predicate in its clause (see _with_lead).
# (对 is left out: its object is what was counted, 对问题线索已核实 → 问题线索)
_RECIPIENT = r"(?:向|为|给)(?:(?!的)[\u4e00-\u9fff]){1,8}?"
_LEAD = re.compile(
    rf"(?:全[省市县区州镇乡]|各地)?(?:{_RECIPIENT})?"
    r"(?:已经|已|共计|共|累计|均|都|全部|先后|分别|还|又|正在|基本|仅|只)+$"
    rf"|(?:全[省市县区州镇乡]|各地)$|{_RECIPIENT}$"
)
# 11个不合格, 3家未达标: a state denied, whatever jieba tags its word
_NEGATED_STATE = re.compile(r"(?:不|未|尚未)[\u4e00-\u9fff]{1,4}")
# 欠进度的有17个, 已整改到位的共26个: those that are so
_THOSE_THAT = re.compile(r"(?:^|(?<=[，；：]))([\u4e00-\u9fff]{2,10})的(?:有|共有|共)$")


def _occurrences(measure: str, category: str) -> bool:
    """次, 人次, 批次, 场次: the noun before such a count is the activity, not what it counts."""
    return category in _OCCURRENCE_CATEGORIES or measure.endswith("次")


def _predicate(
    text: str, c: Candidate, item: str | None, occurrences: bool, cs: int, ce: int
) -> tuple[str, str | None] | None:
    """(about, item) for a count in the clause ``text[cs:ce]``, or None if it is no metric."""
    after_start = c.end
    if item and text.startswith(item, c.end):
        after_start = c.end + len(item)
    after = strip_end(LEAD_ADVERBS.sub("", text[after_start:ce]))
    before = text[cs:c.start].strip()
    if _NEXT_COUNT.match(after) and (not before or EXISTENTIAL.search(before)):
        return None  # 分别有4项、3项任务未按期完成: the next count's predicate is this one's too
    if EXISTENTIAL.search(before) and after:
        # 已有35个党支部的书记讲了专题党课: what the counted set did follows
        return after.removeprefix("的"), item
    relative = _relative(after) if item is None else None
    if relative is not None:
        head, rest = relative
        if rest and is_predicate(rest):
            return rest, head  # 对3名涉嫌充当“保护伞”的公职人员立案审查
        about, _ = verb_before(before) if before else ("", None)
        return (about, head) if about else None  # 清理出4名不符合任职条件的人员
    if after and (is_predicate(after) or _NEGATED_STATE.fullmatch(after)):
        # 119个单位都制定了实施方案; 组织186名党员干部开展警示教育; 11个不合格
        return after, item
    those = _THOSE_THAT.search(before) if before else None
    if those and is_predicate(those.group(1)):
        return those.group(1), item  # 欠进度的有17个: the counted set is those that are so
    action = _action_before(before) if before else None
    if action is not None:
        return action, item  # 立案侦查18件, 问责8人, 罚款金额32000元
    main = _verb_before_relative(before) if before else None
    if main is not None:
        return main[0], item or main[1]  # 共接收热线中心转来的市民工单860件: 接收, not 转来
    if before and not _LEAD_PREP.search(before):
        about, obj = verb_before(before)
        total = _TOTALLING.search(before)
        if total and total.start() and (
                (not about and "的" not in before[:total.start()])  # 办结诉求工单共: a verb's object
                or (about and (about.endswith(total.group()) or total.group().endswith(about)))):
            # 投入资金共计, 罚款金额共计, 办结工单共: the total's adverb is no part of the verb
            stem = before[:total.start()]
            about, obj = verb_before(stem)
            if not about:
                about = obj = noun_before(stem) or ""  # what the total is of
        obj = _KINDS.sub("", obj) if obj else obj
        second = words(after) if about and after else []
        if second and second[0][1][:1] in ("n", "l") and all(f[:1] in ("n", "v", "l") for _, f in second):
            about += after  # 给予2名村干部党纪处分: the second object completes the verb
        if about:
            negation = _NEGATION.search(before, 0, max(0, before.rfind(about)))
            if negation:
                about = negation.group() + about  # 对未整改的18处隐患
            about = _with_lead(before, about)
            if occurrences:
                return about, None
            # 发现问题37个; 对移交的问题线索已办结24件
            return about, item or obj or topic_before(before)
    return None


_TOTAL_ADVERB = re.compile(r"共计|累计|已经|共|已")


@functools.cache
def _action_nouns() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation(word_set('lexicons/action_nouns.txt'))})$")


def _action_before(before: str) -> str | None:
    """An action jieba reads as a noun, alone before the count in its clause (立案侦查18件)."""
    head = before.strip()
    m = _action_nouns().search(head)
    return head if m and len(head) <= 8 and m.start() <= 4 and CJK_ONLY.fullmatch(head) else None


def _verb_before_relative(before: str) -> tuple[str, str | None] | None:
    """The main verb when the object holds a relative clause with a subject and verb of its
    own: the verb a total's adverb leads (共接收…热线中心转来的市民工单 → 共接收, 市民工单).

    >>> _verb_before_relative("共接收市热线中心转来的市民工单")
    ('共接收', '市民工单')
    >>> _verb_before_relative("已整改完成的问题") is None
    True
    """
    cut = before.rfind("的")
    if cut <= 0:
        return None
    head = before[:cut]
    for m in _TOTAL_ADVERB.finditer(head):  # found by characters: jieba glues 办共
        ws = words(head[m.end():])
        if not ws or not ws[0][1].startswith("v"):
            continue
        rest = ws[1:]
        verb_at = next((j for j, (_, f) in enumerate(rest) if f.startswith("v")), None)
        if verb_at and any(f[:1] in ("n", "j") for _, f in rest[:verb_at]):
            return m.group() + ws[0][0], noun_phrase_at(before, cut + 1)
    return None


def _with_lead(before: str, about: str) -> str:
    """The predicate with the words that lead it in its clause: the adverbs of a total or a state
    (共, 已, 累计), a whole as subject (全省共完成) and a prepositional object (向县级河长发放).

    >>> _with_lead("全省共完成农村改厕任务", "完成农村改厕任务"), _with_lead("向乡镇下发督办函", "下发督办函")
    ('全省共完成农村改厕任务', '向乡镇下发督办函')
    """
    at = before.rfind(about)
    if at <= 0:
        return about
    lead = _LEAD.search(before, 0, at)
    return before[lead.start():at] + about if lead else about


def _after_de(before: str) -> str | None:
    """The noun phrase between a 的 and a total's adverb (帮扶台账的困难群众共 → 困难群众)."""
    cut = before.rfind("的")
    if cut < 0:
        return None
    head = noun_phrase_at(before, cut + 1)
    rest = before[cut + 1 + len(head):] if head else None
    return head if head and rest is not None and rest.strip("共计累约达有") == "" else None


def _relative(after: str) -> tuple[str, str] | None:
    """A relative clause between a count and its noun: (the noun, what follows it).

    >>> _relative("不符合任职条件的人员"), _relative("党支部的书记讲了专题党课")
    (('人员', ''), None)
    """
    cut = after.find("的")
    if cut <= 0 or not is_predicate(after[:cut]):
        return None
    rest = after[cut + 1:]
    head = noun_phrase_at(rest, 0)
    return (head, rest[len(head):]) if head else None


def build_metrics(
    text: str, entities: list[Candidate], sentences: list[tuple[int, int]], catalogue: Catalogue,
    now: str | None = None,
) -> list[Metric]:
    """Metric records in text order; ``part_of`` indexes into the returned list. ``now`` (the
    document's date) is the as-of date of counts said 截至目前."""
    starts = [s for s, _ in sentences]
    metrics: list[Metric] = []
    all_dates = [e for e in entities if e.label == "DATE"]
    # per sentence: where the last metric's count (and item) ends, its about, what it is part of
    prev_end: dict[tuple[int, int], tuple[int, str, int | None]] = {}
    percents = [e for e in entities if e.label == "PERCENT"]
    first_in_sentence: dict[tuple[int, int], int] = {}
    last_item: dict[tuple[tuple[int, int], str], str] = {}
    counts = [e for e in entities if e.label == "COUNT"]
    # a count still waiting for its predicate: 9个县（市、区）和62个市级部门均成立了…
    waiting: tuple[Candidate, str | None, int] | None = None
    wholes = _wholes_before_parts(text, counts)  # 任务的40座已开工32座: 40 is the whole of 32
    whole_starts = {w.start for w in wholes.values()}
    # the counted noun of the sentence before, by measure (…细化为180个具体事项。欠进度的有17个)
    before_sentence: dict[str, tuple[tuple[int, int], str]] = {}
    # the whole whose kinds are being listed, by measure, and the sentence of its last kind
    breakdown: dict[str, tuple[int, tuple[int, int]]] = {}
    for c in counts:
        value = c.value or {}
        measure = measure_words().get(value.get("measure") or "")
        if measure is None or measure.category in _NOT_METRIC_CATEGORIES:
            continue
        if measure.category == "people" and text[max(0, c.start - 1):c.start] == "等":
            continue  # 张三、李四等三位同志: a list of names, not a progress figure
        occurrences = _occurrences(measure.word, measure.category)
        sent = sentence_of(sentences, starts, c.start)
        cs, ce = clause_bounds(text, sent[0], sent[1], c.start)
        # what comes before a date in the clause is not the verb of this count
        cs = max([cs, *(d.end for d in all_dates if cs <= d.start and d.end <= c.start)])
        key = (sent, measure.word)
        joint = prev_end.get(sent)
        found: tuple[str, str | None] | None
        part: int | None = None
        if joint is not None and joint[0] >= cs and text[joint[0]:c.start] in _JOINED:
            # 共登记141.6万户、452.6万人; 走访了5个乡镇的12个村: the counts share the verb
            found, part = (joint[1], value.get("item")), joint[2]
        elif joint is not None and _INCLUDES.search(text[cs:c.start]):
            # 已明确1847名各级河长，包括9名市级河长…: the parts share the whole's verb
            found, part = (joint[1], value.get("item")), first_in_sentence.get(sent)
        else:
            found = _predicate(text, c, value.get("item"), occurrences, cs, ce)
        earlier = last_item.get(key)
        stated = value.get("item") or (
            None if occurrences or _action_before(text[cs:c.start])  # 立案侦查18件: no noun
            else noun_before(text[cs:c.start]) or _after_de(text[cs:c.start]))
        in_note = _in_brackets(text, cs, c.start)  # （限期内200件工单至下月办结）: an aside
        if stated and not in_note:
            last_item[key] = stated  # 民生实事共58件，已办结21件
            before_sentence[measure.word] = (sent, stated)
        if c.start in whole_starts:
            continue  # the whole of the next count: its denominator, not a metric of its own
        whole_of = wholes.get(c.start)
        if whole_of is not None and found is not None:
            found = (found[0], _compound_noun(text[cs:whole_of.start]) or found[1])
        category = None if occurrences else _category_before(text, cs, c.start)
        if category is not None:
            # 共受理诉求52000件，其中咨询类诉求31000件、求助类…；举报类890件: the kinds of a whole
            whole_idx = _whole_of_kind(text, cs, c.start, sent, first_in_sentence,
                                       breakdown.get(measure.word))
            if whole_idx is not None:
                found, part = (metrics[whole_idx]["about"], category), whole_idx
                breakdown[measure.word] = (whole_idx, sent)
        if found is None:
            item_end = c.end + len(value["item"]) if value.get("item") else c.end
            waiting = (c, value.get("item"), item_end)
            continue
        about, item = found
        if (earlier and item and item != earlier and measure.word != "个" and category is None
                and not earlier.endswith(item)  # 意见建议26条，…提出建议1条: the same kind
                and text.endswith(item, 0, c.start) and not item.endswith(measure.word)):
            # 困难群众共1260户，已落实帮扶措施1198户: the households are those counted before
            item = earlier
        if waiting is not None and cs <= waiting[0].start and text[waiting[2]:c.start] in _JOINED:
            w, w_item, _ = waiting
            metrics.append(_metric(text, w, w_item or item, about, sent, (cs, ce), all_dates,
                                   percents, catalogue, now))
        waiting = None
        if item is None and not occurrences:
            item = last_item.get(key)  # 梳理出突出问题1.1万个，已即知即改7326个
            prior = before_sentence.get(measure.word)
            if item is None and prior and text[prior[0][1]:sent[0]].strip() == "":
                item = prior[1]  # …细化为180个具体事项。经核实，欠进度的有17个
        if item and not in_note:
            last_item[key] = item
            before_sentence[measure.word] = (sent, item)
        if part is None and (_PART_OF.search(text[cs:c.start])
                             or _QIZHONG_BEFORE.search(text, max(0, cs - 6), cs)):
            part = first_in_sentence.get(sent)
            if part is None and cs == sent[0]:
                # …已有1496个完成换届；其中1203个村… / …共27件。其中已办结7件: the whole is in the
                # sentence before
                part = _first_of_sentence_before(text, sent, first_in_sentence)
        prev_end[sent] = (c.end + (len(item) if item and text.startswith(item, c.end) else 0),
                          about, part)
        record = _metric(text, c, item, about, sent, (cs, ce), all_dates, percents, catalogue, now)
        if whole_of is not None and isinstance((whole_of.value or {}).get("number"), int):
            record["of"] = int(whole_of.value["number"])
        whole = _whole_before(text, c.start, counts)
        if whole is not None and "of" not in record:
            record["of"] = whole  # 1528个村（社区）中，已有1496个完成换届
        if part is not None:
            record["part_of"] = part
            whole_number = metrics[part]["number"]
            if "of" not in record and isinstance(whole_number, int) and whole_number > (c.value or {}).get(
                    "number", 0):
                record["of"] = whole_number  # a part is counted out of its whole
        if "part_of" not in record and sent not in first_in_sentence:
            first_in_sentence[sent] = len(metrics)
        metrics.append(record)
    return metrics


CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")
# 其中， as a clause of its own before the part's clause
_QIZHONG_BEFORE = re.compile(r"(?:^|[，。；：\n])其中[，,：:]\s*$")
_AMONG = re.compile(r"中[，,]?(?:已经|已|共|均)?有?")
# A kind named before its count in a breakdown: 咨询类诉求, 举报类, “四闲院落”.
_KIND = re.compile(r"[\u4e00-\u9fff]{1,6}类[\u4e00-\u9fff]{0,4}|“[^”]{1,10}”[\u4e00-\u9fff]{0,4}")
_KIND_LEAD = re.compile(r"^(?:其中)?[：:]?")


def _in_brackets(text: str, cs: int, pos: int) -> bool:
    """Whether ``pos`` stands inside a bracket opened in its clause (an aside)."""
    seg = text[cs:pos]
    return seg.count("（") + seg.count("(") > seg.count("）") + seg.count(")")


def _category_before(text: str, cs: int, pos: int) -> str | None:
    """The kind named right before a count, alone in its clause or list item (其中：投诉类2954件,
    、求助类诉求15000件), or None when the words before it are more than a noun phrase."""
    seg = text[cs:pos]
    cut = max(seg.rfind("、"), seg.rfind("："), seg.rfind(":"))
    seg = _KIND_LEAD.sub("", seg[cut + 1:].strip()).strip()
    if not seg or len(seg) > 14 or "的" in seg:
        return None
    if _KIND.fullmatch(seg) or noun_before(seg) == seg:
        return seg
    return None


def _first_of_sentence_before(
    text: str, sent: tuple[int, int], first_in_sentence: dict[tuple[int, int], int]
) -> int | None:
    """The first metric of the sentence that ends where ``sent`` starts (white space between)."""
    for s in reversed(first_in_sentence):  # the latest sentence before: any earlier one is farther
        if s[1] <= sent[0]:
            return None if text[s[1]:sent[0]].strip() else first_in_sentence[s]
    return None


def _whole_of_kind(
    text: str, cs: int, pos: int, sent: tuple[int, int],
    first_in_sentence: dict[tuple[int, int], int], listing: tuple[int, tuple[int, int]] | None,
) -> int | None:
    """The whole a kind's count belongs to: the first metric of the sentence (or of the one
    before) when 其中 leads the kinds, else the whole whose kinds this sentence is listing."""
    led = text[sent[0]:cs].strip(" ，,：:\n") == "其中"  # 其中，咨询类诉求31000件
    if led or _PART_OF.search(text, cs, pos) or text[cs:pos].lstrip().startswith("其中"):
        first = first_in_sentence.get(sent)
        return first if first is not None else _first_of_sentence_before(text, sent, first_in_sentence)
    if listing is not None and (listing[1] == sent or (  # …；求助类诉求15000件: the list goes on
            listing[1][1] <= sent[0] and text[listing[1][1] - 1:listing[1][1]] in "；;"
            and not text[listing[1][1]:sent[0]].strip())):
        return listing[0]
    return None
# A whole, then what part of it reached a state: 40座已开工32座, 2400座已完成1810座.
_WHOLE_THEN_PART = re.compile(r"(?:目前|现)?(?:已经|已|共|累计)[\u4e00-\u9fff]{1,4}")


def _wholes_before_parts(text: str, counts: list[Candidate]) -> dict[int, Candidate]:
    """Start of a part's count → the count of its whole written right before it, same measure."""
    out: dict[int, Candidate] = {}
    for whole, part in zip(counts, counts[1:], strict=False):
        w, p = whole.value or {}, part.value or {}
        end = whole.end + len(w.get("item") or "")
        if (w.get("measure") and w.get("measure") == p.get("measure") and not w.get("item")
                and _WHOLE_THEN_PART.fullmatch(text, end, part.start)):
            out[part.start] = whole
    return out


def _compound_noun(phrase: str) -> str | None:
    """The noun phrase that ends ``phrase``, a compound noun with verbs inside it included
    (公厕改造提升目标任务, 户厕改建任务), a place, a whole (全县) or 的 before it left out.

    >>> _compound_noun("全县农村无害化卫生户厕改建任务"), _compound_noun("东安县公厕改造提升目标任务的")
    ('农村无害化卫生户厕改建任务', '公厕改造提升目标任务')
    """
    ws = words(phrase.removesuffix("的")[-30:])
    k = len(ws)
    if not k or not ws[-1][1].startswith("n") or ws[-1][1] == "ns":
        return None
    while k and (ws[k - 1][1][:1] in ("n", "j") or ws[k - 1][1] in ("vn", "an", "a", "b")
                 or (ws[k - 1][1] == "v" and k > 1 and ws[k - 2][1][:1] in ("n", "j", "v"))):
        if ws[k - 1][1] == "ns" or ws[k - 1][0][:1] in "全各本该":
            break
        k -= 1
    while k < len(ws) and not ws[k][1].startswith("n"):  # a modifier or a verb opens no phrase
        k += 1
    return "".join(w for w, _ in ws[k:]) or None


def _whole_before(text: str, start: int, counts: list[Candidate]) -> int | None:
    """The number of a count followed by 中 just before ``start``, the count's start
    (1528个村（社区）中，已有1496个…; 86个行政村中已有71个村…)."""
    for k in counts:
        item = (k.value or {}).get("item") or ""
        end = k.end + len(item)
        if (end < start and _AMONG.fullmatch(text, end, start)
                and isinstance((k.value or {}).get("number"), int)):
            return int(k.value["number"])
    return None


def _metric(text: str, c: Candidate, item: str | None, about: str, sent: tuple[int, int],
            clause: tuple[int, int], dates: list[Candidate], percents: list[Candidate],
            catalogue: Catalogue, now: str | None = None) -> Metric:
    """One metric record: its as-of date (截至… earlier on the line; 截至目前: ``now``),
    milestone, share."""
    record: Metric = {
        "kind": "metric", "number": c.value.get("number"), "item": item, "about": about,
        "as_of": None, "milestone": None, "evidence": [sent[0], sent[1]],
    }
    line_start = text.rfind("\n", 0, c.start) + 1
    before = [d for d in dates if line_start <= d.start < c.start
              and (len(str(d.value or "")) > 4 or d.attrs.get("modifier") == "as_of")]  # not 今年
    if before and before[-1].attrs.get("modifier") == "as_of":
        # 截至5月31日，… holds until another date is written (5月10日至15日…发现问题23个)
        record["as_of"] = before[-1].value
    elif now:
        said = list(_UNTIL_NOW.finditer(text, line_start, c.start))
        if said and not any(said[-1].end() <= d.start < c.start for d in dates):
            record["as_of"] = now  # 截至目前，共检查… : as of the document's date
    hit = None if _NEGATED.search(about) else catalogue.match(about)
    if hit:
        record["milestone"] = hit[0].key
    _add_share(text, sent, c, clause[1], percents, record)
    return record


def _add_share(text: str, sent: tuple[int, int], c: Candidate, ce: int,
               percents: list[Candidate], record: Metric) -> None:
    """A denominator and rate said in this clause or the next (已整改26件，占65件的40%)."""
    tail_end = ce
    if text.startswith("占", ce) or _RATE_CLAUSE.match(text, ce):  # 办结率达91.8%
        tail_end = clause_bounds(text, sent[0], sent[1], ce)[1]
    rate = [p for p in percents if c.end <= p.start < tail_end]
    if rate:
        record["rate"] = rate[0].value
    of = _OF_TOTAL.search(text[c.end:tail_end])
    if of:
        record["of"] = int(of.group("n"))
