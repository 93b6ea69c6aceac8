"""Progress: which unit reached which milestone when, and the counts over time.

Reviewed records feed the board: accepted and corrected ones (a corrected record counts as
corrected), and pending ones too when asked (``include_pending``); rejected records never.

- the matrix: per unit (of the registry) and milestone, whether an event record reached it,
  the first date, and that record's id, document and evidence sentence. Dates without a known
  year (XXXX-01-17) come after dated ones, records without a date last;
- the series: per milestone, every metric record's value as of its date (number, item, the
  denominator ``of``, the ``rate`` said in the text, and ``completion`` = number/of, else
  rate/100), sorted by date;
- per milestone, how many units reached it and the latest completion rate known.

The milestone table follows the extractor's catalogue (:func:`sync_milestones`).
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import JSON, case, func, select, type_coerce
from sqlalchemy.orm import Session

from extractor.milestones import Catalogue, load_catalogue
from service.core.models import Milestone, Record, RecordStatus, Unit

REVIEWED = (RecordStatus.ACCEPTED, RecordStatus.CORRECTED)


def sync_milestones(*, session: Session, catalogue: Catalogue | None = None) -> list[Milestone]:
    """Add the catalogue's milestones missing from the table (names and order kept in step)."""
    catalogue = catalogue or load_catalogue()
    rows = {m.key: m for m in session.scalars(select(Milestone))}
    changed = False
    for ms in catalogue.milestones:
        row = rows.get(ms.key)
        if row is None:
            rows[ms.key] = row = Milestone(key=ms.key, name=ms.name, order=ms.order)
            session.add(row)
            changed = True
        elif (row.name, row.order) != (ms.name, ms.order):
            row.name, row.order = ms.name, ms.order
            changed = True
    if changed:
        session.commit()
    return sorted(rows.values(), key=lambda m: (m.order, m.key))


def _statuses(include_pending: bool) -> list[RecordStatus]:
    return [*REVIEWED, RecordStatus.PENDING] if include_pending else list(REVIEWED)


def _first_events(session: Session, statuses: list[RecordStatus]) -> list[Any]:
    """The first event record of each (unit, milestone), by date."""
    rank = func.row_number().over(
        partition_by=(Record.unit_id, Record.milestone),
        order_by=(_undated(Record.date), Record.date, Record.id),
    )
    ranked = (
        select(
            Record.id,
            Record.unit_id,
            Record.milestone,
            Record.date,
            Record.document_id,
            Record.evidence_text,
            # a progress-list event: reached by this (截至) date, the day not said
            _record_values()["reached_by"].as_string().label("reached_by"),
            rank.label("rank"),
        )
        .where(
            Record.kind == "event",
            Record.status.in_(statuses),
            Record.unit_id.is_not(None),
            Record.milestone.is_not(None),
        )
        .subquery()
    )
    return list(session.execute(select(ranked).where(ranked.c.rank == 1)))


def _completion(number: Any, of: Any, rate: Any) -> float | None:
    if _numeric(number) and _numeric(of) and of > 0:
        return round(number / of, 4)
    if _numeric(rate):
        return round(rate / 100, 4)
    return None


def _numeric(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _record_values() -> Any:
    """The record as it stands (the correction if any), its fields read by the database."""
    return type_coerce(case((Record.corrected.is_(None), Record.data), else_=Record.corrected), JSON)




def _metric_filter(statuses: list[RecordStatus]) -> tuple[Any, ...]:
    return (Record.kind == "metric", Record.status.in_(statuses), Record.milestone.is_not(None))


def _series(
    session: Session, statuses: list[RecordStatus], limit: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Per milestone, its metric points in date order; with ``limit``, the latest ``limit`` of
    each, chosen by the database (a window over the milestone's points, latest first)."""
    value = _record_values()
    as_of = value["as_of"].as_string()
    columns = (
        Record.id,
        Record.document_id,
        Record.milestone,
        as_of,
        # As text, so a malformed stored value cannot fail the whole query (PostgreSQL casts).
        value["number"].as_string(),
        value["item"].as_string(),
        value["about"].as_string(),
        value["of"].as_string(),
        value["rate"].as_string(),
    )
    query = select(*columns).where(*_metric_filter(statuses))
    if limit is not None:
        rank = func.row_number().over(
            partition_by=Record.milestone,
            order_by=(_undated(as_of).desc(), as_of.desc(), Record.id.desc()),
        )
        ranked = query.add_columns(rank.label("rank")).subquery()
        query = select(*list(ranked.c)[:-1]).where(ranked.c.rank <= limit)
    out: dict[str, list[dict[str, Any]]] = {}
    for rid, doc_id, milestone, as_of_, number, item, about, of, rate in session.execute(query):
        out.setdefault(milestone, []).append(_point(rid, doc_id, as_of_, number, item, about, of, rate))
    for points in out.values():
        points.sort(key=lambda p: (_date_key(p["as_of"]), p["record_id"]))
    return out


def _undated(date: Any) -> Any:
    """0 for a full date, 1 for one without a year (XXXX-01-17), 2 for none: the sort order."""
    return case((date.is_(None), 2), (date.like("XXXX%"), 1), else_=0)


def _point(rid: int, doc_id: int, as_of: Any, number: Any, item: Any, about: Any, of: Any,
           rate: Any) -> dict[str, Any]:
    number, of, rate = _plain(number), _plain(of), _plain(rate)
    return {
        "as_of": as_of, "number": number, "item": item, "about": about, "of": of, "rate": rate,
        "completion": _completion(number, of, rate), "record_id": rid, "document_id": doc_id,
    }


def _series_summaries(session: Session, statuses: list[RecordStatus]) -> dict[str, dict[str, Any]]:
    """Per milestone: how many metric points, and the latest one with a completion rate."""
    value = _record_values()
    as_of = value["as_of"].as_string()
    counts = select(Record.milestone, func.count()).where(*_metric_filter(statuses))
    out: dict[str, dict[str, Any]] = {
        k: {"metrics": n, "completion": None, "completion_as_of": None}
        for k, n in session.execute(counts.group_by(Record.milestone)).tuples()
        if k is not None  # never: the filter asks for a milestone
    }
    number, of, rate = (value[f].as_string() for f in ("number", "of", "rate"))
    rated = (number.is_not(None) & of.is_not(None)) | rate.is_not(None)
    rank = func.row_number().over(
        partition_by=Record.milestone,
        order_by=(_undated(as_of).desc(), as_of.desc(), Record.id.desc()),
    )
    inner = (
        select(Record.milestone, as_of.label("as_of"), number.label("number"), of.label("of"),
               rate.label("rate"), rank.label("rank"))
        .where(*_metric_filter(statuses), rated)
        .subquery()
    )
    latest = select(inner.c.milestone, inner.c.as_of, inner.c.number, inner.c.of, inner.c.rate)
    for milestone, date, n, total, r in session.execute(latest.where(inner.c.rank <= 5)):
        summary = out.get(milestone)
        completion = _completion(_plain(n), _plain(total), _plain(r))
        if summary is None or completion is None or summary["completion"] is not None:
            continue  # the latest rated point comes first; a malformed one gives way to the next
        summary["completion"], summary["completion_as_of"] = completion, date
    return out


def _plain(v: Any) -> float | int | None:
    """A stored number as a number ('18' → 18, '64.5' → 64.5); anything else → None."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f):
        return None
    return int(f) if f.is_integer() else f


def _date_key(date: Any) -> tuple[int, str]:
    if not isinstance(date, str) or not date:
        return (2, "")
    return (1 if date.startswith("XXXX") else 0, date)


def progress(
    *, session: Session, include_pending: bool = False, series_limit: int | None = None
) -> dict[str, Any]:
    """The progress board (see the module docstring) as JSON-ready data.

    ``series_limit`` keeps the latest points of each series (the summaries count them all).
    """
    statuses = _statuses(include_pending)
    milestones = sync_milestones(session=session)
    firsts = _first_events(session, statuses)
    series = _series(session, statuses, series_limit)
    summaries = (
        _series_summaries(session, statuses) if series_limit is not None
        else {k: _summarise(points) for k, points in series.items()}
    )
    keys = [m.key for m in milestones]
    names = {m.key: m.name for m in milestones}
    orders = {m.key: m.order for m in milestones}
    for key in sorted({r.milestone for r in firsts} | set(series)):
        if key not in names:  # a key from a user's catalogue the table does not hold
            keys.append(key)
            names[key] = key
            orders[key] = max(orders.values(), default=0) + 1
    cells = {(r.unit_id, r.milestone): r for r in firsts}
    unit_ids = sorted({r.unit_id for r in firsts})
    unit_names = dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids))).tuples().all())
    reached = {u: sum((u, k) in cells for k in keys) for u in unit_ids}
    units_order = sorted(unit_ids, key=lambda u: (-reached[u], unit_names.get(u, ""), u))
    matrix = []
    for u in units_order:
        for k in keys:
            cell = cells.get((u, k))
            matrix.append(
                {
                    "unit_id": u,
                    "unit": unit_names.get(u),
                    "milestone": k,
                    "reached": cell is not None,
                    "date": cell.date if cell else None,
                    "reached_by": cell is not None and str(cell.reached_by).lower() in ("1", "true"),
                    "record_id": cell.id if cell else None,
                    "document_id": cell.document_id if cell else None,
                    "evidence": cell.evidence_text if cell else None,
                }
            )
    return {
        "include_pending": include_pending,
        "units": [
            {"id": u, "name": unit_names.get(u), "reached": reached[u]} for u in units_order
        ],
        "milestones": [_milestone_summary(k, names[k], orders[k], cells, summaries) for k in keys],
        "matrix": matrix,
        "series": {k: series.get(k, []) for k in keys},
    }


def _summarise(points: list[dict[str, Any]]) -> dict[str, Any]:
    rated = [p for p in points if p["completion"] is not None]
    return {
        "metrics": len(points),
        "completion": rated[-1]["completion"] if rated else None,
        "completion_as_of": rated[-1]["as_of"] if rated else None,
    }


def _milestone_summary(
    key: str, name: str, order: int, cells: dict[tuple[int, str], Any],
    summaries: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    summary = summaries.get(key) or {"metrics": 0, "completion": None, "completion_as_of": None}
    return {
        "key": key,
        "name": name,
        "order": order,
        "units_reached": sum(1 for (_, k) in cells if k == key),
        **summary,
    }
