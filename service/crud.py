"""Keyword-only storage functions: documents, their extraction, records and API tokens.

Saving records files their units in the registry (``service.registry``) and keeps each
record's evidence sentence. Reviewing records (with the audit trail) is ``service.review``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service import registry
from service.models import (
    ApiToken,
    Document,
    DocumentStatus,
    Entity,
    Record,
    RecordStatus,
    Role,
)

if TYPE_CHECKING:
    from extractor import Extraction
    from extractor.document import Bulletin

# Record fields copied into columns for filtering: column -> record keys, first one present wins.
_RECORD_COLUMNS = {"unit": ("unit",), "milestone": ("milestone",), "date": ("date", "as_of")}
# Record columns a new row is inserted with (the rest take their defaults).
_INSERTED = (
    "document_id", "kind", "data", "unit", "unit_id", "unit_alias", "milestone", "date",
    "evidence_start", "evidence_end", "evidence_text",
)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def get_document(*, session: Session, document_id: int) -> Document | None:
    return session.get(Document, document_id)


def get_document_by_sha256(*, session: Session, sha256: str) -> Document | None:
    return session.scalars(select(Document).where(Document.sha256 == sha256)).first()


def store_upload(
    *,
    session: Session,
    data: bytes,
    filename: str | None,
    reference_date: str | None = None,
    bulletin: Bulletin | None = None,
) -> tuple[Document, bool]:
    """Store uploaded bytes as a queued document; the same bytes again give the stored one.

    ``bulletin`` (the parsed file, when the caller parsed it) fills in format, title and date
    before the extraction runs. Returns the document and whether it was created.
    """
    sha = sha256_hex(data)
    existing = get_document_by_sha256(session=session, sha256=sha)
    if existing is not None:
        return existing, False
    doc = Document(
        sha256=sha,
        filename=_clean(filename),
        size=len(data),
        content=data,
        status=DocumentStatus.QUEUED,
        reference_date=reference_date,
    )
    if bulletin is not None:
        _copy_structure(doc, bulletin)
    session.add(doc)
    try:
        session.commit()
    except IntegrityError:
        # The same bytes were stored by a concurrent upload between the lookup and the insert.
        session.rollback()
        existing = get_document_by_sha256(session=session, sha256=sha)
        if existing is None:
            raise
        return existing, False
    return doc, True


def _clean(value: str | None) -> str | None:
    """Text as PostgreSQL stores it: without NUL characters."""
    return value.replace("\x00", "") if value else value


def _copy_structure(doc: Document, bulletin: Bulletin) -> None:
    doc.format = bulletin.format
    doc.title = _clean(bulletin.title)
    doc.issue_no = _clean(bulletin.issue_no)
    doc.issuer = _clean(bulletin.issuer)
    doc.date = _clean(bulletin.date)


def mark_processing(*, session: Session, document: Document) -> None:
    document.status = DocumentStatus.PROCESSING
    document.error = None
    session.commit()


def mark_failed(*, session: Session, document: Document, error: str) -> None:
    """Record why a document could not be extracted (its stored bytes and records stay)."""
    document.status = DocumentStatus.FAILED
    document.error = error
    session.commit()


def _record_row(
    document_id: int,
    data: dict[str, Any],
    text: str | None = None,
    units: Mapping[str, tuple[int, str]] | None = None,
) -> Record:
    row = Record(document_id=document_id, kind=str(data.get("kind") or ""), data=data)
    _fill_record_columns(row, data)
    _fill_evidence_text(row, text)
    _fill_unit(row, units or {})
    return row


def _fill_evidence_text(row: Record, text: str | None) -> None:
    if text is None or row.evidence_start is None or row.evidence_end is None:
        row.evidence_text = None
        return
    row.evidence_text = _clean(text[max(row.evidence_start, 0):max(row.evidence_end, 0)]) or None


def _fill_unit(row: Record, units: Mapping[str, tuple[int, str]]) -> None:
    found = units.get(row.unit) if row.unit else None
    row.unit_id, row.unit_alias = found if found else (None, None)


def _document_text(document: Document) -> str | None:
    text = ((document.extraction or {}).get("document") or {}).get("text")
    return text if isinstance(text, str) else None


def _fill_record_columns(row: Record, data: dict[str, Any]) -> None:
    for column, keys in _RECORD_COLUMNS.items():
        value = next((data[k] for k in keys if data.get(k) not in (None, "")), None)
        setattr(row, column, str(value) if value is not None else None)
    evidence = data.get("evidence")
    if isinstance(evidence, list | tuple) and len(evidence) == 2:
        row.evidence_start, row.evidence_end = int(evidence[0]), int(evidence[1])


def _canonical(data: dict[str, Any]) -> str:
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
    _copy_structure(document, extraction.document)
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
            "text": _clean(e.text) or "",
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
    new = [r for r in extraction.records if _canonical(r) not in kept]
    units = registry.resolve_units(
        session=session,
        names=[str(r["unit"]) for r in new if r.get("unit")],
        place=registry.place_of(extraction.document),
    )
    text = extraction.document.text
    rows = [_record_row(document.id, r, text, units) for r in new]
    if rows:
        session.execute(insert(Record), [{k: getattr(r, k) for k in _INSERTED} for r in rows])
    session.commit()
    session.expire(document, ["records", "entities"])


def add_records(
    *, session: Session, document: Document, records: Sequence[dict[str, Any]]
) -> list[Record]:
    """Add records to a document as pending (tests, imports), their units filed."""
    units = registry.resolve_units(
        session=session,
        names=[str(r["unit"]) for r in records if r.get("unit")],
        place=registry.document_place(document),
    )
    text = _document_text(document)
    rows = [_record_row(document.id, r, text, units) for r in records]
    session.add_all(rows)
    session.commit()
    return rows


def list_documents(
    *, session: Session, status: DocumentStatus | None = None, offset: int = 0, limit: int = 50
) -> tuple[list[Document], int]:
    """Documents, newest first, and how many there are in all."""
    query = select(Document)
    if status is not None:
        query = query.where(Document.status == status)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Document.created_at.desc(), Document.id.desc()).offset(offset).limit(limit)
    ).all()
    return list(rows), count


def review_counts(*, session: Session, document_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Records per document and review status (every status present, zeros included)."""
    out = {i: {s.value: 0 for s in RecordStatus} for i in document_ids}
    if not document_ids:
        return out
    rows = session.execute(
        select(Record.document_id, Record.status, func.count())
        .where(Record.document_id.in_(document_ids))
        .group_by(Record.document_id, Record.status)
    ).all()
    for doc_id, status, n in rows:
        out[doc_id][RecordStatus(status).value] = n
    return out


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


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(*, session: Session, role: Role) -> str:
    """A new random API token for ``role``; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(token_hash=_hash_token(token), role=role))
    session.commit()
    return token


def check_token(*, session: Session, token: str) -> ApiToken | None:
    """The live (not revoked) token row for ``token``, or None."""
    if not token:
        return None
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == _hash_token(token))).first()
    if row is None or row.revoked:
        return None
    return row


def has_token(*, session: Session, role: Role) -> bool:
    """Whether a live token with ``role`` exists."""
    query = select(ApiToken.id).where(ApiToken.role == role, ApiToken.revoked.is_(False))
    return session.scalars(query.limit(1)).first() is not None
