"""Entities → records (official, metric, event), each with its sentence as evidence.

The builders read the resolved entities of a document and its sentences; the milestone of a
metric or event comes from the catalogue (``extractor.milestones``):

- ``officials``: people with their posts and campaign roles;
- ``metrics``: counted sets reaching a state as of a date;
- ``events``: a unit's dated step, and the milestones a progress list or table says it reached;
- ``clauses``: the clause and word helpers the metric and event builders share.

The record shapes are ``types`` (``Official``, ``Metric``, ``Event``: the CONTRACT's JSON,
typed). Fields beyond the CONTRACT's: a metric may carry ``part_of`` (the index of the metric it
is a part of: 其中…), ``of`` (a denominator) and ``rate`` (a percentage said with it); an event
from a progress list (县发改局：已制定实施方案) carries ``reached_by: true``, its date being the 截至
date by which the unit had reached the milestone, not the day it did.
"""

from __future__ import annotations

from extractor.document import Bulletin
from extractor.milestones import Catalogue, load_catalogue
from extractor.records.events import build_events
from extractor.records.metrics import build_metrics
from extractor.records.officials import build_officials
from extractor.records.types import Event, Metric, Official, Record
from extractor.spans import Candidate

__all__ = ["Event", "Metric", "Official", "Record", "build_records"]


def build_records(
    doc: Bulletin,
    entities: list[Candidate],
    sentences: list[tuple[int, int]],
    catalogue: Catalogue | None = None,
) -> list[Record]:
    """All records of a document, officials first, then metrics and events in text order."""
    catalogue = catalogue or load_catalogue()
    records: list[Record] = []
    records.extend(build_officials(doc.text, entities, sentences))
    metrics = build_metrics(doc.text, entities, sentences, catalogue, now=doc.date)
    for m in metrics:  # part_of points into the whole records list
        if "part_of" in m:
            m["part_of"] += len(records)
    records.extend(metrics)
    records.extend(build_events(doc.text, entities, sentences, catalogue, issuer=doc.issuer,
                                 now=doc.date))
    return records
