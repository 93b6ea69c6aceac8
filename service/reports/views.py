"""What the review pages show, computed from stored rows: text pieces, record fields, history.

The labels and the way a value is printed are the exports' too (:mod:`service.reports.exports`).
Nothing here writes; the templates escape every string they are given.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from service.core.models import AuditEntry, Record

KIND_LABELS = {"official": "人员", "metric": "指标", "event": "事件"}
STATUS_LABELS = {"pending": "待审", "accepted": "已接受", "rejected": "已拒绝", "corrected": "已更正"}
ACTION_LABELS = {
    "accept": "接受",
    "accepted": "接受",
    "reject": "拒绝",
    "rejected": "拒绝",
    "correct": "更正",
    "corrected": "更正",
    "reset": "恢复待审",
    "merge": "合并单位",
    "split": "拆分单位",
}
ENTITY_LABELS = {
    "UNIT": "单位",
    "PERSON": "人名",
    "TITLE": "职务",
    "DATE": "日期",
    "COUNT": "数量",
    "PERCENT": "百分比",
    "LOC": "地名",
}

# Editable fields per record kind: key, Chinese label, input type (text, list, number, date,
# milestone). ``evidence`` (the sentence span) is editable for every kind.
FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "official": (("name", "姓名", "text"), ("titles", "职务", "list"), ("roles", "角色", "list")),
    "metric": (
        ("number", "数量", "number"),
        ("of", "总数", "number"),
        ("rate", "比率（%）", "number"),
        ("item", "事项", "text"),
        ("about", "内容", "text"),
        ("as_of", "截至日期", "date"),
        ("milestone", "里程碑", "milestone"),
    ),
    "event": (
        ("unit", "单位", "text"),
        ("date", "日期", "date"),
        ("what", "事件", "text"),
        ("milestone", "里程碑", "milestone"),
    ),
}
# Fields a reviewer never edits nor sees as a change (bookkeeping).
HIDDEN = frozenset({"kind", "evidence", "id", "status", "unit_id"})


@functools.cache
def milestone_names() -> dict[str, str]:
    """Milestone key → Chinese name, in catalogue order."""
    from extractor.milestones import load_catalogue

    return {m.key: m.name for m in sorted(load_catalogue().milestones, key=lambda m: m.order)}


def entity_label(label: str) -> str:
    return ENTITY_LABELS.get(label, label)


@dataclass
class Piece:
    """A run of document text with one highlighting: an entity label or none."""

    start: int
    end: int
    text: str
    label: str | None = None


def pieces(text: str, entities: list[dict[str, Any]], cuts: list[int]) -> list[Piece]:
    """``text`` cut at entity edges and at ``cuts`` (evidence edges), each run with its label.

    Entities that overlap an earlier (or, at the same start, longer) one are not highlighted,
    so each character has at most one label.
    """
    chosen: list[tuple[int, int, str]] = []
    last_end = 0
    ordered = sorted(entities, key=lambda e: (int(e["start"]), -int(e["end"])))
    for e in ordered:
        start, end = int(e["start"]), int(e["end"])
        if start >= last_end and 0 <= start < end <= len(text):
            chosen.append((start, end, str(e["label"])))
            last_end = end
    edges = {0, len(text)}
    for start, end, _ in chosen:
        edges.update((start, end))
    edges.update(c for c in cuts if 0 <= c <= len(text))
    entity_at = {start: (end, label) for start, end, label in chosen}
    out: list[Piece] = []
    bounds = sorted(edges)
    current: tuple[int, str] | None = None  # (end, label) of the entity being cut
    for start, end in zip(bounds, bounds[1:], strict=False):
        current = entity_at.get(start, current)
        label = current[1] if current and start < current[0] else None
        out.append(Piece(start, end, text[start:end], label))
    return out


@dataclass
class FieldView:
    key: str
    label: str
    kind: str
    value: str
    raw: Any = None
    editable: bool = True


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryView:
    at: str
    actor: str
    action: str
    changes: list[Change] = field(default_factory=list)
    note: str | None = None


def show(value: Any, key: str = "") -> str:
    """A field value as the pages print it."""
    if value is None or value == "" or value == []:
        return "—"
    if key == "milestone":
        return milestone_names().get(str(value), str(value))
    if isinstance(value, list | tuple):
        return "、".join(show(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return "；".join(f"{k}：{show(v)}" for k, v in value.items())
    return str(value)


def current(row: Record) -> dict[str, Any]:
    """The record as it stands: the reviewer's version when there is one."""
    return dict(row.corrected or row.data or {})


def fields(row: Record) -> list[FieldView]:
    data = current(row)
    known = FIELDS.get(row.kind, ())
    out = [FieldView(k, label, kind, show(data.get(k), k), data.get(k)) for k, label, kind in known]
    seen = {k for k, _, _ in known} | HIDDEN
    out += [
        FieldView(k, k, "text", show(v, k), v, editable=False)
        for k, v in data.items()
        if k not in seen
    ]
    return out


def _label_of(key: str) -> str:
    for kind_fields in FIELDS.values():
        for k, label, _ in kind_fields:
            if k == key:
                return label
    return {"status": "状态", "evidence": "证据位置"}.get(key, key)


def _flat(state: dict[str, Any] | None) -> dict[str, Any]:
    """An audit snapshot as one level of fields (the record inside it opened up)."""
    if not state:
        return {}
    inside = ("record", "data", "corrected")
    out = {k: v for k, v in state.items() if k not in inside}
    for inner in inside:
        if isinstance(state.get(inner), dict):
            out.update(state[inner])
    return out


def history(entries: list[AuditEntry]) -> list[HistoryView]:
    """Audit entries, oldest first, with the fields each one changed."""
    out: list[HistoryView] = []
    for entry in entries:
        before, after = _flat(entry.before), _flat(entry.after)
        changes = [
            Change(
                _label_of(k),
                STATUS_LABELS.get(str(before.get(k)), show(before.get(k), k)),
                STATUS_LABELS.get(str(after.get(k)), show(after.get(k), k)),
            )
            for k in sorted(set(before) | set(after))
            if k not in ("id", "kind", "updated_at", "note", "unit_id")
            and before.get(k) != after.get(k)
        ]
        note = after.get("note") if isinstance(after.get("note"), str) else None
        out.append(
            HistoryView(
                at=entry.at.strftime("%Y-%m-%d %H:%M") if entry.at else "",
                actor=entry.actor,
                action=ACTION_LABELS.get(entry.action, entry.action),
                changes=changes,
                note=entry.note or note,
            )
        )
    return out
