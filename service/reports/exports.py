"""Exports: records and the progress board as Excel (.xlsx) and CSV, reviewed documents as
training data (JSONL spans, character BIO).

Tables have Chinese headers. CSV is UTF-8 with a byte-order mark so Excel opens the Chinese
text correctly. A text cell that would start a formula (=, +, -, @) is written as text: in the
workbook as a string cell, in CSV behind an apostrophe (the usual guard against CSV injection).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.core.models import Document, DocumentStatus, Record, RecordStatus
from service.reports import views

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None


@dataclass
class Table:
    """One sheet: a title (the sheet name), Chinese headers and rows."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Cell]]


RECORD_HEADERS = (
    "记录编号", "文档编号", "文档标题", "类型", "审核状态", "单位", "里程碑", "日期",
    "姓名", "职务", "数量", "事项", "内容", "证据原文",
)  # fmt: skip


@dataclass(frozen=True)
class RecordFilter:
    kind: str | None = None
    status: RecordStatus | None = None
    unit: str | None = None
    milestone: str | None = None
    document_id: int | None = None


def _number(value: Any) -> Cell:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return value
    try:
        number = float(str(value))
    except ValueError:
        return str(value)
    return int(number) if number.is_integer() else number


def _text(value: Any) -> str | None:
    shown = views.show(value)
    return None if shown == "—" else shown


def record_rows(*, session: Session, where: RecordFilter = RecordFilter()) -> Iterator[list[Cell]]:
    """One row per record matching ``where`` (the reviewed version where there is one)."""
    query = select(Record, Document.title).join(Document, Record.document_id == Document.id)
    for column, value in (
        (Record.kind, where.kind),
        (Record.status, where.status),
        (Record.unit, where.unit),
        (Record.milestone, where.milestone),
        (Record.document_id, where.document_id),
    ):
        if value is not None:
            query = query.where(column == value)
    query = query.order_by(Record.document_id, Record.evidence_start, Record.id)
    texts: dict[int, str] = {}
    for row, title in session.execute(query.execution_options(yield_per=500)):
        data = views.current(row)
        evidence = row.evidence_text or _evidence(session, row, texts)
        yield [
            row.id,
            row.document_id,
            title,
            views.KIND_LABELS.get(row.kind, row.kind),
            views.STATUS_LABELS.get(row.status.value, row.status.value),
            _text(data.get("unit")),
            _text(views.show(data.get("milestone"), "milestone")),
            _text(data.get("date") or data.get("as_of")),
            _text(data.get("name")),
            _text(data.get("titles")),
            _number(data.get("number")),
            _text(data.get("item")),
            _text(data.get("what") or data.get("about")),
            evidence or None,
        ]


def _evidence(session: Session, row: Record, texts: dict[int, str]) -> str:
    """The record's evidence sentence, read from its document's text (cached per document)."""
    if row.evidence_start is None or row.evidence_end is None:
        return ""
    if row.document_id not in texts:
        texts.clear()  # rows come in document order: keep one text at a time
        extraction = session.scalar(select(Document.extraction).where(Document.id == row.document_id))
        texts[row.document_id] = ((extraction or {}).get("document") or {}).get("text") or ""
    return texts[row.document_id][row.evidence_start : row.evidence_end].strip()


def records_table(*, session: Session, where: RecordFilter = RecordFilter()) -> Table:
    return Table("记录", RECORD_HEADERS, record_rows(session=session, where=where))


def _safe_text(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(table: Table) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel then reads the Chinese text right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(["" if v is None else _safe_text(v) for v in row])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table, headers bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(title=table.title[:31])
        sheet.freeze_panes = "A2"
        header = []
        for name in table.headers:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def reviewed_documents(*, session: Session) -> Iterator[dict[str, Any]]:
    """Extractions of documents whose records have all been reviewed (at least one record)."""
    pending = (
        select(Record.document_id)
        .where(Record.status == RecordStatus.PENDING)
        .group_by(Record.document_id)
    )
    reviewed = select(Record.document_id).group_by(Record.document_id).having(func.count() > 0)
    query = (
        select(Document.id)
        .where(Document.status == DocumentStatus.DONE)
        .where(Document.id.in_(reviewed), Document.id.not_in(pending))
        .order_by(Document.id)
    )
    for doc_id in session.scalars(query).all():
        extraction = session.scalar(select(Document.extraction).where(Document.id == doc_id))
        if extraction and (extraction.get("document") or {}).get("text"):
            yield extraction


def training_jsonl(*, session: Session) -> bytes:
    """``{"id", "text", "spans"}`` per reviewed document (the model issue's exporter)."""
    from extractor.training.exports import example_from_extraction, write_spans_jsonl

    examples = [example_from_extraction(e) for e in reviewed_documents(session=session)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "spans.jsonl"
        write_spans_jsonl(examples, path)
        return path.read_bytes()


def training_bio(*, session: Session) -> bytes:
    """Character BIO (``char<TAB>tag``, blank line between lines) of every reviewed document."""
    from extractor.training.exports import bio_lines, example_from_extraction

    lines: list[str] = []
    for extraction in reviewed_documents(session=session):
        lines += bio_lines(example_from_extraction(extraction))
    return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
