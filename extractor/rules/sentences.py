"""Sentence boundaries for Chinese bulletin text."""

from __future__ import annotations

# A sentence ends at 。！？；!? (and …… ) unless inside 《》 or quotes, and always at a newline.
_END = set("。！？；!?")
_OPEN = {"《": "》", "“": "”", "「": "」", "『": "』"}
_CLOSERS = set("”’」』）)》")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (blank lines and whitespace skipped).

    >>> t = "省委召开会议。各单位认真部署；“一把手”任组长。"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['省委召开会议。', '各单位认真部署；', '“一把手”任组长。']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    depth: list[str] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            _push(text, spans, start, i)
            start = i + 1
            depth.clear()
        elif ch in _OPEN:
            depth.append(_OPEN[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch in _END and not depth:
            j = i + 1
            while j < n and (text[j] in _END or text[j] in _CLOSERS):
                j += 1
            _push(text, spans, start, j)
            start = j
            i = j
            continue
        i += 1
    _push(text, spans, start, n)
    return spans


def _push(text: str, spans: list[tuple[int, int]], s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


