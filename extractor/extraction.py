"""The whole extraction of one document: Bulletin + entities + records (CONTRACT.md shape)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from spacy.language import Language

from extractor.components import get_entities, get_sentences
from extractor.document import Bulletin
from extractor.parse import parse_bytes, parse_file
from extractor.pipeline import load_nlp, run
from extractor.punctuation import restore
from extractor.records import Record, build_records
from extractor.spans import Candidate


@dataclass
class Extraction:
    document: Bulletin
    entities: list[Candidate] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        ents = []
        for e in self.entities:
            d: dict[str, Any] = {
                "label": e.label,
                "text": e.text,
                "start": e.start,
                "end": e.end,
                "source": e.source,
                "score": round(e.score, 3),
            }
            if e.value is not None:
                d["value"] = e.value
            if e.attrs:
                d["attrs"] = e.attrs
            ents.append(d)
        return {"document": self.document.to_dict(), "entities": ents, "records": self.records}


def extract(
    doc: Bulletin, *, reference_date: str | None = None, nlp: Language | None = None
) -> Extraction:
    """Find the entities and records of a parsed document."""
    nlp = nlp or load_nlp()
    sdoc = run(nlp, doc.text, document_date=doc.date, reference_date=reference_date)
    entities = list(get_entities(sdoc))
    sentences = list(get_sentences(sdoc))
    folded = sdoc.text  # the text as the pipeline read it (half-width punctuation folded)
    records = build_records(replace(doc, text=folded), entities, sentences)
    if folded != doc.text:
        records = [_restored(r, folded, doc.text) for r in records]
    return Extraction(document=doc, entities=entities, records=records, sentences=sentences)


def _restored(record: Record, folded: str, original: str) -> Record:
    """A record built on the folded text with its strings as the original writes them."""
    near = record["evidence"][0]
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, str):
            value = restore(value, folded, original, near)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = [restore(v, folded, original, near) for v in value]
        out[key] = value
    return cast(Record, out)


def extract_bytes(
    data: bytes, filename: str | None = None, *, reference_date: str | None = None
) -> Extraction:
    return extract(parse_bytes(data, filename), reference_date=reference_date)


def extract_file(path: str | Path, *, reference_date: str | None = None) -> Extraction:
    return extract(parse_file(path), reference_date=reference_date)
