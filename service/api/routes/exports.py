"""Downloads: records and the progress board (Excel, CSV), reviewed documents as training data."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from service.api.deps import SessionDep, ViewerDep
from service.core.models import RecordStatus
from service.reports import board, exports

router = APIRouter(prefix="/exports", tags=["exports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _download(content: bytes, media_type: str, stem: str, suffix: str) -> Response:
    name = f"jianbao-{stem}-{dt.date.today():%Y%m%d}.{suffix}"
    return Response(
        content=content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _record_filter(
    kind: str | None = None,
    status: RecordStatus | None = None,
    unit: str | None = None,
    milestone: str | None = None,
    document_id: int | None = None,
) -> exports.RecordFilter:
    """The query parameters of ``GET /api/records`` as an export filter."""
    return exports.RecordFilter(kind, status, unit, milestone, document_id)


RecordFilterDep = Annotated[exports.RecordFilter, Depends(_record_filter)]


@router.get("/records.xlsx", response_class=Response)
def records_xlsx(session: SessionDep, _token: ViewerDep, where: RecordFilterDep) -> Response:
    """Records (filtered like ``GET /api/records``) as an Excel workbook, Chinese headers."""
    table = exports.records_table(session=session, where=where)
    return _download(exports.to_xlsx([table]), XLSX, "records", "xlsx")


@router.get("/records.csv", response_class=Response)
def records_csv(session: SessionDep, _token: ViewerDep, where: RecordFilterDep) -> Response:
    """Records as CSV (UTF-8 with a byte-order mark), Chinese headers."""
    table = exports.records_table(session=session, where=where)
    return _download(exports.to_csv(table), CSV, "records", "csv")


@router.get("/training.jsonl", response_class=Response)
def training_jsonl(session: SessionDep, _token: ViewerDep) -> Response:
    """Reviewed documents as ``{"id", "text", "spans": [[start, end, label], …]}`` lines."""
    return _download(
        exports.training_jsonl(session=session), "application/x-ndjson", "training", "jsonl"
    )


@router.get("/training.bio", response_class=Response)
def training_bio(session: SessionDep, _token: ViewerDep) -> Response:
    """Reviewed documents as character BIO (``char<TAB>tag`` lines)."""
    return _download(
        exports.training_bio(session=session), "text/plain; charset=utf-8", "training", "bio"
    )


@router.get("/progress.xlsx", response_class=Response)
def progress_xlsx(session: SessionDep, _token: ViewerDep, pending: bool = False) -> Response:
    """The progress board as a workbook: matrix, completion rates, metric series."""
    view = board.load(session=session, include_pending=pending)
    tables = [board.matrix_table(view), board.rates_table(view), board.series_table(view)]
    return _download(exports.to_xlsx(tables), XLSX, "progress", "xlsx")


@router.get("/progress.csv", response_class=Response)
def progress_csv(session: SessionDep, _token: ViewerDep, pending: bool = False) -> Response:
    """The progress matrix (one row per unit and milestone) as CSV with a byte-order mark."""
    view = board.load(session=session, include_pending=pending)
    return _download(exports.to_csv(board.matrix_table(view)), CSV, "progress", "csv")
