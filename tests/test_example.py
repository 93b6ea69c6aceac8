"""The example bulletin end to end, scored by the shared answer-key scorer.

Every form the product reads (text in four encodings, .docx, LibreOffice and reportlab PDFs)
must give the same three sections and distribution lists; the plain text, extracted with the
key's reference date, must meet the extraction targets.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from extractor import extract_bytes
from tests.conftest import EXAMPLE, EXAMPLE_KEY, SCORER, needs_shared
from tests.forms import (
    SOFFICE,
    docx_bytes,
    example_text,
    reportlab_pdf,
    soffice_convert,
    text_forms,
)

pytestmark = needs_shared


def score(result: dict, tmp_path: Path, resolved: bool = True) -> dict[str, str]:
    out = tmp_path / "out.json"
    out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    args = [sys.executable, str(SCORER), str(out), str(EXAMPLE_KEY), "--quiet"]
    proc = subprocess.run(args + (["--resolved"] if resolved else []), capture_output=True,
                          text=True, timeout=60, check=True)
    line = proc.stdout.strip().splitlines()[-1]
    assert line.startswith("summary:"), proc.stdout
    return dict(kv.split("=", 1) for kv in line.removeprefix("summary: ").split())


def _forms() -> dict[str, Callable[[], tuple[bytes, str]]]:
    text = example_text() or ""
    forms: dict[str, Callable[[], tuple[bytes, str]]] = {
        f"txt-{name}": (lambda data=data: (data, "example.txt"))
        for name, data in text_forms(text).items()
    }
    forms["docx-heading"] = lambda: (docx_bytes(text), "example.docx")
    forms["docx-标题1"] = lambda: (docx_bytes(text, "标题 1"), "example.docx")
    forms["pdf-reportlab"] = lambda: (reportlab_pdf(text), "example.pdf")
    forms["pdf-libreoffice"] = lambda: (soffice_convert(docx_bytes(text), ".docx", "pdf"), "example.pdf")
    forms["doc-libreoffice"] = lambda: (soffice_convert(docx_bytes(text), ".docx", "doc"), "example.doc")
    return forms


@pytest.mark.parametrize("form", list(_forms()))
def test_every_form_gives_the_sections_and_distribution(form: str, tmp_path: Path) -> None:
    if form.endswith("libreoffice") and SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    data, name = _forms()[form]()
    result = extract_bytes(data, name, reference_date="2005-01-27").to_dict()
    summary = score(result, tmp_path)
    assert summary["sections"] == "1.00"
    assert summary["distribution"] == "1.00"
    assert summary["badoffsets"] == "0"
    plain = re.sub(r"\s", "", EXAMPLE.read_text(encoding="utf-8"))
    assert re.sub(r"\s", "", result["document"]["text"]) == plain


def test_example_meets_the_extraction_targets(tmp_path: Path) -> None:
    result = extract_bytes(EXAMPLE.read_bytes(), EXAMPLE.name, reference_date="2005-01-27").to_dict()
    s = score(result, tmp_path)
    assert float(s["UNIT"]) >= 0.90
    assert float(s["PERSON"]) >= 0.95
    assert float(s["DATE"]) == 1.0 and float(s["DATEval"]) == 1.0
    assert float(s["COUNT"]) >= 0.95 and float(s["COUNTval"]) == 1.0
    assert float(s["officials"]) >= 0.95 and float(s["titles"]) >= 0.90
    assert s["metrics"] == "4/4" and s["events"] == "4/4"
    forbidden = json.loads(EXAMPLE_KEY.read_text(encoding="utf-8"))["entities"]["COUNT"]["forbidden"]
    assert not {e["text"] for e in result["entities"] if e["label"] == "COUNT"} & set(forbidden)


def test_without_reference_date_years_stay_unknown(tmp_path: Path) -> None:
    result = extract_bytes(EXAMPLE.read_bytes(), EXAMPLE.name).to_dict()
    s = score(result, tmp_path, resolved=False)
    assert float(s["DATEval"]) == 1.0  # XXXX-01-17 and friends


def test_cli_prints_the_same_extraction(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("jianbao")
    proc = subprocess.run([str(exe), "extract", str(EXAMPLE), "--reference-date", "2005-01-27"],
                          capture_output=True, text=True, timeout=120, check=True)
    cli = json.loads(proc.stdout)
    lib = extract_bytes(EXAMPLE.read_bytes(), EXAMPLE.name, reference_date="2005-01-27").to_dict()
    assert cli["entities"] == lib["entities"] and cli["records"] == lib["records"]
