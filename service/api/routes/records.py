"""Records across documents: filter, page, read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from service import crud
from service.api.deps import SessionDep, ViewerDep
from service.models import Record, RecordStatus
from service.schemas import RecordPublic, RecordsPublic

router = APIRouter(prefix="/records", tags=["records"])


@router.get("")
def list_records(
    session: SessionDep,
    _token: ViewerDep,
    kind: Annotated[str | None, Query(description="official, metric or event")] = None,
    status_: Annotated[RecordStatus | None, Query(alias="status")] = None,
    unit: Annotated[str | None, Query(description="the unit as written in the record")] = None,
    milestone: Annotated[str | None, Query(description="a milestone key")] = None,
    document_id: Annotated[int | None, Query()] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> RecordsPublic:
    """Retrieve records."""
    rows, count = crud.list_records(
        session=session,
        kind=kind,
        status=status_,
        unit=unit,
        milestone=milestone,
        document_id=document_id,
        offset=offset,
        limit=limit,
    )
    return RecordsPublic(data=[RecordPublic.from_row(r) for r in rows], count=count)


@router.get("/{record_id}", responses={404: {"description": "No such record."}})
def read_record(session: SessionDep, _token: ViewerDep, record_id: int) -> RecordPublic:
    """Retrieve one record."""
    row = session.get(Record, record_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no record {record_id}")
    return RecordPublic.from_row(row)
