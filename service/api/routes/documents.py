"""Upload, list and read documents.

An upload is parsed in the request (so an unreadable file answers 422 at once and nothing is
stored), stored, and its extraction is queued; ``GET /api/documents/{id}`` shows the status.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Response, UploadFile, status

from service.api.deps import QueueDep, SessionDep, SettingsDep, UploaderDep, ViewerDep
from service.api.schemas import DocumentPublic, DocumentsPublic, UploadPublic
from service.core.models import Document, DocumentStatus
from service.store import documents
from service.store.records import list_records

router = APIRouter(prefix="/documents", tags=["documents"])
log = logging.getLogger(__name__)


def _check_reference_date(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"reference_date is not a date (YYYY-MM-DD): {value!r}",
        ) from None


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "The same bytes were uploaded before: the stored document."},
        413: {"description": "The file is over the upload limit."},
        422: {"description": "The file is empty, unreadable or of a type not supported."},
    },
)
def upload_document(
    session: SessionDep,
    settings: SettingsDep,
    queue: QueueDep,
    _token: UploaderDep,
    response: Response,
    file: Annotated[UploadFile, File(description="a .txt, .docx, .doc or .pdf file")],
    reference_date: Annotated[
        str | None, Form(description="YYYY-MM-DD: gives a year to dates written without one")
    ] = None,
) -> UploadPublic:
    """Upload a document and queue its extraction."""
    from extractor.errors import ExtractionError
    from extractor.parse import parse_bytes

    limit = settings.max_upload_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=f"the file is over the {settings.MAX_UPLOAD_MB:g} MB upload limit",
        )
    if not data:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="the file is empty")
    ref = _check_reference_date(reference_date)
    existing = documents.get_document_by_sha256(session=session, sha256=documents.sha256_hex(data))
    if existing is not None:
        response.status_code = status.HTTP_200_OK
        return _upload_public(existing, created=False)
    try:
        bulletin = parse_bytes(data, file.filename)
    except ExtractionError:
        raise  # → 422 with the parser's message (service.main)
    except Exception as exc:
        # Uploads are untrusted bytes: a parser crash on one is still an unreadable file.
        log.exception("parsing upload %r failed", file.filename)
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"the file could not be read ({type(exc).__name__})",
        ) from None
    if bulletin.pages is not None and bulletin.pages > settings.MAX_PAGES:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"the document has {bulletin.pages} pages; the limit is {settings.MAX_PAGES}",
        )
    doc, created = documents.store_upload(
        session=session, data=data, filename=file.filename, reference_date=ref, bulletin=bulletin
    )
    if created:
        queue.submit(doc.id)
    else:
        response.status_code = status.HTTP_200_OK
    return _upload_public(doc, created=created)


def _upload_public(doc: Document, *, created: bool) -> UploadPublic:
    return UploadPublic(id=doc.id, status=doc.status, sha256=doc.sha256, created=created)


@router.get("")
def list_documents(
    session: SessionDep,
    _token: ViewerDep,
    status_: Annotated[DocumentStatus | None, Query(alias="status")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> DocumentsPublic:
    """Retrieve documents, newest first, with their review counts."""
    docs, count = documents.list_documents(session=session, status=status_, offset=offset, limit=limit)
    counts = documents.review_counts(session=session, document_ids=[d.id for d in docs])
    data = [
        DocumentPublic.model_validate(d).model_copy(update={"review": counts[d.id]}) for d in docs
    ]
    return DocumentsPublic(data=data, count=count)


@router.get("/{document_id}", responses={404: {"description": "No such document."}})
def read_document(session: SessionDep, _token: ViewerDep, document_id: int) -> dict[str, Any]:
    """Retrieve one document: its extraction, records with their review state, and counts."""
    doc = documents.get_document(session=session, document_id=document_id)
    if doc is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no document {document_id}")
    extraction: dict[str, Any] = dict(doc.extraction or {})
    if not extraction:
        # Not extracted yet (or failed): what the upload already told us.
        extraction = {
            "document": {
                "sha256": doc.sha256,
                "filename": doc.filename,
                "format": doc.format,
                "title": doc.title,
                "issue_no": doc.issue_no,
                "issuer": doc.issuer,
                "date": doc.date,
            },
            "entities": [],
        }
    rows, _ = list_records(session=session, document_id=doc.id, limit=100_000)
    extraction["records"] = [
        {**(r.corrected or r.data), "id": r.id, "status": r.status.value} for r in rows
    ]
    review = documents.review_counts(session=session, document_ids=[doc.id])[doc.id]
    return {
        "id": doc.id,
        "status": doc.status.value,
        "error": doc.error,
        "reference_date": doc.reference_date,
        **extraction,
        "review": review,
    }
