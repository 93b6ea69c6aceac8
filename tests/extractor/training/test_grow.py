"""Deepening a trained model's encoder keeps its predictions; training then uses the new blocks."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from typer.testing import CliRunner

from extractor.cli import app
from extractor.training.grow import encoder_depth, grow_depth
from extractor.training.train import SHIPPED

TEXTS = [
    "国务院总理李鹏昨天在中华人民共和国驻美国大使馆会见了广东省人民政府副省长。",
    "市委组织部副部长王建国带队到青山镇政府检查督导。",
]

needs_model = pytest.mark.skipif(not (SHIPPED / "meta.json").is_file(), reason="no shipped model")


@needs_model
def test_a_grown_model_predicts_what_the_old_one_did(tmp_path: Path) -> None:
    old = spacy.load(SHIPPED)
    grown = spacy.load(grow_depth(SHIPPED, tmp_path / "grown", encoder_depth(old) + 2))
    assert encoder_depth(grown) == encoder_depth(old) + 2
    for a, b in zip(old.pipe(TEXTS), grown.pipe(TEXTS), strict=True):
        assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == [
            (e.start_char, e.end_char, e.label_) for e in b.ents]
        assert a.ents  # the texts do name people and units
        numpy.testing.assert_allclose(a.tensor, b.tensor, atol=1e-5)


@needs_model
def test_growing_to_no_more_blocks_is_refused(tmp_path: Path) -> None:
    depth = encoder_depth(spacy.load(SHIPPED))
    with pytest.raises(ValueError, match="already has"):
        grow_depth(SHIPPED, tmp_path / "grown", depth)


def test_grow_depth_needs_a_model_to_deepen() -> None:
    result = CliRunner().invoke(app, ["train", "--grow-depth", "8"])
    assert result.exit_code == 2
    assert "--resume-from" in result.output
