"""Full written dates of a document's head or signature (成文日期), Arabic or Chinese numerals."""

from __future__ import annotations

import re

import cn2an

_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "О": "0", "一": "1", "二": "2", "三": "3",
           "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN = "〇零○Ｏ一二三四五六七八九十"
_WRITTEN = re.compile(
    rf"^\s*(?P<y>\d{{4}}|[{_CN}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{_CN}]{{1,4}})\s*日\s*$"
)


def _number(s: str) -> int:
    if s.isdigit():
        return int(s)
    return int(cn2an.cn2an(s, "smart"))


def parse_written_date(text: str) -> str | None:
    """ISO date of a line that is nothing but a full date, else None.

    >>> parse_written_date("二〇〇五年一月二十七日"), parse_written_date("2016年3月8日")
    ('2005-01-27', '2016-03-08')
    """
    m = _WRITTEN.match(text.translate(_FULLWIDTH))
    if not m:
        return None
    y = m.group("y")
    year = int(y) if y.isdigit() else int("".join(_DIGITS.get(c, c) for c in y))
    try:
        month, day = _number(m.group("m")), _number(m.group("d"))
    except (ValueError, TypeError):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
