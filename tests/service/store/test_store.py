"""The store: documents (deduplicated uploads, status), an extraction's records saved again,
tokens (both backends). The records used here are shared with the other store and API tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from extractor import Extraction
from extractor.document import Bulletin
from service.core.models import Document, DocumentStatus, RecordStatus, Role
from service.store import documents, tokens
from service.store.records import list_records, save_extraction

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


def stored_document(session: Session, text: str = TEXT, name: str = "简报.txt") -> Document:
    """A new document of ``text`` in the store (queued)."""
    doc, created = documents.store_upload(session=session, data=text.encode(), filename=name)
    assert created
    return doc


def test_store_upload_dedupes_by_sha256(session: Session) -> None:
    doc = stored_document(session)
    again, created = documents.store_upload(session=session, data=TEXT.encode(), filename="副本.txt")
    assert not created
    assert again.id == doc.id
    assert again.filename == "简报.txt"
    assert session.scalar(select(func.count()).select_from(Document)) == 1


def test_nul_characters_are_dropped_from_text_columns(session: Session) -> None:
    doc, _ = documents.store_upload(session=session, data=TEXT.encode(), filename="简\x00报.txt")
    session.expire_all()
    assert documents.get_document(session=session, document_id=doc.id).filename == "简报.txt"


def test_fail_unfinished_leaves_an_extracted_document_alone(session: Session) -> None:
    waiting = stored_document(session)
    extracted = stored_document(session, TEXT + "又一期。")
    save_extraction(session=session, document=extracted, extraction=_extraction(RECORDS[:1]))
    for doc in (waiting, extracted):
        documents.fail_unfinished(session=session, document_id=doc.id, error="the worker died")
    session.expire_all()
    assert (waiting.status, waiting.error) == (DocumentStatus.FAILED, "the worker died")
    assert (extracted.status, extracted.error) == (DocumentStatus.DONE, None)


def _extraction(records: list[dict[str, Any]]) -> Extraction:
    return Extraction(document=Bulletin(text=TEXT, format="txt"), records=records)


def test_reprocessing_keeps_reviewed_records(session: Session) -> None:
    doc = stored_document(session)
    save_extraction(session=session, document=doc, extraction=_extraction(RECORDS[:3]))
    rows = list_records(session=session, document_id=doc.id)[0]
    rows[0].status = RecordStatus.ACCEPTED
    rows[1].status = RecordStatus.CORRECTED
    rows[1].corrected = {**RECORDS[1], "number": 68}
    session.commit()
    accepted_id, corrected_id = rows[0].id, rows[1].id

    # The extractor now finds the first record again, loses the second and third, adds a fourth.
    save_extraction(
        session=session, document=doc, extraction=_extraction([RECORDS[0], RECORDS[3]])
    )
    after = list_records(session=session, document_id=doc.id)[0]
    by_id = {r.id: r for r in after}
    assert by_id[accepted_id].status is RecordStatus.ACCEPTED
    assert by_id[corrected_id].corrected == {**RECORDS[1], "number": 68}
    assert sorted(r.data["kind"] for r in after) == ["event", "metric", "official"]
    pending = [r for r in after if r.status is RecordStatus.PENDING]
    assert [r.data for r in pending] == [RECORDS[3]]


def test_tokens(session: Session) -> None:
    token = tokens.create_token(session=session, role=Role.REVIEWER)
    row = tokens.check_token(session=session, token=token)
    assert row is not None and row.role is Role.REVIEWER
    assert token not in row.token_hash
    assert tokens.check_token(session=session, token=token + "x") is None
    assert tokens.check_token(session=session, token="") is None
    assert tokens.has_token(session=session, role=Role.REVIEWER)
    assert not tokens.has_token(session=session, role=Role.ADMIN)
    row.revoked = True
    session.commit()
    assert tokens.check_token(session=session, token=token) is None
