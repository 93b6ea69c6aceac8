"""Quoted titles (《…》): spans of a text where no unit or person is looked for."""

from __future__ import annotations

import re

_QUOTED = re.compile(r"《[^《》\n]{0,80}》")


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Spans inside 《…》 (document and work titles), where no unit or name is looked for."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps one of ``ranges``."""
    return any(s < end and start < e for s, e in ranges)
