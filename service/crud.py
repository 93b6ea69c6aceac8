"""Keyword-only storage functions: documents, their extraction, records, review and API tokens.

Saving records files their units in the registry (``service.registry``) and keeps each
record's evidence sentence; a review (accept, reject, correct) writes an audit entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from extractor.milestones import load_catalogue
from service import registry
from service.models import (
    ApiToken,
    AuditEntry,
    Document,
    DocumentStatus,
    Entity,
    Milestone,
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


class ReviewError(ValueError):
    """A review the store refuses: a bad action or a bad corrected field (the API answers 422)."""


REVIEW_ACTIONS = {
    "accept": RecordStatus.ACCEPTED,
    "reject": RecordStatus.REJECTED,
    "correct": RecordStatus.CORRECTED,
}
# ISO dates as the extractor writes them: 2005-01-17, 2005-01, 2005, XXXX-01-17.
_DATE = re.compile(r"^(?:\d{4}|XXXX)(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")


def _is_date(v: Any) -> bool:
    if v is None:
        return True
    if not isinstance(v, str) or not _DATE.match(v):
        return False
    if len(v) == 10 and not v.startswith("XXXX"):
        try:
            dt.date.fromisoformat(v)
        except ValueError:
            return False  # 2005-02-30
    return True


def _is_name(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _is_text(v: Any) -> bool:
    return v is None or isinstance(v, str)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and v >= 0


def _is_opt_number(v: Any) -> bool:
    return v is None or _is_number(v)


def _is_names(v: Any) -> bool:
    return isinstance(v, list) and all(_is_name(x) for x in v)


def _is_span(v: Any) -> bool:
    return (
        isinstance(v, list | tuple)
        and len(v) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in v)
        and v[0] <= v[1]
    )


# What a reviewer may correct in a record of each kind: field → (check, what it must be).
_CHECKS: dict[str, tuple[Any, str]] = {
    "unit": (_is_name, "a unit name"),
    "date": (_is_date, "a date (YYYY-MM-DD, YYYY-MM, YYYY or XXXX-MM-DD) or null"),
    "as_of": (_is_date, "a date (YYYY-MM-DD, YYYY-MM, YYYY or XXXX-MM-DD) or null"),
    "what": (_is_text, "text or null"),
    "about": (_is_text, "text or null"),
    "item": (_is_text, "text or null"),
    "number": (_is_number, "a number, 0 or more"),
    "of": (_is_opt_number, "a number, 0 or more, or null"),
    "rate": (_is_opt_number, "a number, 0 or more, or null"),
    "name": (_is_name, "a person's name"),
    "titles": (_is_names, "a list of titles"),
    "roles": (_is_names, "a list of roles"),
    "milestone": (None, "a milestone key or null"),
    "evidence": (_is_span, "[start, end] offsets into the document text"),
}
_FIELDS = {
    "event": ("unit", "date", "what", "milestone", "evidence"),
    "metric": ("number", "item", "about", "as_of", "of", "rate", "milestone", "evidence"),
    "official": ("name", "titles", "roles", "evidence"),
}


def _check_correction(
    record: Record, data: Any, milestones: set[str], text_length: int | None
) -> dict[str, Any]:
    if not isinstance(data, dict) or not data:
        raise ReviewError("correct needs data: the corrected fields, e.g. {\"date\": \"2024-05-06\"}")
    allowed = _FIELDS.get(record.kind) or tuple(k for k in record.data if k in _CHECKS)
    for key, value in data.items():
        if key not in allowed:
            raise ReviewError(
                f"{key!r} cannot be corrected in a {record.kind} record; "
                f"fields: {', '.join(allowed)}"
            )
        check, what = _CHECKS[key]
        ok = (value is None or value in milestones) if key == "milestone" else check(value)
        if ok and key == "evidence" and text_length is not None:
            ok = value[1] <= text_length
        if not ok:
            raise ReviewError(f"{key} must be {what}; got {value!r}")
    return data


def _snapshot(record: Record) -> dict[str, Any]:
    return {
        "status": record.status.value,
        "record": dict(record.corrected or record.data),
        "unit_id": record.unit_id,
    }


def review_record(
    *,
    session: Session,
    record: Record,
    action: str,
    actor: str,
    data: dict[str, Any] | None = None,
    note: str | None = None,
) -> Record:
    """Accept, reject or correct a record, with an audit entry for the change.

    ``correct`` merges ``data`` (the corrected fields) over the record as it stands and keeps
    the result in ``Record.corrected``; accepting a corrected record accepts the correction.
    A review that changes nothing and has no note writes no audit entry.
    """
    status = REVIEW_ACTIONS.get(action)
    if status is None:
        raise ReviewError(f"action must be one of {', '.join(REVIEW_ACTIONS)}; got {action!r}")
    if data and action != "correct":
        raise ReviewError(f"data is only for correct, not for {action}")
    note = (note or "").strip() or None
    before = _snapshot(record)
    if action == "correct":
        text = _document_text(record.document)
        milestones = set(session.scalars(select(Milestone.key))) | set(load_catalogue().keys())
        fields = _check_correction(record, data, milestones, len(text) if text else None)
        old_unit = record.unit
        corrected = {**(record.corrected or record.data), **fields}
        record.corrected = corrected
        _fill_record_columns(record, corrected)
        if "evidence" in fields:
            _fill_evidence_text(record, text)
        if record.unit != old_unit:
            units = registry.resolve_units(
                session=session,
                names=[record.unit] if record.unit else [],
                place=registry.document_place(record.document),
            )
            _fill_unit(record, units)
    record.status = status
    after = _snapshot(record)
    if before == after and note is None:
        return record
    session.add(
        AuditEntry(
            record_id=record.id,
            actor=actor[:255],
            action=action,
            before=before,
            after=after,
            note=note,
        )
    )
    session.commit()
    return record


def record_history(*, session: Session, record_id: int) -> list[AuditEntry]:
    """A record's audit entries, oldest first."""
    query = select(AuditEntry).where(AuditEntry.record_id == record_id).order_by(AuditEntry.id)
    return list(session.scalars(query))


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
