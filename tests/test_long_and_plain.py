"""Inputs at the edges: a text with nothing to extract, and a 30,000-character work report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import extract_bytes
from tests.conftest import CORPORA

REPORT = CORPORA / "gov-work-reports-2026" / "2026_广东省_政府工作报告.txt"


def test_a_text_with_no_entities() -> None:
    text = "各级干部要认真学习，扎实工作，务求实效。\n大家一致表示要进一步提高认识。\n"
    result = extract_bytes(text.encode("gb18030"), "plain.txt").to_dict()
    assert result["entities"] == []
    assert result["records"] == []
    assert result["document"]["text"].strip() == text.strip()
    assert result["document"]["sections"] == [] and result["document"]["distribution"] == {}


@pytest.mark.skipif(not REPORT.exists(), reason=f"the work reports are not at {REPORT.parent}")
def test_a_long_work_report_is_extracted_whole(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("jianbao")
    # a bound on the run (the figure itself is measured by benchmarks/extract.py)
    proc = subprocess.run([str(exe), "extract", str(REPORT)], capture_output=True, text=True,
                          timeout=300, check=True)
    result = json.loads(proc.stdout)
    text = result["document"]["text"]
    assert len(text) > 30_000
    assert all(text[e["start"]:e["end"]] == e["text"] for e in result["entities"])
    labels = {e["label"] for e in result["entities"]}
    assert {"UNIT", "DATE", "COUNT", "PERCENT"} <= labels
    counts = [e for e in result["entities"] if e["label"] == "COUNT"]
    assert all(isinstance(e["value"]["number"], int | float) for e in counts)
    assert not any(e["text"] in ("一批", "一系列", "一把手") for e in counts)
    s0, e0 = result["records"][0]["evidence"] if result["records"] else (0, 0)
    assert 0 <= s0 <= e0 <= len(text)
