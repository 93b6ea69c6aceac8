"""Entities → records (official, metric, event), each with its sentence as evidence.

- ``official``: a person with titles and campaign roles (``rules.officials``).
- ``metric``: a counted set of units or people that reached a state, as of a date:
  截至1月25日，119个单位都制定了实施方案 → number 119, item 单位, about 制定了实施方案, as_of the
  date; 其中 makes a count part of the one before it; 占65件的40% gives a denominator and a rate.
- ``event``: a named unit did a milestone step on a date: 市卫健委于4月8日召开动员大会;
  X日成立了Y领导小组 makes Y the unit (what is founded is the one the event is about).
Milestones come from the catalogue (``extractor.milestones``).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from typing import Any

import jieba.posseg

from extractor.document import Bulletin
from extractor.milestones import Catalogue, load_catalogue
from extractor.rules.officials import build_officials
from extractor.segment import jieba_tokenizer
from extractor.spans import Candidate

# Words between a count and its predicate that are not the predicate (都制定了 → 制定了).
_LEAD_ADVERBS = re.compile(r"^(?:都|均|全部|已全部|共|共计|累计|先后|分别|还|也|亦|基本)+")
_CLAUSE_END = "，,；;。！？：:"
_PART_OF = re.compile(r"其中[^，。；]{0,6}$")
_OF_TOTAL = re.compile(r"占(?:全部|总数|总量|全[省市县区乡镇村])?(?P<n>\d+)")
# Predicates that jieba does not tag as verbs.
_ROLE_VERBS = re.compile(r"^(?:任|担任|兼任|被|受到|获)")
_NOT_PREDICATES = {"有", "是", "占", "为", "达", "达到", "共有", "约", "近", "超过", "涉及", "包括"}
_COUNTABLE_MEASURES = set("个名家户位所项件人支座村批")


@functools.cache
def _pos_tokenizer() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(jieba_tokenizer())


def _is_predicate(phrase: str) -> bool:
    """Whether a clause part reads as a verb phrase (已完成换届, 选出了新书记, 任领导小组成员).

    >>> _is_predicate("选出了新书记"), _is_predicate("学习培训的时间")
    (True, False)
    """
    if _ROLE_VERBS.match(phrase):
        return True
    words = [(w, f) for w, f in _pos_tokenizer().cut(phrase[:12]) if w.strip()]
    k = 0
    while k < len(words) and words[k][1].startswith("d"):
        k += 1
    if k >= len(words) or not words[k][1].startswith("v"):
        return False
    nxt = words[k + 1][0] if k + 1 < len(words) else ""
    return nxt not in ("的", "之")


def _verb_before(phrase: str) -> tuple[str, str | None]:
    """The verb phrase that ends ``phrase`` (subject dropped) and the noun after it, if any.

    >>> _verb_before("全县已整改完成"), _verb_before("已整改问题")
    (('整改完成', None), ('整改', '问题'))
    """
    words = [(w, f) for w, f in _pos_tokenizer().cut(phrase[-12:]) if w.strip()]
    noun = None
    if len(words) >= 2 and words[-1][1].startswith("n") and words[-2][1].startswith("v"):
        noun = words.pop()[0]
    if not words or not words[-1][1].startswith("v") or words[-1][0] in _NOT_PREDICATES:
        return "", None
    k = len(words) - 1
    while k > 0 and words[k - 1][1][:1] in ("v", "d"):
        k -= 1
    return _LEAD_ADVERBS.sub("", "".join(w for w, _ in words[k:]).lstrip("已经")), noun


def _clause_bounds(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The clause of ``text[start:end]`` around ``pos`` (split at ，；： outside 《》 and brackets)."""
    depth = 0
    bounds = [start]
    for i in range(start, end):
        ch = text[i]
        if ch in "《（(“":
            depth += 1
        elif ch in "》）)”" and depth:
            depth -= 1
        elif depth == 0 and ch in _CLAUSE_END:
            bounds.append(i + 1)
    bounds.append(end)
    k = bisect_right(bounds, pos) - 1
    k = max(0, min(k, len(bounds) - 2))
    return bounds[k], bounds[k + 1]


def _sentence_of(sentences: list[tuple[int, int]], starts: list[int], pos: int) -> tuple[int, int]:
    k = bisect_right(starts, pos) - 1
    return sentences[k] if k >= 0 else (pos, pos)


def _strip_end(s: str) -> str:
    return s.strip().rstrip(_CLAUSE_END + "、").strip()


def build_metrics(
    text: str, entities: list[Candidate], sentences: list[tuple[int, int]], catalogue: Catalogue
) -> list[dict[str, Any]]:
    starts = [s for s, _ in sentences]
    metrics: list[dict[str, Any]] = []
    dates = [e for e in entities if e.label == "DATE"]
    percents = [e for e in entities if e.label == "PERCENT"]
    prev_in_sentence: dict[tuple[int, int], int] = {}
    for c in (e for e in entities if e.label == "COUNT"):
        value = c.value or {}
        item = value.get("item")
        if value.get("measure") not in _COUNTABLE_MEASURES:
            continue
        if text[max(0, c.start - 1):c.start] == "等":  # 张三、李四等三位同志: a list, not a metric
            continue
        sent = _sentence_of(sentences, starts, c.start)
        after = c.end
        if item and item in text[c.end:c.end + 40]:
            after = c.end + text[c.end:].find(item) + len(item)
        _cs, ce = _clause_bounds(text, sent[0], sent[1], c.start)
        about = _strip_end(_LEAD_ADVERBS.sub("", text[after:ce]))
        if not (item and about and _is_predicate(about)):
            # the count as object: 全县已整改完成26件 → about 整改完成
            about, noun = _verb_before(text[_clause_bounds(text, sent[0], sent[1], c.start)[0]:c.start])
            if not about:
                continue
            item = item or noun
        record: dict[str, Any] = {
            "kind": "metric",
            "number": value.get("number"),
            "item": item,
            "about": about,
            "as_of": None,
            "milestone": None,
            "evidence": [sent[0], sent[1]],
        }
        line_start = text.rfind("\n", 0, c.start) + 1
        as_of = [d for d in dates if line_start <= d.start < c.start and d.attrs.get("modifier") == "as_of"]
        if as_of:
            record["as_of"] = as_of[-1].value
        hit = catalogue.match(about)
        if hit:
            record["milestone"] = hit[0].key
        cs, _ = _clause_bounds(text, sent[0], sent[1], c.start)
        if _PART_OF.search(text[cs:c.start]) and sent in prev_in_sentence:
            record["part_of"] = prev_in_sentence[sent]
        # 已整改26件，占65件的40%: the share is said in the clause that follows
        tail_end = ce
        if text.startswith("占", ce):
            tail_end = _clause_bounds(text, sent[0], sent[1], ce)[1]
        rate = [p for p in percents if c.end <= p.start < tail_end]
        if rate:
            record["rate"] = rate[0].value
        tail = text[c.end:tail_end]
        of = _OF_TOTAL.search(tail)
        if of:
            record["of"] = int(of.group("n"))
        if "part_of" not in record:
            prev_in_sentence[sent] = len(metrics)
        metrics.append(record)
    return metrics


def build_events(
    text: str, entities: list[Candidate], sentences: list[tuple[int, int]], catalogue: Catalogue
) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    units = [e for e in entities if e.label == "UNIT" and not e.attrs.get("collective")]
    dates = [e for e in entities if e.label == "DATE"]
    seen: set[tuple[str, str | None, str]] = set()
    for sent in sentences:
        s_units = [u for u in units if sent[0] <= u.start < sent[1]]
        s_dates = [d for d in dates if sent[0] <= d.start < sent[1]]
        for d in s_dates:
            if d.attrs.get("modifier") in ("as_of", "before"):
                continue
            cs, ce = _clause_bounds(text, sent[0], sent[1], d.start)
            if text[cs:ce].strip(_CLAUSE_END + " ") == d.text:  # 1月17日，省委对…部署: next clause
                cs, ce = _clause_bounds(text, sent[0], sent[1], ce)
            clause = text[cs:ce]
            hit = catalogue.match(text[max(cs, d.end):ce] if d.start < cs + 2 else clause)
            if not hit:
                continue
            ms, m = hit
            trig_pos = (max(cs, d.end) if d.start < cs + 2 else cs) + m.start()
            unit = _event_unit(text, s_units, cs, ce, trig_pos, ms.key)
            if unit is None:
                continue
            what = _strip_end(text[max(unit.end if unit.end <= trig_pos else cs, d.end, cs):ce])
            what = re.sub(r"^(?:于|在|，|、)+", "", what)
            what = re.sub(r"(?:后|之后|以后|时)$", "", what) or m.group(0)
            if unit.start > trig_pos:
                what = _strip_end(m.group(0))
            key = (unit.text, d.value, ms.key)
            if key in seen:
                continue
            seen.add(key)
            events.append({
                "kind": "event",
                "unit": unit.text,
                "date": d.value,
                "what": what,
                "milestone": ms.key,
                "evidence": [sent[0], sent[1]],
            })
    return events


def _event_unit(
    text: str, units: list[Candidate], cs: int, ce: int, trig: int, milestone: str
) -> Candidate | None:
    """The unit an event is about: the subject before the trigger, or what 成立 founds."""
    if milestone == "leadership_group":
        founded = [u for u in units if trig <= u.start < ce]
        if founded:
            return founded[0]
    before = [u for u in units if cs <= u.start and u.end <= trig]
    if before:
        # the subject comes first in a Chinese clause (省直工委于1月19日发出…)
        return before[0]
    return None


def build_records(
    doc: Bulletin,
    entities: list[Candidate],
    sentences: list[tuple[int, int]],
    catalogue: Catalogue | None = None,
) -> list[dict[str, Any]]:
    """All records of a document, officials first, then metrics and events in text order."""
    catalogue = catalogue or load_catalogue()
    records: list[dict[str, Any]] = []
    records.extend(build_officials(doc.text, entities, sentences))
    metrics = build_metrics(doc.text, entities, sentences, catalogue)
    for m in metrics:  # part_of points into the whole records list
        if "part_of" in m:
            m["part_of"] += len(records)
    records.extend(metrics)
    records.extend(build_events(doc.text, entities, sentences, catalogue))
    return records
