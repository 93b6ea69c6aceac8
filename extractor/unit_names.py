"""Canonical unit names: one name for every way a bulletin writes the same unit.

A unit is written many ways across documents; progress is counted per real unit, so the store
files each mention under a canonical name (``service.store.units``). The canonical name is found in
three steps, all pure functions of the name and the issuer's place:

    中共广东省直属机关工作委员会 → 广东省直属机关工作委员会          the 中共 / 中国共产党 prefix goes
    省直工委 (issuer in 广东)   → 广东省直工委                       a level prefix takes the place
                              → 广东省直属机关工作委员会             short forms are expanded

The place comes from :func:`place_of` (issuer, title, distribution of the bulletin); the
province and city names are the gazetteers in ``extractor/data/gazetteers``, the short forms
``gazetteers/unit_abbreviations.tsv``. This module needs no NLP model and no database.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from extractor.resources import cities, province_abbreviations, provinces, rows

CPC_PREFIX = re.compile(r"^(?:中国共产党|中共)(?!中央$)")
# A party committee written out in full (绵阳市委员会) is written 绵阳市委 in short.
COMMITTEE_IN_FULL = re.compile(r"(?<=[省市县区州旗盟])委员会$")
# Level prefixes a unit name may start with, and which place fills them in.
PROVINCE_LEVELS = ("自治区", "省")
CITY_LEVELS = ("自治州", "市", "州", "盟")
# After a level character these start words, not unit names (市场, 省内, 市民, 县级, 省长).
NOT_AFTER_LEVEL = tuple("场 内 外 民 级 属 县 区 长 会 情 容 值 各 镇 乡".split())
# A central supervision group 驻粤 is stationed in the issuer's province.
STATIONED = "驻"
SPACES = re.compile(r"\s+")


class Place(NamedTuple):
    """Where a bulletin comes from: full province and city names, each possibly unknown."""

    province: str | None = None
    city: str | None = None


@functools.cache
def _stems() -> tuple[str, ...]:
    """Department stems written after a level prefix (委组织部, 教育局), longest first."""
    stems = {r[0] for r in rows("gazetteers/provincial_departments.tsv") if r and r[0]}
    stems.update(("直", "党委"))  # 省直工委, 市直机关, 自治区党委
    for abbr, full in _abbreviations():
        stems.update((abbr, full))
    return tuple(sorted(stems, key=len, reverse=True))


@functools.cache
def _abbreviations() -> tuple[tuple[str, str], ...]:
    return tuple((r[0], r[1]) for r in rows("gazetteers/unit_abbreviations.tsv") if len(r) > 1)


@functools.cache
def _central_short() -> dict[str, str]:
    """Short names of central organs as whole names (中组部 → 中央组织部)."""
    out: dict[str, str] = {}
    for row in rows("gazetteers/central_organs.tsv"):
        if len(row) > 1 and row[1]:
            for short in row[1].split(","):
                if short.strip() and short.strip() != row[0]:
                    out[short.strip()] = row[0]
    return out


@functools.cache
def _abbreviation_re() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One alternation of every short form (longest first) and the full form of each group.

    政府 → 人民政府 must not touch 人民政府 again: a short form found inside its full form gets
    a look-behind for the full form's head and a look-ahead for its tail.
    """
    parts: list[str] = []
    fulls: list[str] = []
    for abbr, full in sorted(_abbreviations(), key=lambda p: -len(p[0])):
        if abbr == full:
            continue
        pat = re.escape(abbr)
        at = full.find(abbr)
        if at >= 0:
            head, tail = full[:at], full[at + len(abbr):]
            pat = (f"(?<!{re.escape(head)})" if head else "") + pat
            pat += f"(?!{re.escape(tail)})" if tail else ""
        parts.append(f"(?P<a{len(parts)}>{pat})")
        fulls.append(full)
    return re.compile("|".join(parts) or r"(?!)"), tuple(fulls)


def _full_province(name: str | None) -> str | None:
    """广东 / 广东省 → 广东省; a name not in the gazetteer keeps its level or gets 省."""
    if not name:
        return None
    name = name.strip()
    if name in provinces():
        return provinces()[name]
    return name if name.endswith(("省", "自治区", "市")) else name + "省"


def _full_city(name: str | None) -> str | None:
    """绵阳 / 绵阳市 → 绵阳市; a name not in the gazetteer keeps its level or gets 市."""
    if not name:
        return None
    name = name.strip()
    if name in cities():
        return cities()[name]
    return name if name.endswith(("市", "州", "盟", "地区")) else name + "市"


def _after_level(rest: str) -> bool:
    """Whether ``rest`` can follow a level prefix in a unit name (省 + 教育厅, 市 + 应急办)."""
    if any(rest.startswith(s) for s in _stems()):
        return True
    return len(rest) >= 2 and not rest.startswith(NOT_AFTER_LEVEL)


def qualify_unit(name: str, *, province: str | None = None, city: str | None = None) -> str:
    """Put the issuer's place in front of a level-prefixed short name.

    >>> qualify_unit("省教育厅", province="湖南")
    '湖南省教育厅'
    >>> qualify_unit("市委组织部", city="株洲")
    '株洲市委组织部'
    >>> qualify_unit("市场监督管理局", city="株洲")  # 市场 is no level prefix
    '市场监督管理局'
    """
    name = SPACES.sub("", name or "")
    prov, cty = _full_province(province), _full_city(city)
    if cty is None and prov is not None and prov.endswith("市"):
        cty = prov  # a municipality (北京市) is its own city
    for level in PROVINCE_LEVELS:
        if prov and prov.endswith(level) and name.startswith(level):
            rest = name[len(level):]
            if _after_level(rest):
                return prov + rest
    for level in CITY_LEVELS:
        if cty and cty.endswith(level) and name.startswith(level):
            rest = name[len(level):]
            if _after_level(rest):
                return cty + rest
    # A short place name before a department (湖南教育厅): the full place name.
    for table in (provinces(), cities()):
        for n in range(min(len(name) - 1, 4), 1, -1):
            short, rest = name[:n], name[n:]
            full = table.get(short)
            if full and full != short and rest in _stems():
                return full + rest
    return name


def expand_abbreviations(name: str) -> str:
    """Short department forms → full forms (人社厅 → 人力资源和社会保障厅).

    >>> expand_abbreviations("湖南省人社厅")
    '湖南省人力资源和社会保障厅'
    >>> expand_abbreviations("湖南省人民政府")
    '湖南省人民政府'
    """
    whole = _central_short().get(name)
    if whole:
        return whole
    pattern, fulls = _abbreviation_re()

    def repl(m: re.Match[str]) -> str:
        return fulls[int(str(m.lastgroup)[1:])]

    return pattern.sub(repl, name)


def canonical_unit(name: str, *, province: str | None = None, city: str | None = None) -> str:
    """The one name the registry files a unit mention under.

    >>> canonical_unit("省直工委", province="湖南") == canonical_unit("中共湖南省直属机关工作委员会")
    True
    """
    name = SPACES.sub("", name or "").replace("(", "（").replace(")", "）")
    name = CPC_PREFIX.sub("", name)
    name = qualify_unit(name, province=province, city=city)
    name = expand_abbreviations(name)
    return COMMITTEE_IN_FULL.sub("委", name)


@functools.cache
def _place_re() -> re.Pattern[str]:
    names = set(provinces()) | {c for c in cities() if c.endswith(("市", "州", "盟", "地区"))}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(alternation)


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _texts(v)


def place_of(bulletin: Any) -> Place:
    """The issuer's province and city, from a :class:`~extractor.document.Bulletin` or its dict.

    The province and city come from the bulletin's own names (issuer, printer, bulletin name,
    title). Without a province there, a unit stationed in one (中央驻湘督导组) gives it, and
    then a province named in the recipients or distribution lists. A city is only taken from
    the bulletin's own names: a provincial bulletin sent to one city's committee is no city's.
    """

    def get(field: str) -> Any:
        if isinstance(bulletin, Mapping):
            return bulletin.get(field)
        return getattr(bulletin, field, None)

    own = [t for f in ("issuer", "printer", "bulletin_name", "title") for t in _texts(get(f))]
    others = [t for f in ("recipients", "distribution") for t in _texts(get(f))]
    province, city = _places_in(own)
    if province is None:
        for t in own + others:
            for m in re.finditer(STATIONED + "(.)", t):
                province = province or province_abbreviations().get(m.group(1))
    if province is None:
        province = _places_in(others)[0]
    return Place(province, city)


def _places_in(texts: list[str]) -> tuple[str | None, str | None]:
    """The first province and the first city named in ``texts``, as full names."""
    province = city = None
    for t in texts:
        for m in _place_re().finditer(t):
            if m.group(0) in provinces():
                province = province or provinces()[m.group(0)]
            else:
                city = city or m.group(0)
    return province, city
