"""The milestone catalogue: what step of a campaign a record reaches (部署, 成立领导小组, …).

The catalogue is data (``extractor/data/milestones.jsonl``: key, Chinese name, order, trigger
regexes); a user may pass their own file with the same fields. The first entry whose trigger
matches wins, so the file lists specific steps before general ones (动员大会 before 召开会议).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from extractor import resources
from extractor.errors import ResourceError

DEFAULT = "milestones.jsonl"


@dataclass(frozen=True)
class Milestone:
    key: str
    name: str
    order: int
    triggers: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Catalogue:
    milestones: tuple[Milestone, ...]

    def match(
        self, phrase: str, names: Sequence[tuple[int, int]] = ()
    ) -> tuple[Milestone, re.Match[str]] | None:
        """The first milestone (in catalogue order) whose trigger occurs in ``phrase``.

        A trigger that starts inside one of ``names`` (spans of unit names in ``phrase``) does
        not count: 督导 in 县委第六督导组 is part of a name, not something the unit did.

        >>> m, _ = load_catalogue().match("召开了动员大会")
        >>> m.key
        'mobilization_meeting'
        >>> m, _ = load_catalogue().match("县委督导组召开第一次工作会议", names=[(0, 5)])
        >>> m.key
        'meeting_held'
        """
        for ms in self.milestones:
            for pat in ms.triggers:
                for hit in pat.finditer(phrase):
                    if not any(s <= hit.start() < e for s, e in names):
                        return ms, hit
        return None

    def keys(self) -> list[str]:
        return [m.key for m in self.milestones]


def _parse(lines: list[str], source: str) -> Catalogue:
    out: list[Milestone] = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            d = json.loads(line)
            ms = Milestone(
                key=str(d["key"]),
                name=str(d["name"]),
                order=int(d.get("order", n)),
                triggers=tuple(re.compile(t) for t in d["triggers"]),
            )
        except (ValueError, KeyError, TypeError, re.error) as exc:
            raise ResourceError(f"bad milestone entry: {exc}", path=source, line=n) from None
        out.append(ms)
    return Catalogue(tuple(out))


@functools.cache
def load_catalogue(path: str | None = None) -> Catalogue:
    """The default catalogue, or a user's JSONL file with the same fields."""
    if path is None:
        text = resources.read_text(DEFAULT)
        return _parse(text.splitlines(), DEFAULT)
    return _parse(Path(path).read_text(encoding="utf-8").splitlines(), str(path))
