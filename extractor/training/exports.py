"""Reviewed documents out as training data: spaCy DocBin, JSONL spans and character BIO.

The input is the extraction of CONTRACT.md (``{"document": {"text", "sha256"}, "entities":
[...]}``) after review: entities a reviewer rejected (``"status": "rejected"``) are left out.
Each writer returns the :class:`ConvertStats` of what it kept and what it could not.

- DocBin: character-tokenised Docs whose ``ents`` are the spans (the model's training format).
- JSONL: ``{"id", "text", "spans": [[start, end, label], …]}`` per line, the input of
  ``jianbao train --from-reviewed``.
- BIO: ``char<TAB>tag`` per line, one text line per sentence block, blank line between them
  (the MSRA format, readable by ``extractor.corpora.read_tagged``). Tabs in the text
  are written as spaces; a span that crosses a line break is counted and left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from spacy.tokens import DocBin

from extractor.corpora import Example, Span
from extractor.training.convert import ConvertStats, char_nlp, example_to_doc

EXPORT_LABELS = ("PERSON", "UNIT", "TITLE", "LOC")


def example_from_extraction(
    extraction: Mapping[str, Any], labels: Iterable[str] = EXPORT_LABELS
) -> Example:
    """A reviewed extraction → Example with the kept entities of ``labels``."""
    document = extraction["document"]
    wanted = set(labels)
    spans: list[Span] = sorted(
        (int(e["start"]), int(e["end"]), str(e["label"]))
        for e in extraction.get("entities", [])
        if e.get("label") in wanted and e.get("status") != "rejected"
    )
    doc_id = str(document.get("sha256") or document.get("filename") or "")
    return Example(text=document["text"], spans=spans, id=doc_id)


def write_docbin(
    examples: Iterable[Example], path: Path, labels: Iterable[str] = EXPORT_LABELS
) -> ConvertStats:
    """Write ``examples`` as a DocBin of character-tokenised Docs."""
    stats = ConvertStats()
    make_doc = char_nlp().make_doc
    db = DocBin(store_user_data=False)
    for example in examples:
        db.add(example_to_doc(make_doc, example, stats, labels))
    db.to_disk(path)
    return stats


def read_docbin(path: Path) -> Iterator[Example]:
    """The examples of a DocBin written by :func:`write_docbin` (its ents as spans)."""
    nlp = char_nlp()
    for i, doc in enumerate(DocBin().from_disk(path).get_docs(nlp.vocab)):
        spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        yield Example(text=doc.text, spans=spans, id=f"{path.stem}-{i + 1}")


def write_spans_jsonl(examples: Iterable[Example], path: Path) -> int:
    """One ``{"id", "text", "spans"}`` line per example; returns how many were written."""
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for example in examples:
            record = {"id": example.id, "text": example.text,
                      "spans": [list(s) for s in example.spans]}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def read_spans_jsonl(path: Path) -> Iterator[Example]:
    """Examples from :func:`write_spans_jsonl` output (or any file of that shape).

    Raises ValueError naming the line for a record that is not of that shape.
    """
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                spans = [(int(s), int(e), str(label)) for s, e, label in record["spans"]]
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{lineno}: not a spans record ({exc})") from None
            yield Example(text=text, spans=spans, id=str(record.get("id") or f"{path.stem}-{lineno}"))


def bio_lines(example: Example, stats: ConvertStats | None = None) -> list[str]:
    """``char<TAB>tag`` lines, a blank line after every text line (see the module docstring)."""
    stats = stats if stats is not None else ConvertStats()
    text = example.text
    tags = ["O"] * len(text)
    stats.examples += 1
    taken = [False] * len(text)
    for span in sorted(example.spans, key=lambda x: (x[0], -x[1])):
        start, end, label = span
        stats.seen[label] += 1
        if "\n" in text[start:end] or start >= end or end > len(text):
            stats.misaligned[label] += 1
            stats.note("crosses a line", example, span)
            continue
        if any(taken[start:end]):
            stats.overlapping[label] += 1
            stats.note("overlapping", example, span)
            continue
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
        for i in range(start, end):
            taken[i] = True
        stats.kept[label] += 1
    out: list[str] = []
    for line_start, line in _lines(text):
        if not line.strip():
            continue
        for i, char in enumerate(line):
            out.append(f"{' ' if char == chr(9) else char}\t{tags[line_start + i]}")
        out.append("")
    return out


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def write_bio(examples: Iterable[Example], path: Path) -> ConvertStats:
    """Write every example as character BIO; returns the spans kept and left out."""
    stats = ConvertStats()
    with path.open("w", encoding="utf-8") as fh:
        for example in examples:
            for line in bio_lines(example, stats):
                fh.write(line + "\n")
    return stats
