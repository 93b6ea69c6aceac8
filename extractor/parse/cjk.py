"""Character-level clean-up of PDF text: look-alike ideographs, CJK character classes.

PDF text layers often carry Kangxi radicals (⼀ U+2F00) or CJK compatibility ideographs in
place of unified ideographs (一 U+4E00); they break search and segmentation. A targeted table
(``data/lexicons/kangxi_map.tsv``) maps them; blanket NFKC is not used because it would also
fold full-width punctuation (，→ ,).
"""

from __future__ import annotations

import functools

from extractor.errors import ResourceError
from extractor.resources import numbered_rows

KANGXI_MAP_FILE = "kangxi_map.tsv"


@functools.cache
def ideograph_table() -> dict[int, str]:
    """The look-alike → unified ideograph table, for ``str.translate``."""
    table: dict[int, str] = {}
    for lineno, cols in numbered_rows(f"lexicons/{KANGXI_MAP_FILE}"):
        try:
            source, target = (int(c.removeprefix("U+"), 16) for c in cols[:2])
        except ValueError:
            raise ResourceError("expected two U+XXXX columns", path=KANGXI_MAP_FILE,
                                line=lineno) from None
        table[source] = chr(target)
    return table


def unify_ideographs(text: str) -> str:
    """Replace Kangxi radicals and compatibility ideographs by unified ideographs.

    >>> unify_ideographs("⼀是加强领导，⼯作有⼒")
    '一是加强领导，工作有力'
    """
    return text.translate(ideograph_table())


def is_cjk(ch: str) -> bool:
    """An ideograph, kana, or CJK/full-width punctuation: text written without spaces.

    >>> is_cjk("省"), is_cjk("，"), is_cjk("1"), is_cjk("A")
    (True, True, False, False)
    """
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF  # radicals, CJK punctuation, kana, ext A, unified
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F  # CJK compatibility forms
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms
        or 0x20000 <= cp <= 0x3FFFF
        or ch in "“”‘’—…·"
    )
