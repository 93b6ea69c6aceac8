"""Readers for the public annotated corpora in ``../shared/corpora`` (never copied here).

Every reader yields ``Example(text, spans, id)`` with character offsets into ``text`` and the
corpus labels mapped to the project's labels (PERSON, UNIT, TITLE, LOC, DATE, COUNT); labels
with no counterpart (CLUENER ``game``, Resume ``EDU``, Weibo ``.NOM`` …) are counted in
``ReadStats.unmapped`` and dropped. Malformed lines are counted in ``ReadStats.problems``
with a few samples, never skipped silently. corpora/NOTES.md documents each mapping.

    stats = ReadStats()
    for ex in read_corpus("msra", "test", limit=100, stats=stats):
        ...

Splits that the corpora README marks as for reporting only are refused with
``purpose="train"``.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[int, int, str]
MAX_SAMPLES = 20
PURPOSES = ("train", "evaluate")


def corpora_dir() -> Path:
    """The corpora folder: $JIANBAO_CORPORA, else ``../shared/corpora`` beside the checkout."""
    env = os.environ.get("JIANBAO_CORPORA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


@dataclass
class Example:
    """One annotated sentence or paragraph; ``spans`` are ``(start, end, label)``, end exclusive.

    ``words`` holds the corpus's own segmentation and POS tags where it has them (People's
    Daily 1998), else None.
    """

    text: str
    spans: list[Span]
    id: str
    words: list[tuple[str, str]] | None = None

    def mentions(self) -> list[tuple[str, str]]:
        """``(text, label)`` of every span, in order."""
        return [(self.text[s:e], label) for s, e, label in self.spans]


@dataclass
class ReadStats:
    """What a reader read: examples, spans per project label, dropped labels, problems."""

    examples: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    unmapped: Counter[str] = field(default_factory=Counter)
    problems: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)

    def problem(self, kind: str, where: str, detail: str = "") -> None:
        self.problems[kind] += 1
        if len(self.samples) < MAX_SAMPLES:
            self.samples.append(f"{where}: {kind}" + (f" ({detail})" if detail else ""))

    def count(self, example: Example) -> None:
        self.examples += 1
        self.labels.update(label for _, _, label in example.spans)


# --- tagged character files (BIO, BMES) ------------------------------------------------------


def decode_tags(tags: list[str], stats: ReadStats, where: str) -> list[tuple[int, int, str]]:
    """BIO or BMES tags (one per character) → ``(start, end, source_label)`` spans.

    A continuation tag (I/M/E) without a matching open span starts a new span (as conlleval
    does) and is counted as a problem, as is a BMES span left open at the end.
    """
    spans: list[tuple[int, int, str]] = []
    open_start: int | None = None
    open_label = ""
    bmes = any(t[:2] in ("M-", "E-", "S-") for t in tags)

    def close(end: int) -> None:
        nonlocal open_start
        if open_start is not None:
            spans.append((open_start, end, open_label))
        open_start = None

    for i, tag in enumerate(tags):
        if tag == "O":
            if bmes and open_start is not None:
                stats.problem("span not closed by E-", where, f"char {i}")
            close(i)
            continue
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I", "M", "E", "S") or not label:
            stats.problem("unknown tag", where, tag)
            close(i)
            continue
        if prefix in ("B", "S"):
            if bmes and open_start is not None:
                stats.problem("span not closed by E-", where, f"char {i}")
            close(i)
            open_start, open_label = i, label
        elif open_start is None or open_label != label:
            stats.problem(f"{prefix}- without B-", where, f"char {i} {tag}")
            close(i)
            open_start, open_label = i, label
        if prefix in ("E", "S"):
            close(i + 1)
    if bmes and open_start is not None:
        stats.problem("span not closed by E-", where, "end of sentence")
    close(len(tags))
    return spans


def _char_of_weibo(token: str) -> str | None:
    """``科0`` → ``科``: Weibo tokens carry jieba's in-word position digits after the char."""
    m = re.fullmatch(r"(.+?)(\d+)", token)
    return m.group(1) if m else None


def read_tagged(
    path: Path,
    label_map: dict[str, str | None],
    stats: ReadStats,
    id_prefix: str,
    char_of: Callable[[str], str | None] = lambda tok: tok,
) -> Iterator[Example]:
    """A ``char<TAB or space>tag`` file, blank line between sentences (MSRA, Resume, Weibo …)."""
    chars: list[str] = []
    tags: list[str] = []
    first_line = 1
    n = 0

    def flush() -> Example | None:
        nonlocal n
        if not chars:
            return None
        n += 1
        where = f"{path.name}:{first_line}"
        spans: list[Span] = []
        for s, e, src in decode_tags(tags, stats, where):
            label = label_map.get(src)
            if label is None:
                stats.unmapped[src] += 1
            else:
                spans.append((s, e, label))
        return Example(text="".join(chars), spans=spans, id=f"{id_prefix}-{n}")

    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                example = flush()
                if example is not None:
                    yield example
                chars, tags, first_line = [], [], lineno + 1
                continue
            parts = line.split("\t") if "\t" in line else line.split(" ")
            char = char_of(parts[0]) if len(parts) == 2 else None
            if char is None or not parts[1]:
                stats.problem("malformed line", f"{path.name}:{lineno}", repr(line[:40]))
                continue
            chars.append(char)
            tags.append(parts[1])
    example = flush()
    if example is not None:
        yield example


# --- CLUENER (JSON lines) -------------------------------------------------------------------


def read_cluener(
    path: Path, label_map: dict[str, str | None], stats: ReadStats, id_prefix: str
) -> Iterator[Example]:
    """``{"text", "label": {label: {mention: [[start, end_inclusive], …]}}}`` per line."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path.name}:{lineno}"
            try:
                record = json.loads(line)
                text = record["text"]
                labels = record["label"]
            except (ValueError, KeyError, TypeError) as exc:
                stats.problem("malformed record", where, type(exc).__name__)
                continue
            spans: list[Span] = []
            for src, mentions in labels.items():
                for mention, offsets in mentions.items():
                    for start, end in offsets:
                        if text[start : end + 1] != mention:
                            stats.problem("offsets do not give the mention", where, mention)
                            continue
                        label = label_map.get(src)
                        if label is None:
                            stats.unmapped[src] += 1
                        else:
                            spans.append((start, end + 1, label))
            yield Example(text=text, spans=sorted(spans), id=f"{id_prefix}-{lineno}")


# --- People's Daily 1998-01 (word/POS tokens) ----------------------------------------------

PD_TOKEN = re.compile(r"(\[)?(.+)/([A-Za-z]+)(?:\]([a-z]+))?")
PD_ID = re.compile(r"(\d{4})(\d\d)(\d\d)-\d\d-\d{3}-\d{3}/m")
PD_DAYS = {"train": range(1, 26), "test": range(26, 32)}
PD_TAGS: dict[str, str] = {"nr": "PERSON", "nt": "UNIT", "ns": "LOC"}
PD_BRACKETS: dict[str, str] = {"nt": "UNIT", "ns": "LOC"}
NUMERAL = "0-9０-９〇○零一二三四五六七八九十百千万亿两"
DATE_WORD = re.compile(rf"[{NUMERAL}]+[年月日号]")
COUNT_NUMBER = re.compile(rf"[{NUMERAL}．.]*[{NUMERAL}][{NUMERAL}．.]*[多余]?")


@dataclass
class _Token:
    word: str
    pos: str
    start: int
    end: int
    group: int  # index of the enclosing [..] compound, -1 outside one
    covered: bool = False  # inside a compound that is itself an entity


def _split_names(run: list[_Token]) -> list[tuple[int, int]]:
    """A run of adjacent nr tokens → person spans.

    PKU splits a Chinese name into surname and given name (江/nr 泽民/nr): a run of two is one
    name. Lists of names are printed without separators (杜/nr 中武/nr 孙/nr 传刚/nr), so an
    even run of four or more whose every other token is a short surname is cut into pairs;
    any other run is kept as one name.
    """
    n = len(run)
    if n >= 4 and n % 2 == 0 and all(len(run[i].word) <= 2 for i in range(0, n, 2)):
        return [(run[i].start, run[i + 1].end) for i in range(0, n, 2)]
    return [(run[0].start, run[-1].end)]


def _pd_spans(tokens: list[_Token], brackets: list[Span]) -> list[Span]:
    spans = list(brackets)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.covered:
            i += 1
            continue
        j = i + 1

        def same(k: int, tok: _Token = tok) -> bool:
            return k < len(tokens) and not tokens[k].covered and tokens[k].group == tok.group

        if tok.pos == "nr":
            while same(j) and tokens[j].pos == "nr":
                j += 1
            spans += [(s, e, "PERSON") for s, e in _split_names(tokens[i:j])]
        elif tok.pos == "t" and DATE_WORD.fullmatch(tok.word):
            while same(j) and tokens[j].pos == "t" and DATE_WORD.fullmatch(tokens[j].word):
                j += 1
            spans.append((tok.start, tokens[j - 1].end, "DATE"))
        elif tok.pos == "m" and COUNT_NUMBER.fullmatch(tok.word):
            while same(j) and tokens[j].pos == "m":
                j += 1
            if same(j) and tokens[j].pos == "q":
                spans.append((tok.start, tokens[j].end, "COUNT"))
                j += 1
        elif tok.pos in PD_TAGS:
            spans.append((tok.start, tok.end, PD_TAGS[tok.pos]))
        i = j
    return sorted(spans)


def _parse_pd_line(line: str, where: str, stats: ReadStats) -> tuple[str, list[_Token], list[Span]]:
    tokens: list[_Token] = []
    brackets: list[Span] = []
    offset, group, n_groups, open_at = 0, -1, 0, 0
    parts: list[str] = []
    for raw in line.split()[1:]:
        m = PD_TOKEN.fullmatch(raw)
        if m is None:
            stats.problem("malformed token", where, raw)
            continue
        opens, word, pos, closes = m.groups()
        if opens:
            if group >= 0:
                stats.problem("nested [", where, raw)
            group, n_groups, open_at = n_groups, n_groups + 1, len(tokens)
        tokens.append(_Token(word, pos, offset, offset + len(word), group))
        parts.append(word)
        offset += len(word)
        if closes:
            if group < 0:
                stats.problem("] without [", where, raw)
                continue
            label = PD_BRACKETS.get(closes)
            if label is None:
                stats.unmapped[f"[..]{closes}"] += 1
            else:
                brackets.append((tokens[open_at].start, offset, label))
                for tok in tokens[open_at:]:
                    tok.covered = True
            group = -1
    if group >= 0:
        stats.problem("[ not closed", where)
    return "".join(parts), tokens, brackets


def read_pd1998(path: Path, split: str, stats: ReadStats) -> Iterator[Example]:
    """One example per paragraph line of the days of ``split`` (train 1–25, test 26–31)."""
    days = PD_DAYS[split]
    # CRLF line ends plus a few stray CRs: split on newlines only, strip CRs at the ends.
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.strip("\r\n ")
            if not line:
                continue
            where = f"{path.name}:{lineno}"
            head = line.split(None, 1)[0]
            m = PD_ID.fullmatch(head)
            if m is None:
                stats.problem("no paragraph ID", where, head[:30])
                continue
            if int(m.group(3)) not in days:
                continue
            text, tokens, brackets = _parse_pd_line(line, where, stats)
            if not text:
                continue
            words = [(t.word, t.pos) for t in tokens]
            yield Example(text, _pd_spans(tokens, brackets), head[:-2], words)


# --- the registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """One corpus: its folder, files per split, label mapping and reporting-only splits."""

    folder: str
    files: dict[str, str]
    labels: dict[str, str | None]
    reporting_only: frozenset[str]
    kind: str  # "tagged", "weibo", "cluener", "pd1998"

    @property
    def project_labels(self) -> tuple[str, ...]:
        return tuple(sorted({v for v in self.labels.values() if v}))


MSRA_LABELS: dict[str, str | None] = {"PER": "PERSON", "ORG": "UNIT", "LOC": "LOC"}

CORPORA: dict[str, Corpus] = {
    "pd1998": Corpus(
        "pd1998-01-pos", {"train": "199801.utf8.txt", "test": "199801.utf8.txt"},
        {"nr": "PERSON", "nt": "UNIT", "ns": "LOC", "t": "DATE", "m+q": "COUNT"},
        frozenset({"test"}), "pd1998",
    ),
    "msra": Corpus(
        "msra-ner", {"train": "msra_train_bio", "test": "msra_test_bio"},
        MSRA_LABELS, frozenset({"test"}), "tagged",
    ),
    "cluener": Corpus(
        "cluener2020", {"train": "train.json", "dev": "dev.json"},
        {"name": "PERSON", "government": "UNIT", "organization": "UNIT", "company": "UNIT",
         "position": "TITLE", "address": "LOC", "game": None, "scene": None, "book": None,
         "movie": None},
        frozenset({"dev"}), "cluener",
    ),
    "resume": Corpus(
        "resume-ner",
        {"train": "train.char.bmes", "dev": "dev.char.bmes", "test": "test.char.bmes"},
        {"NAME": "PERSON", "ORG": "UNIT", "TITLE": "TITLE", "EDU": None, "PRO": None,
         "CONT": None, "RACE": None, "LOC": None},
        frozenset({"dev", "test"}), "tagged",
    ),
    "peoples-daily": Corpus(
        "peoples-daily-ner", {"dev": "example.dev", "test": "example.test"},
        MSRA_LABELS, frozenset({"dev", "test"}), "tagged",
    ),
    "weibo": Corpus(
        "weibo-ner",
        {s: f"weiboNER_2nd_conll.{s}" for s in ("train", "dev", "test")},
        {"PER.NAM": "PERSON", "ORG.NAM": "UNIT", "GPE.NAM": "LOC", "LOC.NAM": "LOC",
         "PER.NOM": None, "ORG.NOM": None, "GPE.NOM": None, "LOC.NOM": None},
        frozenset(), "weibo",
    ),
}


def corpus_path(name: str, split: str, root: Path | None = None) -> Path:
    """The file that holds ``split`` of corpus ``name`` (ValueError for unknown names)."""
    if name not in CORPORA:
        raise ValueError(f"unknown corpus {name!r}; known: {', '.join(CORPORA)}")
    corpus = CORPORA[name]
    if split not in corpus.files:
        known = ", ".join(corpus.files)
        raise ValueError(f"corpus {name!r} has no labelled split {split!r}; known: {known}")
    return (root or corpora_dir()) / corpus.folder / corpus.files[split]


def read_corpus(
    name: str,
    split: str,
    limit: int | None = None,
    *,
    purpose: str = "evaluate",
    stats: ReadStats | None = None,
    root: Path | None = None,
) -> Iterator[Example]:
    """Examples of one split, labels mapped to the project's; ``stats`` is filled as it goes.

    Raises ValueError at once for an unknown corpus or split, or for a reporting-only split
    asked for with ``purpose="train"``; FileNotFoundError when the file is not there.
    """
    if purpose not in PURPOSES:
        raise ValueError(f"purpose must be one of {PURPOSES}, not {purpose!r}")
    path = corpus_path(name, split, root)
    corpus = CORPORA[name]
    if purpose == "train" and split in corpus.reporting_only:
        raise ValueError(f"{name} {split} is for reporting only (corpora README): never train on it")
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found (set JIANBAO_CORPORA to the corpora folder)")
    stats = stats if stats is not None else ReadStats()
    prefix = f"{name}-{split}"
    examples: Iterable[Example]
    if corpus.kind == "pd1998":
        examples = read_pd1998(path, split, stats)
    elif corpus.kind == "cluener":
        examples = read_cluener(path, corpus.labels, stats, prefix)
    elif corpus.kind == "weibo":
        examples = read_tagged(path, corpus.labels, stats, prefix, _char_of_weibo)
    else:
        examples = read_tagged(path, corpus.labels, stats, prefix)
    return _counted(examples, stats, limit)


def _counted(examples: Iterable[Example], stats: ReadStats, limit: int | None) -> Iterator[Example]:
    for n, example in enumerate(examples):
        if limit is not None and n >= limit:
            return
        stats.count(example)
        yield example
