"""Reviewed documents out as DocBin, JSONL spans and character BIO, and back in."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.corpora import Example, ReadStats, read_tagged
from extractor.training.exports import (
    bio_lines,
    example_from_extraction,
    read_docbin,
    read_spans_jsonl,
    write_bio,
    write_docbin,
    write_spans_jsonl,
)

EXTRACTION = {
    "document": {"sha256": "ab12", "text": "省工商局局长王海涛到会。\n县公安局 陈立新参加。"},
    "entities": [
        {"label": "UNIT", "text": "省工商局", "start": 0, "end": 4, "source": "rule"},
        {"label": "TITLE", "text": "省工商局局长", "start": 0, "end": 6, "source": "rule"},
        {"label": "PERSON", "text": "王海涛", "start": 6, "end": 9, "source": "model"},
        {"label": "DATE", "text": "x", "start": 9, "end": 10, "source": "rule"},
        {"label": "UNIT", "text": "县公安局", "start": 13, "end": 17, "source": "rule"},
        {"label": "PERSON", "text": "陈立新", "start": 18, "end": 21, "status": "rejected"},
    ],
}


def example() -> Example:
    return example_from_extraction(EXTRACTION)


def test_extraction_keeps_entities_of_model_labels_that_were_not_rejected() -> None:
    ex = example()
    assert ex.id == "ab12"
    assert ex.mentions() == [("省工商局", "UNIT"), ("省工商局局长", "TITLE"), ("王海涛", "PERSON"),
                             ("县公安局", "UNIT")]


def test_docbin_round_trip_keeps_the_spans(tmp_path: Path) -> None:
    plain = Example("新华社记者张三报道", [(0, 3, "UNIT"), (5, 7, "PERSON")], "d-1")
    stats = write_docbin([plain, example()], tmp_path / "r.spacy")
    back = list(read_docbin(tmp_path / "r.spacy"))
    assert [b.text for b in back] == [plain.text, EXTRACTION["document"]["text"]]
    assert back[0].spans == plain.spans
    # The nested UNIT inside the TITLE cannot be an entity of its own: counted, not lost quietly.
    assert back[1].mentions() == [("省工商局局长", "TITLE"), ("王海涛", "PERSON"), ("县公安局", "UNIT")]
    assert stats.overlapping == {"UNIT": 1}


def test_jsonl_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    assert write_spans_jsonl([example()], path) == 1
    (back,) = read_spans_jsonl(path)
    assert (back.id, back.text, back.spans) == ("ab12", example().text, example().spans)


def test_jsonl_reader_names_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "甲", "spans": []}\n{"text": "乙"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2"):
        list(read_spans_jsonl(path))


def test_bio_lines_one_block_per_text_line() -> None:
    ex = Example("李鹏到京\n新华社", [(0, 2, "PERSON"), (5, 8, "UNIT")], "b-1")
    assert bio_lines(ex) == ["李\tB-PERSON", "鹏\tI-PERSON", "到\tO", "京\tO", "",
                             "新\tB-UNIT", "华\tI-UNIT", "社\tI-UNIT", ""]


def test_bio_counts_spans_it_cannot_write() -> None:
    ex = Example("新华\n社", [(0, 4, "UNIT")], "b-2")
    from extractor.training.convert import ConvertStats

    stats = ConvertStats()
    assert "新\tO" in bio_lines(ex, stats)
    assert stats.misaligned == {"UNIT": 1}


def test_bio_file_reads_back_with_the_corpus_reader(tmp_path: Path) -> None:
    path = tmp_path / "r.bio"
    stats = write_bio([example()], path)
    assert stats.overlapping == {"UNIT": 1}  # the UNIT nested in its TITLE
    labels = {"PERSON": "PERSON", "UNIT": "UNIT", "TITLE": "TITLE"}
    read_stats = ReadStats()
    lines = list(read_tagged(path, labels, read_stats, "r"))
    assert not read_stats.problems
    assert [ex.text for ex in lines] == ["省工商局局长王海涛到会。", "县公安局 陈立新参加。"]
    assert lines[0].mentions() == [("省工商局局长", "TITLE"), ("王海涛", "PERSON")]
    assert lines[1].mentions() == [("县公安局", "UNIT")]
