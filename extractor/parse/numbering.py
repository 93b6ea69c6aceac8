"""Word automatic numbering (numbering.xml) rendered as text: 一、 （一） 1. ….

Word keeps list numbers out of the paragraph text; in 公文 they carry the structure (一、 for
the first level, （一） for the second), so they are rendered back in front of the text.
Counters run per numId, and a level restarts when a higher level moves on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"

_CN_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
# Formats that carry no order (bullets) are not rendered.
_SILENT_FORMATS = {"bullet", "none"}


def chinese_counting(n: int) -> str:
    """Word's chineseCounting: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 105 → 一百零五.

    >>> [chinese_counting(n) for n in (1, 10, 12, 20, 21, 105)]
    ['一', '十', '十二', '二十', '二十一', '一百零五']
    """
    if n <= 0 or n >= 10000:
        return str(n)
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero:
                parts.append("零")
                zero = False
            if not (unit == "十" and digit == 1 and n < 20):
                parts.append(_CN_DIGITS[digit])
            parts.append(unit)
        elif parts:
            zero = True
    return "".join(parts)


def format_number(n: int, fmt: str) -> str:
    """A counter in one of Word's numFmt values (ST_NumberFormat)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographLegalTraditional"):
        return chinese_counting(n)
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("ideographTraditional",) and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        out, rest = "", n
        for value, sym in _ROMAN:
            while rest >= value:
                out, rest = out + sym, rest - value
        return out.upper() if fmt == "upperRoman" else out
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """The lists of one document and their running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_element(cls, root: Any | None) -> Numbering:
        """Read a w:numbering element (python-docx's numbering part element, or None)."""
        self = cls()
        if root is None:
            return self
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iter(_W + "abstractNum"):
            abstract[an.get(_W + "abstractNumId", "")] = {
                int(lvl.get(_W + "ilvl", "0")): _read_level(lvl) for lvl in an.iter(_W + "lvl")
            }
        for num in root.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            base = abstract.get(ref.get(_W + "val", "") if ref is not None else "", {})
            levels = dict(base)
            for override in num.iter(_W + "lvlOverride"):
                ilvl = int(override.get(_W + "ilvl", "0"))
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _read_level(lvl)
                start = override.find(_W + "startOverride")
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = _Level(old.fmt, old.text, int(start.get(_W + "val", "1")))
            self.levels[num.get(_W + "numId", "")] = levels
        return self

    def render(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and return the label, '' for bullets."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a sub-list restarts under each new parent item
        level = levels[ilvl]
        if level.fmt in _SILENT_FORMATS:
            return ""
        label = level.text
        for k in range(9):
            placeholder = f"%{k + 1}"
            if placeholder in label:
                sub = levels.get(k, _Level())
                value = counters.get(k, sub.start)
                label = label.replace(placeholder, format_number(value, sub.fmt))
        return label


def _read_level(lvl: Any) -> _Level:
    def val(tag: str, default: str) -> str:
        el = lvl.find(_W + tag)
        return el.get(_W + "val", default) if el is not None else default

    try:
        start = int(val("start", "1"))
    except ValueError:
        start = 1
    return _Level(fmt=val("numFmt", "decimal"), text=val("lvlText", ""), start=start)
