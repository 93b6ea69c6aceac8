"""Score extractions against hand-made answer keys (the format of corpora/keys/*.gold.json).

The semantics follow the project's answer-key format: ``required`` items count for recall and
precision, ``optional`` ones are neither rewarded nor penalised, anything else reported under the
label is a false positive, ``forbidden`` ones are known traps. Entities match on their exact
surface text, once per distinct text. Counts add up over documents (micro averages).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENTITY_LABELS = ("UNIT", "PERSON", "DATE", "COUNT", "PERCENT")
# The document fields a key's "structure" block may give (CONTRACT ``document``): the title, the
# 简报名称, the 期号, the issuing organ, the document's date, the 发文字号, the 主送 list and the
# 印发 organ of the 版记. A key names only the fields it judges.
STRUCTURE_FIELDS = ("title", "bulletin_name", "issue_no", "issuer", "date", "doc_number",
                    "recipients", "printer")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class KeyScore:
    labels: dict[str, Tally] = field(default_factory=dict)
    values: dict[str, list[int]] = field(default_factory=dict)  # label -> [right, required]
    forbidden: list[str] = field(default_factory=list)
    officials: Tally = field(default_factory=Tally)
    titles: Tally = field(default_factory=Tally)
    roles: Tally = field(default_factory=Tally)
    metrics: list[int] = field(default_factory=lambda: [0, 0])
    events: list[int] = field(default_factory=lambda: [0, 0])
    sections: Tally = field(default_factory=Tally)
    distribution: Tally = field(default_factory=Tally)
    structure: list[int] = field(default_factory=lambda: [0, 0])
    structure_fields: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, n]
    notes: list[str] = field(default_factory=list)

    def add(self, other: KeyScore) -> None:
        for k, t in other.labels.items():
            self.labels.setdefault(k, Tally()).add(t)
        for k, (ok, n) in other.values.items():
            v = self.values.setdefault(k, [0, 0])
            v[0], v[1] = v[0] + ok, v[1] + n
        self.forbidden += other.forbidden
        for name in ("officials", "titles", "roles", "sections", "distribution"):
            getattr(self, name).add(getattr(other, name))
        for name in ("metrics", "events", "structure"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine[0] += theirs[0]
            mine[1] += theirs[1]
        for name, (ok, n) in other.structure_fields.items():
            v = self.structure_fields.setdefault(name, [0, 0])
            v[0], v[1] = v[0] + ok, v[1] + n

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: round(t.f, 3) for k, t in self.labels.items()}
        for k, (ok, n) in self.values.items():
            out[f"{k}val"] = f"{ok}/{n}"
        out.update(officials=round(self.officials.f, 3), titles=round(self.titles.f, 3),
                   roles=round(self.roles.f, 3), metrics="{}/{}".format(*self.metrics),
                   events="{}/{}".format(*self.events), sections=round(self.sections.f, 3),
                   distribution=round(self.distribution.f, 3),
                   structure="{}/{}".format(*self.structure), forbidden=len(self.forbidden))
        return out


def _nows(s: str | None) -> str:
    return "".join((s or "").split())


def _items(spec: Iterable[Any]) -> list[dict[str, Any]]:
    out = []
    for e in spec:
        d = {"text": e} if isinstance(e, str) else dict(e)
        d.setdefault("alternatives", [])
        out.append(d)
    return out


def _with_year(want: str | None, year: str | None) -> str | None:
    if want and year and want.startswith("XXXX"):
        return year + want[4:]
    return want


def _score_entities(ents: list[dict[str, Any]], key: dict[str, Any], year: str | None,
                    score: KeyScore) -> None:
    for label, spec in key.get("entities", {}).items():
        required = _items(spec.get("required", []))
        accepted = {n for i in _items(spec.get("optional", [])) for n in [i["text"], *i["alternatives"]]}
        forbidden = set(spec.get("forbidden", []))
        got: dict[str, dict[str, Any]] = {}
        for e in ents:
            if e.get("label") == label:
                got.setdefault(e["text"], e)
        t = Tally()
        ok = 0
        for item in required:
            names = [item["text"], *item["alternatives"]]
            accepted.update(names)
            hit = next((got[n] for n in names if n in got), None)
            if hit is None:
                t.fn += 1
                score.notes.append(f"{label} missed: {item['text']}")
                continue
            t.tp += 1
            if label == "DATE":
                want = item.get("resolved", item.get("value")) if year else item.get("value")
                good = hit.get("value") == want
            elif label == "COUNT":
                v = hit.get("value") or {}
                good = all(v.get(k) == item.get(k) for k in ("number", "measure", "item"))
            elif label == "PERCENT" and "value" in item:
                good = hit.get("value") == item["value"]
            else:
                continue
            ok += good
            if not good:
                score.notes.append(f"{label} value {item['text']}: got {hit.get('value')!r}")
        extra = sorted(x for x in got if x not in accepted)
        t.fp = len(extra)
        for x in extra:
            score.notes.append(f"{label} {'FORBIDDEN' if x in forbidden else 'extra'}: {x}")
            if x in forbidden:
                score.forbidden.append(x)
        score.labels[label] = t
        if label in ("DATE", "COUNT") or (label == "PERCENT" and any("value" in i for i in required)):
            score.values[label] = [ok, len(required)]


def _set_tally(pred: set[str], gold: set[str]) -> Tally:
    return Tally(len(pred & gold), len(pred - gold), len(gold - pred))


def _overlap(a: str | None, b: str | None) -> bool:
    a, b = _nows(a), _nows(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    return sum(1 for ch in set(a) if ch in b) / len(set(a)) >= 0.6


def score_key(extraction: dict[str, Any], key: dict[str, Any], *, resolved: bool) -> KeyScore:
    """Score one extraction (CONTRACT.md JSON) against one answer key."""
    score = KeyScore()
    year = (key.get("reference_date") or "")[:4] if resolved else None
    doc = extraction.get("document", {})
    records = extraction.get("records", [])
    _score_entities(extraction.get("entities", []), key, year, score)
    pred = {r["name"]: r for r in records if r.get("kind") == "official"}
    gold = {o["name"]: o for o in key.get("officials", [])}
    score.officials = _set_tally(set(pred), set(gold))
    for name, g in gold.items():
        p = pred.get(name, {})
        score.titles.add(_set_tally(set(p.get("titles", [])), set(g.get("titles", []))))
        score.roles.add(_set_tally(set(p.get("roles", [])), set(g.get("roles", []))))
    metrics = [r for r in records if r.get("kind") == "metric"]
    for g in key.get("metrics", []):
        want = _with_year(g.get("as_of"), year)
        found = any(m.get("number") == g["number"] and m.get("item") == g.get("item")
                    and _overlap(m.get("about"), g.get("about"))
                    and ("as_of" not in g or g["as_of"] is None or m.get("as_of") == want)
                    for m in metrics)
        score.metrics[0] += found
        score.metrics[1] += 1
        if not found:
            score.notes.append(f"metric missed: {g['number']} {g.get('item')} {g.get('about')}")
    events = [r for r in records if r.get("kind") == "event"]
    for g in key.get("events", []):
        want = _with_year(g.get("date"), year)
        found = any(e.get("unit") == g["unit"] and (g.get("date") is None or e.get("date") == want)
                    for e in events)
        score.events[0] += found
        score.events[1] += 1
        if not found:
            score.notes.append(f"event missed: {g['unit']} {g.get('date')} {g.get('what')}")
    got_sec = {_nows(s.get("title")) for s in doc.get("sections", [])}
    score.sections = _set_tally(got_sec, {_nows(s) for s in key.get("sections", [])})
    for k, items in key.get("distribution", {}).items():
        p = {_nows(x) for x in (doc.get("distribution") or {}).get(k, [])}
        score.distribution.add(_set_tally(p, {_nows(x) for x in items}))
    for name, want in (key.get("structure") or {}).items():
        if name in STRUCTURE_FIELDS:
            got = doc.get(name)
            ok = _same_field(got, want)
            score.structure[0] += ok
            score.structure[1] += 1
            tally = score.structure_fields.setdefault(name, [0, 0])
            tally[0] += ok
            tally[1] += 1
            if not ok:
                score.notes.append(f"structure {name}: got {got!r}, want {want!r}")
    return score


def _same_field(got: Any, want: Any) -> bool:
    """A structure field as the key gives it: text without white space, a list as a set of
    such texts (主送 in any order), None as None."""
    if isinstance(want, str):
        return isinstance(got, str) and _nows(got) == _nows(want)
    if isinstance(want, list):
        return isinstance(got, list) and {_nows(x) for x in got} == {_nows(x) for x in want}
    return bool(got == want or (want is None and got in ("", [])))


def document_of(key_path: Path, name: str, docs_dir: Path | None = None) -> Path:
    """Where a key's document is: in ``docs_dir`` when given, else beside the key (corpora/real),
    else in ``bulletins/`` beside the keys' folder (corpora/keys → corpora/bulletins)."""
    if docs_dir is not None:
        return docs_dir / name
    beside = key_path.parent / name
    return beside if beside.exists() else key_path.parent.parent / "bulletins" / name


def evaluate_keys(
    docs_dir: Path | None, keys_dir: Path, *, resolved: bool = True
) -> tuple[list[tuple[str, KeyScore]], KeyScore]:
    """Extract every document that has a key and score it; per-document scores and their total.

    ``docs_dir`` None finds each document as :func:`document_of` says."""
    from extractor.extraction import extract_file

    rows: list[tuple[str, KeyScore]] = []
    total = KeyScore()
    for key_path in sorted(keys_dir.glob("*.gold.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        doc_path = document_of(key_path, key["document"], docs_dir)
        ref = key.get("reference_date") if resolved else None
        result = extract_file(doc_path, reference_date=ref).to_dict()
        s = score_key(result, key, resolved=resolved)
        rows.append((key_path.name.removesuffix(".gold.json"), s))
        total.add(s)
    return rows, total
