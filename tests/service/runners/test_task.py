"""The one extraction job: a stored document through the extractor, saved or failed with the
reason (both backends)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.core.models import Entity
from service.runners.task import process_document
from service.store import documents
from tests.service.store.test_store import stored_document


def test_process_document_twice_does_not_duplicate(session: Session) -> None:
    doc = stored_document(session)
    for _ in range(2):
        doc = process_document(session, doc.id)
        assert doc.status.value == "done", doc.error
        entities = session.scalar(
            select(func.count()).select_from(Entity).where(Entity.document_id == doc.id)
        )
        assert entities == len(doc.extraction["entities"])
    assert doc.extraction["document"]["text"].startswith("5月12日")


def test_unreadable_stored_bytes_fail_with_a_reason(session: Session) -> None:
    doc, _ = documents.store_upload(session=session, data=b"\x00\x01\x02\xff" * 64,
                                    filename="坏.bin")
    doc = process_document(session, doc.id)
    assert doc.status.value == "failed"
    assert doc.error
