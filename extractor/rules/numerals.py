"""Numerals: Chinese, Arabic and full-width number strings to numbers, and back.

cn2an does the positional Chinese arithmetic, but only ever on a numeral span that a regex has
already isolated: run on free text it rewrites words such as 一把手 into 1把手.

Known unsupported inputs (raise ``ValueError``):
- fractions written 三分之一 (percentages 百分之四十 are handled by ``rules.counts``);
- numbers with a unit suffix other than 万/亿 (K, M, 打, 对).
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

import cn2an

# Characters that may appear in a Chinese numeral span (lower and upper case, 两, 〇).
CN_DIGITS = "零〇○一二两三四五六七八九壹贰叁肆伍陆柒捌玖貳參陸兩"
CN_UNITS = "十百千万亿拾佰仟萬億廿卅"
CN_NUMERAL_CHARS = CN_DIGITS + CN_UNITS
# Digit-by-digit forms such as 二〇〇五 (years) have no positional unit.
_DIGIT_VALUE = {
    **dict.fromkeys("零〇○", 0),
    **dict(zip("一二三四五六七八九", range(1, 10), strict=True)),
    "两": 2,
}
_TRADITIONAL = str.maketrans(
    {"萬": "万", "億": "亿", "貳": "贰", "參": "叁", "陸": "陆", "兩": "两", "點": "点"}
)
_ARABIC_RE = re.compile(r"^[+-]?(?:\d+(?:[,，]\d{3})*)?(?:[.．]\d+)?$")
_MIXED_RE = re.compile(r"^(\d+(?:[.．]\d+)?)([万亿]+)$")
_CN_RE = re.compile(f"^[{CN_NUMERAL_CHARS}]+(?:点[{CN_DIGITS}]+)?$")
_TENS_RE = re.compile("[廿卅]")
_MULTIPLIER = {"万": 10_000, "亿": 100_000_000}


def _as_number(x: float | Decimal) -> int | float:
    """An integral value becomes an int so that 12000.0 compares and prints as 12000."""
    if isinstance(x, Decimal):
        return int(x) if x == x.to_integral_value() else float(x)
    return int(x) if float(x).is_integer() else float(x)


def digits_to_int(text: str) -> int:
    """A digit-by-digit Chinese numeral, as years are written.

    >>> digits_to_int("二〇〇五")
    2005
    """
    if not text or any(c not in _DIGIT_VALUE for c in text):
        raise ValueError(f"not a digit-by-digit numeral: {text!r}")
    return int("".join(str(_DIGIT_VALUE[c]) for c in text))


@functools.lru_cache(maxsize=4096)
def parse_number(text: str) -> int | float:
    """A number written with Arabic, full-width or Chinese numerals, 万/亿 folded in.

    >>> parse_number("1.2万"), parse_number("一百一十九"), parse_number("３９３")
    (12000, 119, 393)
    """
    s = text.strip().translate(_TRADITIONAL)
    if not s:
        raise ValueError("empty numeral")
    if _ARABIC_RE.match(s) and any(c.isdigit() for c in s):
        return _as_number(Decimal(s.replace(",", "").replace("，", "").replace("．", ".")))
    m = _MIXED_RE.match(s)
    if m:
        scale = 1
        for c in m.group(2):
            scale *= _MULTIPLIER[c]
        return _as_number(Decimal(m.group(1).replace("．", ".")) * scale)
    if not _CN_RE.match(s):
        raise ValueError(f"not a numeral: {text!r}")
    if len(s) > 1 and all(c in _DIGIT_VALUE for c in s) and "点" not in s:
        return digits_to_int(s)
    if _TENS_RE.search(s):  # 廿一 = 21, 五百卅四 = 534: cn2an knows 廿 alone only
        s = s.replace("廿", "二十").replace("卅", "三十")
    if s[0] in "十百千万亿拾佰仟":  # a bare unit (近百, 上千) means one of it
        s = "一" + s
    try:
        value = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError) as exc:
        # cn2an rejects a missing 零 after 亿 (五亿一千, as its own an2cn writes it).
        fallback = _positional(s)
        if fallback is None:
            raise ValueError(f"not a numeral: {text!r}") from exc
        return fallback
    return _as_number(value)


_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}


def _positional(s: str) -> int | None:
    """A positional integer numeral (lower case, 两, 零 optional), or None when it is not one."""
    high = wan = section = 0
    digit: int | None = None
    for c in s:
        if c in _DIGIT_VALUE:
            digit = _DIGIT_VALUE[c]
        elif c in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[c]
            digit = None
        elif c == "万":
            wan, section, digit = (section + (digit or 0)) * 10_000, 0, None
        elif c == "亿":
            high, wan, section, digit = (high + wan + section + (digit or 0)) * 10**8, 0, 0, None
        else:
            return None
    return high + wan + section + (digit or 0)


def cn_to_int(text: str) -> int:
    """An integer numeral in any supported script.

    >>> cn_to_int("二〇二四"), cn_to_int("两千")
    (2024, 2000)
    """
    value = parse_number(text)
    if not isinstance(value, int):
        raise ValueError(f"not an integer: {text!r}")
    return value


def int_to_cn(number: int) -> str:
    """The Chinese numeral for an integer below 10**16 (cn2an's range), positional.

    >>> int_to_cn(119)
    '一百一十九'
    """
    if number < 0:
        return "负" + int_to_cn(-number)
    return str(cn2an.an2cn(number, "low"))


__all__ = ["CN_NUMERAL_CHARS", "cn_to_int", "digits_to_int", "int_to_cn", "parse_number"]
