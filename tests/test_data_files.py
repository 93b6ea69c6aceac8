"""Every packaged data file loads, and every one is described in data/README.md."""

from __future__ import annotations

from importlib.resources import files

from extractor.milestones import load_catalogue
from extractor.resources import rows
from extractor.rules.counts import measure_words

DATA = files("extractor") / "data"


def _data_files() -> list[str]:
    out = []
    for entry in DATA.iterdir():
        if entry.is_dir():
            out += [f"{entry.name}/{f.name}" for f in entry.iterdir() if f.is_file()]
        elif entry.name != "README.md":
            out.append(entry.name)
    return sorted(out)


def test_every_data_file_has_a_provenance_line() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    missing = [name for name in _data_files() if f"| {name} |" not in readme]
    assert missing == []


def test_data_files_parse() -> None:
    catalogue = load_catalogue()
    assert {"deployed", "leadership_group", "plan_made", "mobilization_meeting"} <= set(catalogue.keys())
    assert measure_words()["个"].category
    for name in _data_files():
        if name.endswith(".tsv"):
            table = rows(name)
            assert table, f"{name} is empty"
            assert all(len(r) >= 2 for r in table), f"{name}: a row without its columns"
        else:
            text = (DATA / name).read_text(encoding="utf-8")
            assert text.strip(), f"{name} is empty"
            assert "\ufffd" not in text, f"{name} holds a replacement character"
