"""Half-width punctuation read as full-width, every offset kept.

Many sites serve Chinese text with ASCII punctuation (县政府召开会议,部署工作:一是…). The rules
split clauses and lists at ，；：（）, so the pipeline and the record builders read a *folded*
copy of the text, where each of these ASCII marks stands as its full-width twin (one character
for one, so every offset is the same), and every string reported is taken back from the
original: the entities' texts by their offsets, the records' strings by where they stand in the
folded text (:func:`restore`). A comma or colon between digits (1,000, 12:00) is no punctuation
and stays as it is.

>>> fold("会议指出,要抓好落实(一是…):12:00前报送1,000份")
'会议指出，要抓好落实（一是…）：12:00前报送1,000份'
"""

from __future__ import annotations

import re

_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
_HALF = re.compile(r"(?<!\d),|,(?!\d)|(?<!\d):|:(?!\d)|[;()?!]")


def fold(text: str) -> str:
    """``text`` with its half-width punctuation as full-width (same length, same offsets)."""
    if not _HALF.search(text):
        return text
    return _HALF.sub(lambda m: _FULL[m.group()], text)


def restore(value: str, folded: str, original: str, near: int = 0) -> str:
    """A string read from ``folded`` (punctuation folded, traditional characters simplified:
    ``extractor.script``) as ``original`` writes it: found at or after ``near`` (else
    anywhere), the original's characters at that place; a string not found (built, not cut
    from the text) stays as it is, and so does each piece of one joined by spaces (a headline
    over two lines) that is found."""
    if folded is original or folded == original:
        return value
    at = folded.find(value, near)
    if at < 0:
        at = folded.find(value)
    if at >= 0:
        return original[at:at + len(value)]
    if " " in value.strip():
        return " ".join(restore(piece, folded, original, near) for piece in value.split(" "))
    return value
