"""Span scoring against the annotated corpora: the rule extractor and a jieba.posseg baseline.

A predicted span counts only when its start, end and label all equal a gold span's (partial
overlaps are both a false positive and a false negative). Scores are micro-averaged per label
and over all labels (key ``ALL``).

``evaluate_corpus_command`` is the body of ``jianbao evaluate --corpus NAME --split SPLIT``:

    jianbao evaluate --corpus pd1998 --split test --limit 500 --baseline
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.table import Table

from extractor.corpora import CORPORA, Example, ReadStats, Span, read_corpus

EXTRACTOR_LABELS = ("PERSON", "UNIT", "TITLE", "DATE")
BASELINE_LABELS = ("PERSON", "UNIT")
ALL = "ALL"
# jieba tags: nr person, nrfg / nrt (names in its dictionary), nt organisation, ns place.
POSSEG_LABELS = {"nr": "PERSON", "nrfg": "PERSON", "nrt": "PERSON", "nt": "UNIT", "ns": "LOC"}

Scores = dict[str, dict[str, float]]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def score_spans(
    gold: Sequence[Example],
    predicted: Sequence[Iterable[Span]],
    labels: Iterable[str] | None = None,
) -> Scores:
    """Exact-match P/R/F per label and over all (``ALL``); ``predicted[i]`` goes with ``gold[i]``.

    With ``labels``, spans of other labels (gold or predicted) are ignored; without, every
    label seen on either side is scored. Duplicate spans count once.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold examples but {len(predicted)} predictions")
    wanted = set(labels) if labels is not None else None
    counts: dict[str, list[int]] = {label: [0, 0, 0] for label in sorted(wanted or ())}
    for example, pred in zip(gold, predicted, strict=True):
        g = {s for s in example.spans if wanted is None or s[2] in wanted}
        p = {s for s in pred if wanted is None or s[2] in wanted}
        for span in g | p:
            tally = counts.setdefault(span[2], [0, 0, 0])
            tally[0 if span in g and span in p else 1 if span in p else 2] += 1
    scores = {label: _prf(*tally) for label, tally in sorted(counts.items())}
    totals = [sum(t[i] for t in counts.values()) for i in range(3)]
    scores[ALL] = _prf(*totals)
    return scores


@dataclass
class Evaluation:
    """Scores of one system on a list of examples, its running time (loading excluded), failures."""

    system: str
    scores: Scores
    examples: int
    seconds: float
    errors: list[str] = field(default_factory=list)


# --- the rule extractor ----------------------------------------------------------------------


def predict_extractor(examples: Sequence[Example], errors: list[str] | None = None) -> list[list[Span]]:
    """The rule pipeline's entities for each example text (a failure predicts nothing, noted)."""
    from extractor.components import get_entities
    from extractor.pipeline import load_nlp, run

    nlp = load_nlp()
    out: list[list[Span]] = []
    for example in examples:
        try:
            ents = get_entities(run(nlp, example.text))
        except Exception as exc:  # one bad text must not end a corpus run
            if errors is not None:
                errors.append(f"{example.id}: {type(exc).__name__}: {exc}")
            ents = []
        out.append([(e.start, e.end, e.label) for e in ents])
    return out


def evaluate_extractor(
    examples: Iterable[Example], labels: Iterable[str] = EXTRACTOR_LABELS, limit: int | None = None
) -> Evaluation:
    """Run the rule extractor over each example and score ``labels`` (first ``limit`` only)."""
    exs = list(examples)[:limit] if limit is not None else list(examples)
    errors: list[str] = []
    predict_extractor([Example("。", [], "warm-up")])  # load the pipeline and jieba outside the clock
    t0 = time.perf_counter()
    predicted = predict_extractor(exs, errors)
    seconds = time.perf_counter() - t0
    return Evaluation("rules", score_spans(exs, predicted, labels), len(exs), seconds, errors)


# --- the jieba.posseg baseline ---------------------------------------------------------------


@functools.cache
def _posseg() -> Any:
    """A private jieba.posseg tokenizer over a fresh jieba dictionary (the global one untouched)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def posseg_spans(text: str) -> list[Span]:
    """jieba.posseg names: nr* → PERSON, nt → UNIT, ns → LOC.

    A one-character nr followed by another nr is a surname jieba split from its given name, and
    the two are merged; other adjacent names stay apart (jieba writes whole names as one word).
    """
    spans: list[Span] = []
    offset = 0
    prev_surname = False
    for pair in _posseg().cut(text):
        word, flag = pair.word, pair.flag
        start, offset = offset, offset + len(word)
        label = POSSEG_LABELS.get(flag)
        if label == "PERSON" and prev_surname:
            spans[-1] = (spans[-1][0], offset, "PERSON")
            prev_surname = False
            continue
        if label is not None:
            spans.append((start, offset, label))
        prev_surname = label == "PERSON" and len(word) == 1
    return spans


def evaluate_posseg_baseline(
    examples: Iterable[Example], labels: Iterable[str] = BASELINE_LABELS, limit: int | None = None
) -> Evaluation:
    """Score the jieba.posseg baseline (PERSON and UNIT by default) on the examples."""
    exs = list(examples)[:limit] if limit is not None else list(examples)
    posseg_spans("。")  # load jieba's dictionary outside the clock
    t0 = time.perf_counter()
    predicted = [posseg_spans(e.text) for e in exs]
    seconds = time.perf_counter() - t0
    return Evaluation("jieba.posseg", score_spans(exs, predicted, labels), len(exs), seconds)


# --- the command ------------------------------------------------------------------------------


def corpus_labels(corpus: str, system_labels: Iterable[str]) -> list[str]:
    """The labels of ``system_labels`` that ``corpus`` annotates (TITLE only where it exists)."""
    have = set(CORPORA[corpus].project_labels)
    return [label for label in system_labels if label in have]


def evaluate_corpus_command(
    corpus: str, split: str, limit: int | None = None, baseline: bool = False
) -> Table:
    """Score the rule extractor (and with ``baseline`` jieba.posseg) on one corpus split.

    Raises ValueError for an unknown corpus or split, FileNotFoundError for a missing file.
    """
    stats = ReadStats()
    examples = list(read_corpus(corpus, split, limit, purpose="evaluate", stats=stats))
    runs = [evaluate_extractor(examples, corpus_labels(corpus, EXTRACTOR_LABELS))]
    if baseline:
        runs.append(evaluate_posseg_baseline(examples, corpus_labels(corpus, BASELINE_LABELS)))
    return scores_table(f"{corpus} {split}", runs, stats)


def scores_table(title: str, runs: Sequence[Evaluation], stats: ReadStats) -> Table:
    """A Rich table: one row per system and label, P/R/F in percent and the counts."""
    table = Table(title=f"NER scores: {title} ({stats.examples} examples, exact spans)")
    for name in ("system", "label", "P", "R", "F", "tp", "fp", "fn"):
        table.add_column(name, justify="left" if name in ("system", "label") else "right")
    for ev in runs:
        for label, s in ev.scores.items():
            table.add_row(ev.system, label, f"{100 * s['p']:.1f}", f"{100 * s['r']:.1f}",
                          f"{100 * s['f']:.1f}", str(int(s["tp"])), str(int(s["fp"])),
                          str(int(s["fn"])), end_section=label == ALL)
    notes = [f"{ev.system}: {ev.seconds:.1f} s" + (f", {len(ev.errors)} texts failed"
             if ev.errors else "") for ev in runs]
    if stats.problems:
        notes.append("read problems: " + ", ".join(f"{k} {v}" for k, v in stats.problems.items()))
    if stats.unmapped:
        notes.append("labels not scored: " + ", ".join(f"{k} {v}" for k, v in stats.unmapped.items()))
    table.caption = "; ".join(notes)
    return table
