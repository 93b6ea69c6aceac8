"""corpora/real: real documents with hand-made keys, split once into dev and test.

The corpus must stay sound (every key's strings in its text, a source and a split for every
document, no text in both parts), and the extractor must keep what it reached on dev; the test
part is scored here only as a whole, never tuned on.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from extractor.evaluation.keys import KeyScore, evaluate_keys

REAL = Path(__file__).resolve().parents[1] / "corpora" / "real"
PARTS = ("dev", "test")


def _keys() -> list[tuple[str, Path]]:
    return [(part, p) for part in PARTS for p in sorted((REAL / part).glob("*.gold.json"))]


def _strings(key: dict) -> list[str]:
    out: list[str] = []
    for spec in key.get("entities", {}).values():
        for group in ("required", "optional"):
            for item in spec.get(group, []):
                out += [item] if isinstance(item, str) else [item["text"], *item.get("alternatives", [])]
    for o in key.get("officials", []):
        out += [o["name"], *o.get("titles", [])]
    out += [e["unit"] for e in key.get("events", [])]
    out += [x for items in key.get("distribution", {}).values() for x in items]
    return out


def test_every_key_names_only_what_its_text_holds() -> None:
    assert len(_keys()) >= 45
    for _, path in _keys():
        key = json.loads(path.read_text(encoding="utf-8"))
        text = (path.parent / key["document"]).read_text(encoding="utf-8")
        flat = "".join(text.split())
        missing = [s for s in _strings(key) if s not in text and "".join(s.split()) not in flat]
        assert missing == [], f"{path.name}: {missing}"


def test_every_document_has_its_source_and_its_part() -> None:
    with (REAL / "SOURCES.tsv").open(encoding="utf-8", newline="") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh, delimiter="\t")}
    for part, path in _keys():
        name = json.loads(path.read_text(encoding="utf-8"))["document"]
        assert rows[name]["split"] == part and rows[name]["source"].startswith("http"), name
    assert len(rows) == len(_keys())


def test_no_text_is_in_both_parts() -> None:
    def runs(path: Path) -> set[str]:
        t = "".join(path.read_text(encoding="utf-8").split())
        return {t[i:i + 12] for i in range(max(len(t) - 11, 1))}
    dev = set().union(*(runs(p) for p in (REAL / "dev").glob("*.txt")))
    for p in (REAL / "test").glob("*.txt"):
        r = runs(p)
        assert len(r & dev) < len(r) // 2, p.name


@pytest.fixture(scope="module")
def dev() -> KeyScore:
    return evaluate_keys(None, REAL / "dev")[1]


def test_what_the_extractor_reached_on_dev_holds(dev: KeyScore) -> None:
    f1 = {label: t.f for label, t in dev.labels.items()}
    assert f1["PERSON"] >= 0.95 and f1["DATE"] >= 0.97 and f1["COUNT"] >= 0.95
    assert f1["UNIT"] >= 0.86
    assert dev.officials.f >= 0.95
    ok, n = dev.structure
    assert ok / n >= 0.97, [f for f, (a, b) in dev.structure_fields.items() if a < b]
    assert dev.distribution.f >= 0.95 and dev.sections.f >= 0.95
    (m_ok, m_n), (e_ok, e_n) = dev.metrics, dev.events
    assert m_ok / m_n >= 0.70 and e_ok / e_n >= 0.70
