"""The one reader of the data files under ``extractor/data`` (provenance: ``extractor/data/README.md``).

Every rule, normaliser and parser reads its word lists, gazetteers and tables through here, so a
file is read and split once per process, by one convention:

- blank lines and lines starting with ``#`` are comments;
- a ``.tsv`` file's first data line is its header (column names) and is skipped;
- fields are tab-separated and stripped.

>>> ("北京市", "北京", "京") in rows("gazetteers/provinces.tsv")
True
>>> "干部" in words("lexicons/non_units.txt")
True
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files
from importlib.resources.abc import Traversable

DATA = "data"


def path(name: str) -> Traversable:
    """The data file ``extractor/data/<name>`` (for readers that need the file itself)."""
    return files("extractor") / DATA / name


def read_text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


@functools.cache
def numbered_rows(name: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """``(line number, fields)`` of every data row, for readers that report a bad line."""
    out: list[tuple[int, tuple[str, ...]]] = []
    header_seen = not name.endswith(".tsv")
    for lineno, line in enumerate(read_text(name).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        out.append((lineno, tuple(part.strip() for part in line.split("\t"))))
    return tuple(out)


@functools.cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The data rows of a file, each as its stripped fields."""
    return tuple(fields for _, fields in numbered_rows(name))


@functools.cache
def words(name: str) -> frozenset[str]:
    """The first column of a data file, as a set."""
    return frozenset(r[0] for r in rows(name) if r and r[0])


def alternation(items: set[str] | frozenset[str]) -> str:
    """A regex alternation of ``items`` that tries longer items first."""
    return "|".join(re.escape(w) for w in sorted(items, key=lambda w: (-len(w), w)))


# Places (gazetteers/provinces.tsv, gazetteers/cities.txt): one reading for the unit finder and
# the unit-name normaliser.


@functools.cache
def provinces() -> dict[str, str]:
    """Full and short province names → the full name (广东 → 广东省)."""
    out: dict[str, str] = {}
    for row in rows("gazetteers/provinces.tsv"):
        for form in row[:2]:
            if form:
                out[form] = row[0]
    return out


@functools.cache
def province_abbreviations() -> dict[str, str]:
    """One-character province abbreviations → the full name (粤 → 广东省)."""
    return {r[2]: r[0] for r in rows("gazetteers/provinces.tsv") if len(r) > 2 and r[2]}


@functools.cache
def cities() -> dict[str, str]:
    """Full city names, and short ones of two characters or more, → the full name."""
    out: dict[str, str] = {}
    for (city, *_rest) in rows("gazetteers/cities.txt"):
        out[city] = city
        short = re.sub(r"(市|地区|盟)$", "", city)
        if len(short) >= 2:
            out.setdefault(short, city)
    return out


@functools.cache
def place_names() -> frozenset[str]:
    """Every province and city name, full and short (广东省, 广东, 绵阳市, 绵阳)."""
    return frozenset(provinces()) | frozenset(cities())
