"""Traditional characters read as simplified, every offset kept.

Some pages reach an office in traditional characters (a site's big5 gateway, a document from
Hong Kong or Macao). The dictionaries, jieba and the model know simplified text, so the pipeline
and the structure finder read a *simplified* copy of such a text: OpenCC's ``t2s`` conversion
(phrase-aware: 乾隆 stays, 發展 → 发展), kept only where it maps each character to one character,
so that every offset is the same and every string reported is taken back from the original
(``extractor.punctuation.restore``). A text in simplified characters is left as it is.

>>> to_simplified("國務院關於開展全國農業普查工作的通知")
'国务院关于开展全国农业普查工作的通知'
>>> to_simplified("国务院关于开展普查的通知") == "国务院关于开展普查的通知"
True
"""

from __future__ import annotations

import functools

import opencc

# Share of Chinese characters t2s changes above which a text is read as traditional: simplified
# text has a few characters that t2s maps (著 in some phrases), traditional text has many.
TRADITIONAL_SHARE = 0.02
MIN_CHANGED = 3


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _same_length(text: str) -> str:
    """``text`` converted, line by line, a line whose length would change converted by character."""
    conv = _converter()
    whole = conv.convert(text)
    if len(whole) == len(text):
        return whole
    out = []
    for line in text.splitlines(keepends=True):
        converted = conv.convert(line)
        if len(converted) != len(line):
            converted = "".join(ch2 if len(ch2 := conv.convert(ch)) == 1 else ch for ch in line)
        out.append(converted)
    return "".join(out)


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters (see TRADITIONAL_SHARE)."""
    return to_simplified(text) is not text


def simplified_piece(piece: str) -> str:
    """A piece of a traditional text (a block, a line) in simplified characters, same length."""
    return _same_length(piece)


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, same length and offsets, when it is written in
    traditional ones; else ``text`` itself."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if not cjk:
        return text
    converted = _same_length(text)
    changed = sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    if changed < MIN_CHANGED or changed / cjk < TRADITIONAL_SHARE:
        return text
    return converted
