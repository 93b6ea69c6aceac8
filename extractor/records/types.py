"""The records an extraction yields, typed: one shape per kind, as ``../shared/CONTRACT.md`` writes it.

Records stay plain JSON objects (they are stored, sent and reviewed as JSON), so each kind is a
``TypedDict``: a checker sees the fields, the wire sees the same dict as ever. Fields beyond the
contract's are ``NotRequired``; readers ignore what they do not know.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

# [start, end] of the sentence a record came from, offsets into ``document.text``.
Evidence = list[int]


class Official(TypedDict):
    """A person named with the posts written before the name and the roles given (组长)."""

    kind: Literal["official"]
    name: str
    titles: list[str]
    roles: list[str]
    evidence: Evidence


class Metric(TypedDict):
    """A count of units, people or things that reached a state, as of a date."""

    kind: Literal["metric"]
    number: int | float
    item: str | None
    about: str  # the predicate the count is of (制定了实施方案)
    as_of: str | None  # an ISO date value (DATE.value), the metric holds as of it
    milestone: str | None  # a catalogue key
    evidence: Evidence
    rate: NotRequired[float]  # a percentage said with the count (占48个问题的64.6%)
    part_of: NotRequired[int]  # index into the document's records of the whole (其中…)
    of: NotRequired[int]  # the denominator (86个行政村中已有71个)


class Event(TypedDict):
    """A unit's dated step (县纪委于3月8日召开动员大会)."""

    kind: Literal["event"]
    unit: str
    date: str | None  # an ISO date value; None in a progress list with no 截至 date
    what: str
    milestone: str | None
    evidence: Evidence
    # From a progress list or table: ``date`` is the 截至 date by which the unit had reached the
    # milestone, not the day it did.
    reached_by: NotRequired[bool]


Record = Official | Metric | Event
