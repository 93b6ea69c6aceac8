"""Annotated examples → spaCy Docs and DocBins, counting every span that cannot be kept.

A gold span becomes an entity only when its edges fall on token edges; with the character
tokenizer the model is trained with (``spacy.blank("zh")``, segmenter ``char``) they always
do, but spans that overlap a span already kept, or whose edges fall inside a word of another
tokenizer (jieba), are counted in :class:`ConvertStats` and never dropped silently.

    python -m extractor.training.convert --out models/training/corpus   # the training DocBins
    python -m extractor.training.convert --measure 2000                 # chars vs jieba words
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from extractor.corpora import Example, ReadStats, read_corpus

# Labels the model learns; LOC is there to tell places (广东省) from units (广东省政府).
MODEL_LABELS = ("PERSON", "UNIT", "TITLE", "LOC")
MAX_SAMPLES = 20
CORPUS_KEY = "corpus"  # doc.user_data key: the corpus a training document comes from
# (corpus, split): the training parts named in the corpora README; never a reporting split.
TRAIN_SOURCES: tuple[tuple[str, str], ...] = (
    ("msra", "train"),
    ("pd1998", "train"),
    ("cluener", "train"),
    ("resume", "train"),
)
# Corpora that annotate TITLE; in the others (MSRA, People's Daily) a title is written O like any
# other word, which would teach the model that 记者 or 总经理 is never one. There, words that the
# annotating corpora mostly mark as titles are left unannotated (missing) instead.
TITLE_ANNOTATED = frozenset({"cluener", "resume"})
TITLE_MIN_COUNT = 2
TITLE_MIN_SHARE = 0.5
TITLE_MAX_LEN = 8

MakeDoc = Callable[[str], Doc]


@dataclass
class ConvertStats:
    """Spans seen and kept per label, and why the others were not kept."""

    examples: int = 0
    seen: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    misaligned: Counter[str] = field(default_factory=Counter)
    overlapping: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)
    other_labels: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)

    def note(self, kind: str, example: Example, span: tuple[int, int, str]) -> None:
        if len(self.samples) < MAX_SAMPLES:
            s, e, label = span
            self.samples.append(f"{example.id}: {kind} {label} {example.text[s:e]!r} [{s}:{e}]")

    @property
    def lost(self) -> int:
        """Spans of the wanted labels that did not become entities."""
        return sum(self.misaligned.values()) + sum(self.overlapping.values())

    def to_dict(self) -> dict[str, object]:
        # Not dataclasses.asdict: it rebuilds a Counter from (key, value) pairs and counts them.
        out: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in out.items():
            if isinstance(value, Counter):
                out[name] = dict(value)
        return out | {"lost": self.lost}


def char_nlp() -> Language:
    """The character-tokenised blank Chinese pipeline the model is trained on."""
    return spacy.blank("zh")  # default segmenter: "char"


def example_to_doc(
    make_doc: MakeDoc,
    example: Example,
    stats: ConvertStats,
    labels: Iterable[str] = MODEL_LABELS,
    unannotated: frozenset[str] = frozenset(),
) -> Doc:
    """The example's text as a Doc whose ``ents`` are its spans of ``labels``.

    Every other token is marked outside an entity (the corpora are fully annotated for the
    labels they have), except occurrences of the words in ``unannotated`` (titles, in a corpus
    that does not annotate them), which are marked missing. Spans that do not line up with
    tokens or overlap a longer kept span are counted in ``stats``.
    """
    wanted = set(labels)
    doc = make_doc(example.text)
    stats.examples += 1
    kept: list[Span] = []
    for span in sorted(example.spans, key=lambda x: (x[0], -x[1])):
        start, end, label = span
        if label not in wanted:
            stats.other_labels[label] += 1
            continue
        stats.seen[label] += 1
        ent = doc.char_span(start, end, label=label, alignment_mode="strict")
        if ent is None:
            stats.misaligned[label] += 1
            stats.note("misaligned", example, span)
            continue
        if kept and ent.start < kept[-1].end:
            stats.overlapping[label] += 1
            stats.note("overlapping", example, span)
            continue
        kept.append(ent)
        stats.kept[label] += 1
    missing = [doc[s:e] for s, e in _free_matches(doc, unannotated, kept)] if unannotated else []
    if missing:
        stats.missing["TITLE"] += len(missing)
    doc.set_ents(kept, missing=missing, default="outside")
    return doc


def _occurrences(text: str, words: frozenset[str] | set[str], max_len: int = TITLE_MAX_LEN):
    """Leftmost-longest occurrences of ``words`` in ``text``: (start, end) character offsets."""
    i, n = 0, len(text)
    while i < n:
        for length in range(min(max_len, n - i), 1, -1):
            if text[i:i + length] in words:
                yield i, i + length
                i += length
                break
        else:
            i += 1


def _free_matches(doc: Doc, words: frozenset[str], kept: Sequence[Span]) -> list[tuple[int, int]]:
    """Token ranges of ``words`` in the stretches of ``doc`` between the kept entities."""
    out = []
    edges = [0] + [x for ent in kept for x in (ent.start_char, ent.end_char)] + [len(doc.text)]
    for lo, hi in zip(edges[::2], edges[1::2], strict=True):
        for start, end in _occurrences(doc.text[lo:hi], words):
            span = doc.char_span(lo + start, lo + end, alignment_mode="strict")
            if span is not None:
                out.append((span.start, span.end))
    return out


def title_vocabulary(examples: Sequence[Example]) -> frozenset[str]:
    """Words the TITLE-annotating ``examples`` mostly mark as titles, with the lexicon's posts.

    A word is kept when it is marked a title at least ``TITLE_MIN_COUNT`` times and in at least
    ``TITLE_MIN_SHARE`` of its occurrences in those texts (学生 is a title in CLUENER only now
    and then; 记者 nearly always).
    """
    from extractor.resources import rows

    marked: Counter[str] = Counter(
        ex.text[s:e] for ex in examples for s, e, label in ex.spans
        if label == "TITLE" and 2 <= e - s <= TITLE_MAX_LEN
    )
    candidates = {w for w, n in marked.items() if n >= TITLE_MIN_COUNT}
    seen: Counter[str] = Counter()
    for ex in examples:
        for s, e in _occurrences(ex.text, candidates):
            seen[ex.text[s:e]] += 1
    words = {w for w in candidates if marked[w] >= TITLE_MIN_SHARE * max(seen[w], marked[w])}
    words |= {r[0] for r in rows("lexicons/titles.tsv") if 2 <= len(r[0]) <= TITLE_MAX_LEN}
    return frozenset(words)


def to_docbin(
    examples: Iterable[Example],
    make_doc: MakeDoc,
    stats: ConvertStats,
    labels: Iterable[str] = MODEL_LABELS,
) -> DocBin:
    """A DocBin of :func:`example_to_doc` for every example."""
    db = DocBin(store_user_data=False)
    for example in examples:
        db.add(example_to_doc(make_doc, example, stats, labels))
    return db


def alignment_report(examples: Sequence[Example], make_doc: MakeDoc) -> ConvertStats:
    """How many gold spans line up with the tokens of ``make_doc`` (nothing is written)."""
    stats = ConvertStats()
    for example in examples:
        example_to_doc(make_doc, example, stats)
    return stats


def read_training(
    sources: Iterable[tuple[str, str]] = TRAIN_SOURCES,
    limit: int | None = None,
    read_stats: dict[str, ReadStats] | None = None,
) -> list[Example]:
    """Examples of the training splits (``purpose="train"`` refuses reporting splits)."""
    out: list[Example] = []
    for name, split in sources:
        stats = ReadStats()
        out.extend(read_corpus(name, split, limit, purpose="train", stats=stats))
        if read_stats is not None:
            read_stats[f"{name}-{split}"] = stats
    return out


def build_corpus(
    out_dir: Path,
    sources: Iterable[tuple[str, str]] = TRAIN_SOURCES,
    limit: int | None = None,
    dev_fraction: float = 0.02,
    seed: int = 1998,
    titles_missing: bool = True,
) -> dict[str, object]:
    """Write ``train.spacy`` and ``dev.spacy`` (a seeded held-out part of the training splits).

    The dev part is for the training loop's own checkpoint choice, never for reported scores.
    In a corpus outside ``TITLE_ANNOTATED`` the words of :func:`title_vocabulary` are marked
    missing, in both parts: spaCy's scorer neither credits nor blames a prediction over missing
    tokens, so a title found in MSRA text is not counted wrong (``titles_missing=False``
    writes them O, as the corpus does).
    Returns (and writes as ``stats.json``) what was read and converted.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    make_doc = char_nlp().make_doc
    source_reports: list[dict[str, object]] = []
    report: dict[str, object] = {"sources": source_reports, "dev_fraction": dev_fraction, "seed": seed}
    # each document keeps its corpus's name (``user_data["corpus"]``): a model with annotation
    # styles (extractor.training.styles) learns each corpus's conventions apart
    train_db, dev_db = DocBin(store_user_data=True), DocBin(store_user_data=True)
    rng = random.Random(seed)
    totals = ConvertStats()
    read: list[tuple[str, str, ReadStats, list[Example]]] = []
    for name, split in sources:
        read_stats = ReadStats()
        examples = list(read_corpus(name, split, limit, purpose="train", stats=read_stats))
        read.append((name, split, read_stats, examples))
    titles: frozenset[str] = frozenset()
    if titles_missing:
        titles = title_vocabulary([ex for name, _, _, exs in read if name in TITLE_ANNOTATED
                                   for ex in exs])
        report["title_vocabulary"] = len(titles)
    for name, split, read_stats, examples in read:
        rng.shuffle(examples)
        n_dev = int(len(examples) * dev_fraction)
        stats = ConvertStats()
        unannotated = titles if name not in TITLE_ANNOTATED else frozenset()
        for i, example in enumerate(examples):
            doc = example_to_doc(make_doc, example, stats, unannotated=unannotated)
            doc.user_data[CORPUS_KEY] = name
            (dev_db if i < n_dev else train_db).add(doc)
        _add(totals, stats)
        chars = sum(len(e.text) for e in examples)
        source_reports.append(
            {"corpus": name, "split": split, "examples": len(examples), "chars": chars,
             "dev_examples": n_dev, "read_problems": dict(read_stats.problems),
             "unmapped": dict(read_stats.unmapped), "convert": stats.to_dict()}
        )
    train_db.to_disk(out_dir / "train.spacy")
    dev_db.to_disk(out_dir / "dev.spacy")
    report["total"] = totals.to_dict()
    report["train_docs"], report["dev_docs"] = len(train_db), len(dev_db)
    (out_dir / "stats.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return report


def _add(total: ConvertStats, part: ConvertStats) -> None:
    total.examples += part.examples
    for name in ("seen", "kept", "misaligned", "overlapping", "missing", "other_labels"):
        getattr(total, name).update(getattr(part, name))


def measure_tokenisation(per_corpus: int = 2000) -> dict[str, dict[str, object]]:
    """Gold spans lost to characters vs the project's jieba words, per training corpus."""
    from extractor.segment import JiebaTokenizer

    chars = char_nlp()
    jieba_doc = JiebaTokenizer(chars.vocab)
    out: dict[str, dict[str, object]] = {}
    for name, split in TRAIN_SOURCES:
        examples = list(read_corpus(name, split, per_corpus, purpose="train"))
        by_char = alignment_report(examples, chars.make_doc)
        by_word = alignment_report(examples, jieba_doc)
        out[f"{name}-{split}"] = {
            "examples": len(examples),
            "spans": sum(by_char.seen.values()),
            "char_misaligned": dict(by_char.misaligned),
            "jieba_misaligned": dict(by_word.misaligned),
            "jieba_lost_share": round(sum(by_word.misaligned.values())
                                      / max(1, sum(by_word.seen.values())), 4),
            "jieba_samples": by_word.samples[:5],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("models/training/corpus"))
    parser.add_argument("--limit", type=int, default=None, help="examples per corpus")
    parser.add_argument("--dev-fraction", type=float, default=0.02)
    parser.add_argument("--titles-as-corpus", action="store_true",
                        help="write titles O where a corpus does not annotate them (no missing)")
    parser.add_argument("--measure", type=int, default=0,
                        help="only measure span alignment (chars vs jieba) on N examples each")
    args = parser.parse_args(argv)
    if args.measure:
        result: object = measure_tokenisation(args.measure)
    else:
        result = build_corpus(args.out, limit=args.limit, dev_fraction=args.dev_fraction,
                              titles_missing=not args.titles_as_corpus)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
