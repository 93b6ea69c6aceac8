"""Documents in the store: uploads (deduplicated by SHA-256), their status, listing.

A document keeps its bytes and, once extracted, its whole extraction; its entities and records
are written by :mod:`service.store.records`, reviews by :mod:`service.store.review`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.core.models import Document, DocumentStatus, Record, RecordStatus

if TYPE_CHECKING:
    from extractor.document import Bulletin


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def clean_text(value: str | None) -> str | None:
    """Text as PostgreSQL stores it: without NUL characters."""
    return value.replace("\x00", "") if value else value


def get_document(*, session: Session, document_id: int) -> Document | None:
    return session.get(Document, document_id)


def get_document_by_sha256(*, session: Session, sha256: str) -> Document | None:
    return session.scalars(select(Document).where(Document.sha256 == sha256)).first()


def document_text(document: Document) -> str | None:
    """The plain text of a stored document's extraction (None before it is extracted)."""
    text = ((document.extraction or {}).get("document") or {}).get("text")
    return text if isinstance(text, str) else None


def copy_structure(doc: Document, bulletin: Bulletin) -> None:
    """Fill a document's format, title, issue, issuer and date from its parsed file."""
    doc.format = bulletin.format
    doc.title = clean_text(bulletin.title)
    doc.issue_no = clean_text(bulletin.issue_no)
    doc.issuer = clean_text(bulletin.issuer)
    doc.date = clean_text(bulletin.date)


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
        filename=clean_text(filename),
        size=len(data),
        content=data,
        status=DocumentStatus.QUEUED,
        reference_date=reference_date,
    )
    if bulletin is not None:
        copy_structure(doc, bulletin)
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


def mark_processing(*, session: Session, document: Document) -> None:
    document.status = DocumentStatus.PROCESSING
    document.error = None
    session.commit()


def mark_failed(*, session: Session, document: Document, error: str) -> None:
    """Record why a document could not be extracted (its stored bytes and records stay)."""
    document.status = DocumentStatus.FAILED
    document.error = error
    session.commit()


def fail_unfinished(*, session: Session, document_id: int, error: str) -> None:
    """Mark a document failed with ``error``, unless it was extracted meanwhile (a runner that
    stopped: a dead worker process, a time limit)."""
    session.execute(
        update(Document)
        .where(Document.id == document_id, Document.status != DocumentStatus.DONE)
        .values(status=DocumentStatus.FAILED, error=error)
    )
    session.commit()


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
