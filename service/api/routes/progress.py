"""The progress board as JSON: units × milestones, metric series, completion rates."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from service.api.deps import SessionDep, ViewerDep
from service.store import progress as progress_store

router = APIRouter(prefix="/progress", tags=["progress"])


@router.get("", response_class=JSONResponse, responses={200: {"content": {"application/json": {}}}})
def read_progress(
    session: SessionDep,
    _token: ViewerDep,
    include_pending: Annotated[
        bool, Query(description="count records not reviewed yet as well")
    ] = False,
    series_limit: Annotated[
        int | None, Query(ge=1, description="only the latest points of each metric series")
    ] = None,
) -> Any:
    """Per unit and milestone: reached or not, when, from which document and sentence; per
    milestone: the metric values over time and the completion rates known.

    The answer is plain JSON already (no re-encoding of a large board).
    """
    body: dict[str, Any] = progress_store.progress(
        session=session, include_pending=include_pending, series_limit=series_limit
    )
    return JSONResponse(body)
