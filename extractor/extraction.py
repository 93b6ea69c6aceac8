"""The whole extraction of one document: Bulletin + entities + records (CONTRACT.md shape)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from extractor.components import get_entities, get_sentences
from extractor.document import Bulletin
from extractor.parse import parse_bytes, parse_file
from extractor.pipeline import load_nlp, run
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
    records = build_records(doc, entities, sentences)
    return Extraction(document=doc, entities=entities, records=records, sentences=sentences)


def extract_bytes(
    data: bytes, filename: str | None = None, *, reference_date: str | None = None
) -> Extraction:
    return extract(parse_bytes(data, filename), reference_date=reference_date)


def extract_file(path: str | Path, *, reference_date: str | None = None) -> Extraction:
    return extract(parse_file(path), reference_date=reference_date)
