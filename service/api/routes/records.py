"""Records across documents: filter, page, read, review (with the audit trail)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, ConfigDict, Field

from service.api.deps import ReviewerDep, SessionDep, ViewerDep
from service.api.schemas import RecordPublic, RecordsPublic
from service.core.models import Record, RecordStatus
from service.store import records as record_store
from service.store.review import ReviewError, apply_review
from service.store.review import record_history as audit_history

router = APIRouter(prefix="/records", tags=["records"])


class RecordReview(BaseModel):
    """A reviewer's decision on one record."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["accept", "reject", "correct"]
    data: dict[str, Any] | None = Field(
        None,
        description="for correct: the corrected fields, e.g. "
        '{"date": "2024-05-06"}, {"number": 12}, {"unit": "县教育局"}',
    )
    note: str | None = Field(None, max_length=2000)


class RecordReviewed(RecordPublic):
    """A record after review: its unit in the registry too."""

    unit_id: int | None


class AuditEntryPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    actor: str
    action: str
    at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str | None


class AuditEntriesPublic(BaseModel):
    data: list[AuditEntryPublic]
    count: int


def _record(session: SessionDep, record_id: int) -> Record:
    row = session.get(Record, record_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no record {record_id}")
    return row


def _actor(principal: Any) -> str:
    """Who is reviewing: a user's name when the caller is a person, else the token."""
    for attr in ("username", "name"):
        name = getattr(principal, attr, None)
        if isinstance(name, str) and name:
            return name
    role = getattr(principal, "role", None)
    role_name = getattr(role, "value", role)
    return f"token {getattr(principal, 'id', '?')} ({role_name})"


@router.get("")
def list_records(
    session: SessionDep,
    _token: ViewerDep,
    kind: Annotated[str | None, Query(description="official, metric or event")] = None,
    status_: Annotated[RecordStatus | None, Query(alias="status")] = None,
    unit: Annotated[str | None, Query(description="the unit as written in the record")] = None,
    unit_id: Annotated[int | None, Query(description="a unit of the registry")] = None,
    milestone: Annotated[str | None, Query(description="a milestone key")] = None,
    document_id: Annotated[int | None, Query()] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> RecordsPublic:
    """Retrieve records."""
    rows, count = record_store.list_records(
        session=session,
        kind=kind,
        status=status_,
        unit=unit,
        milestone=milestone,
        document_id=document_id,
        offset=offset,
        limit=limit,
        unit_id=unit_id,
    )
    return RecordsPublic(data=[RecordPublic.from_row(r) for r in rows], count=count)


@router.get("/{record_id}", responses={404: {"description": "No such record."}})
def read_record(session: SessionDep, _token: ViewerDep, record_id: int) -> RecordPublic:
    """Retrieve one record."""
    return RecordPublic.from_row(_record(session, record_id))


@router.patch(
    "/{record_id}",
    responses={
        404: {"description": "No such record."},
        422: {"description": "A bad action, or a corrected field that is unknown or invalid."},
    },
)
def review_record(
    session: SessionDep, token: ReviewerDep, record_id: int, review: RecordReview
) -> RecordReviewed:
    """Accept, reject or correct a record; the change is kept in its history."""
    row = _record(session, record_id)
    try:
        apply_review(
            session=session,
            record=row,
            action=review.action,
            actor=_actor(token),
            data=review.data,
            note=review.note,
        )
    except ReviewError as exc:
        session.rollback()
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None
    return RecordReviewed.from_row(row)


@router.get("/{record_id}/history", responses={404: {"description": "No such record."}})
def record_history(session: SessionDep, _token: ViewerDep, record_id: int) -> AuditEntriesPublic:
    """Every review of a record, oldest first: who, when, before and after."""
    _record(session, record_id)
    rows = audit_history(session=session, record_id=record_id)
    return AuditEntriesPublic(
        data=[AuditEntryPublic.model_validate(r) for r in rows], count=len(rows)
    )
