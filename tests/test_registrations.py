"""Every spaCy entry point resolves, and a saved pipeline loads with spacy.load alone."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from extractor.pipeline import PIPELINE, build_nlp


@pytest.mark.parametrize("group", ["spacy_factories", "spacy_tokenizers"])
def test_entry_points_resolve(group: str) -> None:
    eps = [ep for ep in entry_points(group=group) if ep.value.startswith("extractor.")]
    assert eps, f"no {group} entry points installed (is the package installed with pip -e?)"
    for ep in eps:
        assert callable(ep.load()), ep.name


def test_every_pipeline_component_is_an_entry_point() -> None:
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert set(PIPELINE) <= names


def test_saved_pipeline_loads_in_a_fresh_process(tmp_path: Path) -> None:
    build_nlp().to_disk(tmp_path / "pipe")
    code = (
        "import json, sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipe')!r})\n"
        "doc = nlp('市委组织部于3月5日召开会议。')\n"
        "print(json.dumps([[s.text, s.label_] for s in doc.spans['jianbao']], ensure_ascii=False))\n"
    )
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True,
                         text=True, timeout=120, check=True)
    spans = json.loads(out.stdout.strip().splitlines()[-1])
    assert ["3月5日", "DATE"] in spans
    assert ["市委组织部", "UNIT"] in spans
