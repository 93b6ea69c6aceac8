"""Shared loading of the unit and people word lists, and one cached segmentation per text.

The unit and people rules both look at jieba words and their dictionary tags; ``tokens(text)``
segments a text once (with the project's tokenizer) and remembers the last few texts, so the
two finders of one pipeline run share the work.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib.resources import files

from extractor.segment import jieba_tokenizer, pos_tokenizer

CJK = re.compile(r"[\u4e00-\u9fff]")


@functools.cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The data rows of ``extractor/data/<name>``: comments skipped, TSV header skipped."""
    path = files("extractor") / "data" / name
    out: list[tuple[str, ...]] = []
    header_seen = not name.endswith(".tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        out.append(tuple(part.strip() for part in line.split("\t")))
    return tuple(out)


def words(name: str) -> frozenset[str]:
    """The first column of a data file, as a set."""
    return frozenset(r[0] for r in rows(name) if r and r[0])


def alternation(items: set[str] | frozenset[str]) -> str:
    """A regex alternation that tries longer items first."""
    return "|".join(re.escape(w) for w in sorted(items, key=lambda w: (-len(w), w)))


@functools.cache
def tag_table() -> dict[str, str]:
    """Word → part-of-speech tag from jieba's dictionary and the project's user dictionary."""
    table: dict[str, str] = pos_tokenizer().word_tag_tab
    return table


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    tag: str


@functools.lru_cache(maxsize=4)
def tokens(text: str) -> tuple[Token, ...]:
    """jieba words of ``text`` with their dictionary tags ('x' when jieba does not know one)."""
    table = tag_table()
    out: list[Token] = []
    pos = 0
    for w in jieba_tokenizer().cut(text, HMM=True):
        if not w:
            continue
        tag = table.get(w, "x")
        if tag == "x" and w.isdigit():
            tag = "m"
        out.append(Token(w, pos, pos + len(w), tag))
        pos += len(w)
    return tuple(out)


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Spans inside 《…》 (document and work titles), where no unit or name is looked for."""
    return [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{0,80}》", text)]


def inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in ranges)
