"""Plain text: find the encoding, check that the decoding is plausible, split into lines.

Order of candidates: a BOM (UTF-8, UTF-16 LE/BE) → strict UTF-8 → GB18030 (the superset of
GB2312 and GBK: a GB2312/GBK guess is always decoded as GB18030) → Big5 → charset-normalizer.
A detector's guess can decode "successfully" to garbage, so every decoding is checked
(:func:`implausibility`) and the next candidate tried.

Known limits:
- UTF-16 without a BOM is left to charset-normalizer.
- A very short text (a few characters) may pass as two encodings; the first plausible one wins.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from extractor.document import Block
from extractor.errors import ParseError
from extractor.parse.parsed import Parsed

__all__ = ["Parsed", "decode_text", "implausibility", "parse_text"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
_CANDIDATES = ("utf-8", "gb18030", "big5")
# Above this share of unlikely characters (among the non-ASCII ones) a decoding is rejected.
MAX_UNLIKELY_SHARE = 0.02
# Control characters other than tab/newline/form feed: any at all above this share rejects.
MAX_CONTROL_SHARE = 0.001

# Code point ranges that do not occur in real Chinese government text, but do in mojibake.
_UNLIKELY_RANGES = (
    (0x0080, 0x009F),  # C1 controls
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x3400, 0x4DBF),  # CJK extension A (rare ideographs)
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xE000, 0xF8FF),  # private use
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF61, 0xFF9F),  # half-width katakana
    (0x20000, 0x3FFFF),  # CJK extensions B and later
    (0xF0000, 0x10FFFF),  # supplementary private use
)


def parse_text(data: bytes) -> Parsed:
    """Decode a text file into one block per line (empty lines included).

    >>> [b.text for b in parse_text("简报\\r\\n\\r\\n第3期".encode("gb18030")).blocks]
    ['简报', '', '第3期']
    """
    text, encoding = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Parsed(blocks=[Block(line) for line in text.split("\n")], encoding=encoding)


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding that plausibly decodes it.

    >>> decode_text("省委召開會議".encode("big5"))
    ('省委召開會議', 'big5')
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise ParseError(f"the text starts with a {name} byte-order mark but is not "
                                 f"valid {name}") from None
            return text, name
    rejected: list[str] = []
    for codec in _CANDIDATES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if implausibility(text) is None:
            return text, codec
        rejected.append(codec)
    guess = _charset_normalizer_guess(data)
    if guess is not None:
        return guess
    why = f"; {', '.join(rejected)} decode to implausible text" if rejected else ""
    raise ParseError("no encoding decodes this text (tried UTF-8, GB18030, Big5 and "
                     f"charset-normalizer{why})")


def implausibility(text: str) -> str | None:
    """Why a decoded text looks like mojibake, or None when it looks like real text.

    >>> implausibility("各单位高度重视，行动迅速。") is None
    True
    >>> implausibility("省委召開會議".encode("big5").decode("gb18030"))  # Big5 read as GB18030
    '2 of 6 non-ASCII characters are unlikely in Chinese text'
    """
    if "\ufffd" in text:
        return "replacement characters"
    non_ascii = control = unlikely = 0
    # Counting distinct characters keeps the per-character work in C (Counter).
    for ch, n in Counter(text).items():
        cp = ord(ch)
        if cp < 0x80:
            if cp < 0x20 and ch not in "\t\n\r\f" or cp == 0x7F:
                control += n
            continue
        non_ascii += n
        if _is_unlikely(cp):
            unlikely += n
    if control > MAX_CONTROL_SHARE * max(len(text), 1):
        return "control characters"
    if non_ascii and unlikely > MAX_UNLIKELY_SHARE * non_ascii:
        return f"{unlikely} of {non_ascii} non-ASCII characters are unlikely in Chinese text"
    return None


def _is_unlikely(cp: int) -> bool:
    for lo, hi in _UNLIKELY_RANGES:
        if lo <= cp <= hi:
            return True
    # Unassigned code points never occur in real text.
    return unicodedata.category(chr(cp)) == "Cn"


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    encoding = best.encoding
    if encoding in ("gb2312", "gbk", "hz", "cp936"):
        encoding = "gb18030"  # decoding as the superset never loses a character
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if implausibility(text) is not None:
        return None
    return text, encoding
