"""Make character offsets line up with tokens by splitting the jieba tokens that straddle them."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token


def split_tokens_at(doc: Doc, offsets: Iterable[int]) -> None:
    """Split every token that an offset falls strictly inside (``doc`` is changed in place).

    Rules work on characters and jieba on words; rather than dropping a span that does not line
    up (spaCy's ``char_span`` returns None), the word is cut at the span's edge.
    """
    cuts: dict[int, list[int]] = {}
    wanted = sorted(set(offsets))
    if not wanted:
        return
    starts = [t.idx for t in doc]
    import bisect

    for off in wanted:
        i = bisect.bisect_right(starts, off) - 1
        if i < 0:
            continue
        tok = doc[i]
        if tok.idx < off < tok.idx + len(tok.text):
            cuts.setdefault(i, []).append(off - tok.idx)
    if not cuts:
        return
    with doc.retokenize() as retok:
        for i, rel in cuts.items():
            tok = doc[i]
            edges = [0, *sorted(set(rel)), len(tok.text)]
            orths = [tok.text[a:b] for a, b in zip(edges, edges[1:], strict=False)]
            heads: list[Token | tuple[Token, int]] = [(tok, k) for k in range(len(orths))]
            retok.split(tok, orths, heads=heads)
