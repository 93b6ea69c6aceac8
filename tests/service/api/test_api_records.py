"""Records over HTTP: filters, text order, pagination and the shape of one (both backends)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from service.core.models import Record, RecordStatus
from service.store.records import add_records
from tests.service.store.test_store import RECORDS, stored_document


@pytest.fixture
def records(session: Session) -> list[Record]:
    rows = add_records(session=session, document=stored_document(session), records=RECORDS)
    rows[2].status = RecordStatus.ACCEPTED
    session.commit()
    return rows


def test_records_filters(api, records: list[Record]) -> None:
    def ids(**params: Any) -> list[int]:
        body = api.get("/api/records", **params).json()
        assert body["count"] == len(body["data"])
        return [r["id"] for r in body["data"]]

    event, metric, other_event, official = (r.id for r in records)
    assert ids() == [event, official, metric, other_event]  # in text order
    assert ids(kind="event") == [event, other_event]
    assert ids(kind="official") == [official]
    assert ids(unit="县应急管理局") == [event]
    assert ids(milestone="inspection_done") == [metric, other_event]
    assert ids(status="accepted") == [other_event]
    assert ids(status="pending", kind="event") == [event]
    assert ids(kind="event", milestone="meeting_held", unit="县交通运输局") == []
    assert api.get("/api/records", status="maybe").status_code == 422


def test_records_pagination_and_shape(api, records: list[Record]) -> None:
    page = api.get("/api/records", limit=3).json()
    assert page["count"] == 4
    assert len(page["data"]) == 3
    rest = api.get("/api/records", limit=3, offset=3).json()
    assert [r["id"] for r in rest["data"]] == [records[2].id]  # the last in text order
    metric = api.get(f"/api/records/{records[1].id}").json()
    assert metric["data"] == RECORDS[1]
    assert metric["date"] == "2022-05-15"  # copied from as_of
    assert metric["evidence"] == [22, 41]
    assert metric["status"] == "pending"
    assert api.get("/api/records/999999").status_code == 404
