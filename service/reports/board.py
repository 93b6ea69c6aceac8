"""The progress board as the pages and the exports show it, built from the progress queries
(:mod:`service.store.progress`).

A cell's state: ``reached`` (by an accepted or corrected record), ``pending`` (only by a record
not yet reviewed: shown when the board includes pending records) or ``missing``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.core.models import Record, RecordStatus
from service.reports import charts
from service.reports.exports import Table
from service.store import progress as progress_store

STATE_LABELS = {"reached": "已达成", "pending": "待审", "missing": "未达成"}


@dataclass
class Cell:
    state: str
    date: str | None = None
    document_id: int | None = None
    record_id: int | None = None
    evidence: str | None = None
    reached_by: bool = False  # reached by this (截至) date, the day not said


@dataclass
class Rate:
    key: str
    name: str
    reached: int
    units: int
    completion: float | None
    completion_as_of: str | None

    @property
    def share(self) -> float:
        return self.reached / self.units if self.units else 0.0


@dataclass
class Board:
    units: list[str]
    milestones: list[tuple[str, str]]  # (key, name)
    cells: dict[tuple[str, str], Cell]
    rates: list[Rate]
    series: dict[str, list[dict[str, Any]]]
    charts: list[tuple[str, Markup]] = field(default_factory=list)


# The charts draw at most this many of the latest points of each milestone.
CHART_POINTS = 500


def load(*, session: Session, include_pending: bool = False) -> Board:
    data: dict[str, Any] = progress_store.progress(
        session=session, include_pending=include_pending, series_limit=CHART_POINTS
    )
    milestones = [(str(m["key"]), str(m["name"])) for m in data["milestones"]]
    units = [str(u["name"] or f"单位{u['id']}") for u in data["units"]]
    names = {u["id"]: str(u["name"] or f"单位{u['id']}") for u in data["units"]}
    ids = [c["record_id"] for c in data["matrix"] if c.get("record_id")]
    query = select(Record.id, Record.status).where(Record.id.in_(ids))
    statuses = dict(session.execute(query).tuples().all()) if ids else {}
    cells: dict[tuple[str, str], Cell] = {}
    for c in data["matrix"]:
        unit = names.get(c["unit_id"], str(c.get("unit")))
        if not c.get("reached"):
            cells[(unit, c["milestone"])] = Cell("missing")
            continue
        status = statuses.get(c["record_id"])
        state = "pending" if status is RecordStatus.PENDING else "reached"
        cells[(unit, c["milestone"])] = Cell(
            state, c.get("date"), c.get("document_id"), c.get("record_id"), c.get("evidence"),
            bool(c.get("reached_by")),
        )
    rates = [
        Rate(
            str(m["key"]),
            str(m["name"]),
            int(m.get("units_reached") or 0),
            len(units),
            m.get("completion"),
            m.get("completion_as_of"),
        )
        for m in data["milestones"]
    ]
    series = {k: v for k, v in data["series"].items() if v}
    board = Board(units, milestones, cells, rates, series)
    board.charts = [
        (dict(milestones).get(k, k), _chart(k, points, board))
        for k, points in series.items()
        if any(p.get("as_of") and isinstance(p.get("number"), int | float) for p in points)
    ]
    return board


def _chart(key: str, points: list[dict[str, Any]], board: Board) -> Markup:
    lines: dict[str, list[tuple[str, float]]] = {}
    for p in points:
        if p.get("as_of") and isinstance(p.get("number"), int | float):
            name = str(p.get("item") or p.get("about") or "数量")
            lines.setdefault(name, []).append((str(p["as_of"]), float(p["number"])))
    title = dict(board.milestones).get(key, key)
    return charts.line_chart(lines, title=f"{title}：指标随时间变化")


def matrix_table(board: Board) -> Table:
    rows = []
    names = dict(board.milestones)
    for unit in board.units:
        for key, _ in board.milestones:
            cell = board.cells.get((unit, key), Cell("missing"))
            rows.append([unit, names[key], STATE_LABELS[cell.state], cell.date,
                         cell.document_id, cell.record_id, cell.evidence])  # fmt: skip
    headers = ("单位", "里程碑", "状态", "达成日期", "文档编号", "记录编号", "证据原文")
    return Table("进度矩阵", headers, rows)


def rates_table(board: Board) -> Table:
    rows = [
        [r.name, r.reached, r.units, round(r.share, 4), r.completion, r.completion_as_of]
        for r in board.rates
    ]
    headers = ("里程碑", "达成单位数", "单位总数", "达成比例", "最新完成率", "完成率截至")
    return Table("完成率", headers, rows)


def series_table(board: Board) -> Table:
    names = dict(board.milestones)
    rows = [
        [names.get(key, key), p.get("as_of"), p.get("number"), p.get("item"), p.get("about"),
         p.get("of"), p.get("rate"), p.get("completion"), p.get("document_id"), p.get("record_id")]
        for key, points in board.series.items()
        for p in points
    ]  # fmt: skip
    headers = ("里程碑", "截至日期", "数量", "事项", "内容", "总数", "比率（%）", "完成率",
               "文档编号", "记录编号")  # fmt: skip
    return Table("指标序列", headers, rows)
