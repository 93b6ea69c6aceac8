"""Plain text: encodings, line endings, one block per line."""

from __future__ import annotations

import random

import pytest
from charset_normalizer import from_bytes

from extractor.errors import ParseError
from extractor.parse import parse_bytes
from extractor.parse.text import decode_text, implausibility, parse_text

TEXT = "省直机关先进性教育活动简报\n\n第16期\n\n省委召开会议，部署先进性教育活动。各单位高度重视。\n"
TRADITIONAL = "省直機關先進性教育活動簡報\n\n省委召開會議，部署先進性教育活動。各單位高度重視。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),  # a GBK/GB2312 text is read as its superset
        (TEXT.encode("gb2312"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk", "gb2312"],
)
def test_each_encoding_gives_the_text_and_records_the_encoding(data: bytes, encoding: str) -> None:
    doc = parse_bytes(data, "简报.txt")
    assert doc.text == TEXT
    assert doc.encoding == encoding
    assert doc.format == "txt"


def test_gb18030_only_characters_survive() -> None:
    text = "欧元符号€与省委召开会议。"  # € is a four-byte GB18030 sequence, not in GBK
    assert decode_text(text.encode("gb18030")) == (text, "gb18030")


def test_big5_is_read_when_gb18030_gives_mojibake() -> None:
    data = TRADITIONAL.encode("big5")
    # The same bytes decode as GB18030 without error, to garbage: the check must catch it.
    assert implausibility(data.decode("gb18030")) is not None
    assert parse_text(data).encoding == "big5"
    assert "\n".join(b.text for b in parse_text(data).blocks) == TRADITIONAL


def test_a_gbk_text_that_charset_normalizer_alone_misreads() -> None:
    text = "第十六期"
    data = text.encode("gbk")
    best = from_bytes(data).best()
    assert best is not None and str(best) != text  # the detector alone gets it wrong
    assert decode_text(data) == (text, "gb18030")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_become_lf(newline: str) -> None:
    data = TEXT.replace("\n", newline).encode("utf-8")
    assert parse_bytes(data).text == TEXT


def test_one_block_per_line_empty_lines_included() -> None:
    parsed = parse_text(TEXT.encode("utf-8"))
    assert [b.text for b in parsed.blocks] == TEXT.split("\n")
    doc = parse_bytes(TEXT.encode("utf-8"))
    assert all(doc.text[b.start:b.end] == b.text for b in doc.blocks)


def test_bytes_in_no_encoding_are_refused() -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(4000))  # no NUL: sniffed as text
    with pytest.raises(ParseError, match="no encoding decodes this text"):
        parse_bytes(data, "notes.txt")


def test_a_broken_bom_text_is_refused() -> None:
    with pytest.raises(ParseError, match="byte-order mark"):
        decode_text(b"\xef\xbb\xbf" + "省委召开会议，部署工作。".encode("gbk"))


def test_plausible_chinese_passes_the_check() -> None:
    assert implausibility(TEXT) is None
    assert implausibility("한국어 텍스트입니다") is not None  # Hangul in place of Chinese
    assert implausibility("省委\x01\x02\x03会议") is not None
