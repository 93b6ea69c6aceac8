"""Reviewing records: accept, reject or correct, each change kept in the audit trail.

A correction is checked field by field for the record's kind (dates, numbers, units, milestone
keys, evidence spans), kept in ``Record.corrected`` beside the original extraction, and a changed
unit is filed again in the registry.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.milestones import load_catalogue
from extractor.rules.dates import is_date_value
from service.core.models import AuditEntry, Milestone, Record, RecordStatus
from service.store import units
from service.store.documents import document_text
from service.store.records import fill_columns, fill_evidence_text, fill_unit


class ReviewError(ValueError):
    """A review the store refuses: a bad action or a bad corrected field (the API answers 422)."""


REVIEW_ACTIONS = {
    "accept": RecordStatus.ACCEPTED,
    "reject": RecordStatus.REJECTED,
    "correct": RecordStatus.CORRECTED,
}
def _is_date(v: Any) -> bool:
    """None, or a DATE value as the extractor writes it (the extractor's one pattern)."""
    return v is None or is_date_value(v)


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
    "date": (_is_date, "a date (YYYY-MM-DD, YYYY-MM, YYYY, XXXX-MM-DD or XXXX-XX-DD) or null"),
    "as_of": (_is_date, "a date (YYYY-MM-DD, YYYY-MM, YYYY, XXXX-MM-DD or XXXX-XX-DD) or null"),
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


def apply_review(
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
        text = document_text(record.document)
        milestones = set(session.scalars(select(Milestone.key))) | set(load_catalogue().keys())
        fields = _check_correction(record, data, milestones, len(text) if text else None)
        old_unit = record.unit
        corrected = {**(record.corrected or record.data), **fields}
        record.corrected = corrected
        fill_columns(record, corrected)
        if "evidence" in fields:
            fill_evidence_text(record, text)
        if record.unit != old_unit:
            found = units.resolve_units(
                session=session,
                names=[record.unit] if record.unit else [],
                place=units.document_place(record.document),
            )
            fill_unit(record, found)
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
