"""The store: migrations, records filtering over HTTP, reprocessing, tokens (both backends)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from extractor import Extraction
from extractor.document import Bulletin
from service import crud
from service.core.db import alembic_config, init_db
from service.models import Document, Entity, Record, RecordStatus, Role
from service.processing import process_document

TEXT = "5月12日，县应急管理局召开安全生产工作会议。截至5月15日，全县已排查企业86家。"

RECORDS: list[dict[str, Any]] = [
    {
        "kind": "event",
        "unit": "县应急管理局",
        "date": "2022-05-12",
        "what": "召开安全生产工作会议",
        "milestone": "meeting_held",
        "evidence": [0, 22],
    },
    {
        "kind": "metric",
        "number": 86,
        "item": "企业",
        "as_of": "2022-05-15",
        "milestone": "inspection_done",
        "evidence": [22, 41],
    },
    {
        "kind": "event",
        "unit": "县交通运输局",
        "date": "2022-05-13",
        "what": "开展道路隐患排查",
        "milestone": "inspection_done",
        "evidence": [41, 50],
    },
    {
        "kind": "official",
        "name": "林秋",
        "titles": ["县应急管理局局长"],
        "roles": [],
        "evidence": [0, 22],
    },
]


def _document(session: Session, text: str = TEXT, name: str = "简报.txt") -> Document:
    doc, created = crud.store_upload(session=session, data=text.encode(), filename=name)
    assert created
    return doc


def test_migrations_match_the_models(database_url: str) -> None:
    from alembic import command

    init_db(database_url)  # a second run is a no-op
    command.check(alembic_config(database_url))  # raises when models and migrations differ


def test_store_upload_dedupes_by_sha256(session: Session) -> None:
    doc = _document(session)
    again, created = crud.store_upload(session=session, data=TEXT.encode(), filename="副本.txt")
    assert not created
    assert again.id == doc.id
    assert again.filename == "简报.txt"
    assert session.scalar(select(func.count()).select_from(Document)) == 1


def test_nul_characters_are_dropped_from_text_columns(session: Session) -> None:
    doc, _ = crud.store_upload(session=session, data=TEXT.encode(), filename="简\x00报.txt")
    session.expire_all()
    assert crud.get_document(session=session, document_id=doc.id).filename == "简报.txt"


@pytest.fixture
def records(session: Session) -> list[Record]:
    rows = crud.add_records(session=session, document=_document(session), records=RECORDS)
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


def _extraction(records: list[dict[str, Any]]) -> Extraction:
    return Extraction(document=Bulletin(text=TEXT, format="txt"), records=records)


def test_reprocessing_keeps_reviewed_records(session: Session) -> None:
    doc = _document(session)
    crud.save_extraction(session=session, document=doc, extraction=_extraction(RECORDS[:3]))
    rows = crud.list_records(session=session, document_id=doc.id)[0]
    rows[0].status = RecordStatus.ACCEPTED
    rows[1].status = RecordStatus.CORRECTED
    rows[1].corrected = {**RECORDS[1], "number": 68}
    session.commit()
    accepted_id, corrected_id = rows[0].id, rows[1].id

    # The extractor now finds the first record again, loses the second and third, adds a fourth.
    crud.save_extraction(
        session=session, document=doc, extraction=_extraction([RECORDS[0], RECORDS[3]])
    )
    after = crud.list_records(session=session, document_id=doc.id)[0]
    by_id = {r.id: r for r in after}
    assert by_id[accepted_id].status is RecordStatus.ACCEPTED
    assert by_id[corrected_id].corrected == {**RECORDS[1], "number": 68}
    assert sorted(r.data["kind"] for r in after) == ["event", "metric", "official"]
    pending = [r for r in after if r.status is RecordStatus.PENDING]
    assert [r.data for r in pending] == [RECORDS[3]]


def test_process_document_twice_does_not_duplicate(session: Session) -> None:
    doc = _document(session)
    for _ in range(2):
        doc = process_document(session, doc.id)
        assert doc.status.value == "done", doc.error
        entities = session.scalar(
            select(func.count()).select_from(Entity).where(Entity.document_id == doc.id)
        )
        assert entities == len(doc.extraction["entities"])
    assert doc.extraction["document"]["text"].startswith("5月12日")


def test_unreadable_stored_bytes_fail_with_a_reason(session: Session) -> None:
    doc, _ = crud.store_upload(session=session, data=b"\x00\x01\x02\xff" * 64, filename="坏.bin")
    doc = process_document(session, doc.id)
    assert doc.status.value == "failed"
    assert doc.error


def test_tokens(session: Session) -> None:
    token = crud.create_token(session=session, role=Role.REVIEWER)
    row = crud.check_token(session=session, token=token)
    assert row is not None and row.role is Role.REVIEWER
    assert token not in row.token_hash
    assert crud.check_token(session=session, token=token + "x") is None
    assert crud.check_token(session=session, token="") is None
    assert crud.has_token(session=session, role=Role.REVIEWER)
    assert not crud.has_token(session=session, role=Role.ADMIN)
    row.revoked = True
    session.commit()
    assert crud.check_token(session=session, token=token) is None
