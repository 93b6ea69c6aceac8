"""Records (and entities) in the store: an extraction saved, record rows, listing.

Saving records files their units in the registry (:mod:`service.store.units`) and keeps each
record's evidence sentence. The column helpers (:func:`fill_columns`,
:func:`fill_evidence_text`, :func:`fill_unit`) are shared with :mod:`service.store.review`,
which keeps a corrected record's columns in step.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.core.models import Document, DocumentStatus, Entity, Record, RecordStatus
from service.store import units
from service.store.documents import clean_text, copy_structure, document_text

if TYPE_CHECKING:
    from extractor import Extraction

# Record fields copied into columns for filtering: column -> record keys, first one present wins.
RECORD_COLUMNS = {"unit": ("unit",), "milestone": ("milestone",), "date": ("date", "as_of")}
# Record columns a new row is inserted with (the rest take their defaults).
_INSERTED = (
    "document_id", "kind", "data", "unit", "unit_id", "unit_alias", "milestone", "date",
    "evidence_start", "evidence_end", "evidence_text",
)


def record_row(
    document_id: int,
    data: Mapping[str, Any],
    text: str | None = None,
    found_units: Mapping[str, tuple[int, str]] | None = None,
) -> Record:
    """A new (unsaved) row for record ``data``: columns, evidence sentence and unit filled."""
    row = Record(document_id=document_id, kind=str(data.get("kind") or ""), data=data)
    fill_columns(row, data)
    fill_evidence_text(row, text)
    fill_unit(row, found_units or {})
    return row


def fill_columns(row: Record, data: Mapping[str, Any]) -> None:
    """Copy the filtered fields (unit, milestone, date) and the evidence span into columns."""
    for column, keys in RECORD_COLUMNS.items():
        value = next((data[k] for k in keys if data.get(k) not in (None, "")), None)
        setattr(row, column, str(value) if value is not None else None)
    evidence = data.get("evidence")
    if isinstance(evidence, list | tuple) and len(evidence) == 2:
        row.evidence_start, row.evidence_end = int(evidence[0]), int(evidence[1])


def fill_evidence_text(row: Record, text: str | None) -> None:
    """Keep the evidence sentence itself (``text`` is the document's text)."""
    if text is None or row.evidence_start is None or row.evidence_end is None:
        row.evidence_text = None
        return
    span = text[max(row.evidence_start, 0):max(row.evidence_end, 0)]
    row.evidence_text = clean_text(span) or None


def fill_unit(row: Record, found_units: Mapping[str, tuple[int, str]]) -> None:
    """Set the row's registry unit and alias from :func:`service.store.units.resolve_units`."""
    found = found_units.get(row.unit) if row.unit else None
    row.unit_id, row.unit_alias = found if found else (None, None)


def _canonical(data: Mapping[str, Any]) -> str:
    """A record's identity for "already reviewed": its JSON (tuples and lists alike)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


def save_extraction(*, session: Session, document: Document, extraction: Extraction) -> None:
    """Store an extraction: entities and records replace the unreviewed ones.

    Reviewed records (accepted, rejected, corrected) always stay; a newly extracted record equal
    to one of them is not added again. Units of new records are filed in the registry; when a
    concurrent save filed the same new unit first, the save is done once more.
    """
    try:
        _save_extraction(session, document, extraction)
    except IntegrityError:
        session.rollback()
        _save_extraction(session, document, extraction)


def _save_extraction(session: Session, document: Document, extraction: Extraction) -> None:
    document.extraction = extraction.to_dict()
    copy_structure(document, extraction.document)
    document.status = DocumentStatus.DONE  # set now: one UPDATE of the document, not two
    document.error = None
    # "fetch" drops the deleted rows from the session too (SQLite may reuse their ids).
    fetch = {"synchronize_session": "fetch"}
    session.execute(
        delete(Entity).where(Entity.document_id == document.id), execution_options=fetch
    )
    session.execute(
        delete(Record).where(
            Record.document_id == document.id, Record.status == RecordStatus.PENDING
        ),
        execution_options=fetch,
    )
    kept = {
        _canonical(d)
        for d in session.scalars(select(Record.data).where(Record.document_id == document.id))
    }
    # Core executemany inserts: a document's rows go in a few statements, not one per row.
    entities = [
        {
            "document_id": document.id,
            "label": e.label,
            "text": clean_text(e.text) or "",
            "start": e.start,
            "end": e.end,
            "source": e.source,
            "score": e.score,
            "value": e.value,
            "attrs": e.attrs or None,
        }
        for e in extraction.entities
    ]
    if entities:
        session.execute(insert(Entity), entities)
    new: list[Mapping[str, Any]] = [r for r in extraction.records if _canonical(r) not in kept]
    found = units.resolve_units(
        session=session,
        names=[str(r["unit"]) for r in new if r.get("unit")],
        place=units.place_of(extraction.document),
    )
    text = extraction.document.text
    rows = [record_row(document.id, r, text, found) for r in new]
    if rows:
        session.execute(insert(Record), [{k: getattr(r, k) for k in _INSERTED} for r in rows])
    session.commit()
    session.expire(document, ["records", "entities"])


def add_records(
    *, session: Session, document: Document, records: Sequence[dict[str, Any]]
) -> list[Record]:
    """Add records to a document as pending (tests, imports), their units filed."""
    found = units.resolve_units(
        session=session,
        names=[str(r["unit"]) for r in records if r.get("unit")],
        place=units.document_place(document),
    )
    text = document_text(document)
    rows = [record_row(document.id, r, text, found) for r in records]
    session.add_all(rows)
    session.commit()
    return rows


def list_records(
    *,
    session: Session,
    kind: str | None = None,
    status: RecordStatus | None = None,
    unit: str | None = None,
    milestone: str | None = None,
    document_id: int | None = None,
    offset: int = 0,
    limit: int = 50,
    unit_id: int | None = None,
) -> tuple[list[Record], int]:
    """Records matching every given filter, in document then text order, and their count."""
    query = select(Record)
    if kind is not None:
        query = query.where(Record.kind == kind)
    if status is not None:
        query = query.where(Record.status == status)
    if unit is not None:
        query = query.where(Record.unit == unit)
    if milestone is not None:
        query = query.where(Record.milestone == milestone)
    if document_id is not None:
        query = query.where(Record.document_id == document_id)
    if unit_id is not None:
        query = query.where(Record.unit_id == unit_id)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = (Record.document_id, Record.evidence_start, Record.id)
    rows = session.scalars(query.order_by(*order).offset(offset).limit(limit)).all()
    return list(rows), count
