"""Agreement between two annotators' keys of the same documents, field by field.

Each field is scored as one annotator (A) against the other (B), so F1 is symmetric: required
entities matched on their surface (an item matches when the two give a surface in common, its
text or an alternative), DATE values and COUNT values compared where both marked the mention,
officials by name (titles and roles of the names both give), metrics by number and item,
events by unit and date, sections and distribution as sets, structure fields one by one where
both keys give the field.

    python scripts/key_agreement.py corpora/real/dev corpora/real/second
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.evaluation.keys import ENTITY_LABELS, STRUCTURE_FIELDS, Tally

_NOWS = str.maketrans("", "", " \t\n\u3000")


def _nows(s: Any) -> str:
    return str(s or "").translate(_NOWS)


def _surfaces(item: Any) -> set[str]:
    if isinstance(item, str):
        return {item}
    return {item["text"], *item.get("alternatives", [])}


def _set_tally(a: Iterable[Any], b: Iterable[Any]) -> Tally:
    sa, sb = set(a), set(b)
    return Tally(tp=len(sa & sb), fp=len(sb - sa), fn=len(sa - sb))


@dataclass
class Agreement:
    """Micro totals over documents: a Tally per field, and [agree, compared] for values."""

    fields: dict[str, Tally] = field(default_factory=dict)
    values: dict[str, list[int]] = field(default_factory=dict)
    documents: int = 0

    def tally(self, name: str) -> Tally:
        return self.fields.setdefault(name, Tally())

    def value(self, name: str, same: bool) -> None:
        v = self.values.setdefault(name, [0, 0])
        v[0] += same
        v[1] += 1

    def rows(self) -> list[tuple[str, str]]:
        out = [(name, f"F1 {t.f:.2f} (both {t.tp}, only A {t.fn}, only B {t.fp})")
               for name, t in self.fields.items()]
        out += [(name, f"{ok}/{n} agree ({ok / n:.2f})" if n else "-")
                for name, (ok, n) in self.values.items()]
        return out


def _entities(a: dict[str, Any], b: dict[str, Any], label: str, out: Agreement) -> None:
    ra = (a.get("entities", {}).get(label) or {}).get("required", [])
    rb = (b.get("entities", {}).get(label) or {}).get("required", [])
    unmatched = list(rb)
    tally = out.tally(label)
    for item in ra:
        hit = next((x for x in unmatched if _surfaces(x) & _surfaces(item)), None)
        if hit is None:
            tally.fn += 1
            continue
        unmatched.remove(hit)
        tally.tp += 1
        if label == "DATE" and isinstance(item, dict) and isinstance(hit, dict):
            out.value("DATE value", item.get("value") == hit.get("value"))
        if label == "COUNT" and isinstance(item, dict) and isinstance(hit, dict):
            out.value("COUNT number", item.get("number") == hit.get("number"))
            out.value("COUNT item", _nows(item.get("item")) == _nows(hit.get("item")))
    tally.fp += len(unmatched)


def compare(a: dict[str, Any], b: dict[str, Any], out: Agreement | None = None) -> Agreement:
    """Add the agreement of key ``a`` with key ``b`` (the same document) to ``out``."""
    out = out or Agreement()
    out.documents += 1
    for label in ENTITY_LABELS:
        if label in a.get("entities", {}) or label in b.get("entities", {}):
            _entities(a, b, label, out)
    oa = {_nows(o["name"]): o for o in a.get("officials", [])}
    ob = {_nows(o["name"]): o for o in b.get("officials", [])}
    out.tally("officials").add(_set_tally(oa, ob))
    for name in set(oa) & set(ob):
        for part in ("titles", "roles"):
            out.tally(f"officials {part}").add(_set_tally(
                map(_nows, oa[name].get(part, [])), map(_nows, ob[name].get(part, []))))
    out.tally("metrics").add(_set_tally(
        ((m.get("number"), _nows(m.get("item"))) for m in a.get("metrics", [])),
        ((m.get("number"), _nows(m.get("item"))) for m in b.get("metrics", []))))
    out.tally("events").add(_set_tally(
        ((_nows(e.get("unit")), e.get("date")) for e in a.get("events", [])),
        ((_nows(e.get("unit")), e.get("date")) for e in b.get("events", []))))
    out.tally("sections").add(_set_tally(map(_nows, a.get("sections", [])),
                                         map(_nows, b.get("sections", []))))
    out.tally("distribution").add(_set_tally(
        ((k, _nows(x)) for k, xs in (a.get("distribution") or {}).items() for x in xs),
        ((k, _nows(x)) for k, xs in (b.get("distribution") or {}).items() for x in xs)))
    sa, sb = a.get("structure") or {}, b.get("structure") or {}
    for name in STRUCTURE_FIELDS:
        if name in sa and name in sb:
            va, vb = sa[name], sb[name]
            same = ({_nows(x) for x in va} == {_nows(x) for x in vb}
                    if isinstance(va, list) and isinstance(vb, list) else _nows(va) == _nows(vb))
            out.value(f"structure {name}", same)
    return out


def compare_folders(first: Path | list[Path], second: Path) -> tuple[Agreement, list[str]]:
    """The agreement over every document keyed in ``second`` and in (one of) ``first``, and the
    documents compared."""
    firsts = first if isinstance(first, list) else [first]
    out = Agreement()
    names: list[str] = []
    for path in sorted(second.glob("*.gold.json")):
        other = next((f / path.name for f in firsts if (f / path.name).is_file()), None)
        if other is None:
            continue
        compare(json.loads(other.read_text(encoding="utf-8")),
                json.loads(path.read_text(encoding="utf-8")), out)
        names.append(path.name.removesuffix(".gold.json"))
    return out, names
