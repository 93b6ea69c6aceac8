"""The extraction queue: worker processes, and resuming documents left unfinished."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.core.models import DocumentStatus
from service.runners.local import ExtractionQueue
from service.store.documents import get_document, store_upload

TEXT = "3月2日，镇政府召开春耕生产动员会。截至3月5日，全镇已完成育秧460亩。"


def test_worker_process_extracts_a_stored_document(database_url: str, session: Session) -> None:
    doc, _ = store_upload(session=session, data=TEXT.encode(), filename="春耕.txt")
    queue = ExtractionQueue(url=database_url, workers=1)
    try:
        status = queue.submit(doc.id).result(timeout=300)
    finally:
        queue.shutdown()
    assert status == "done"
    session.expire_all()
    stored = get_document(session=session, document_id=doc.id)
    assert stored.status is DocumentStatus.DONE
    assert stored.extraction["document"]["text"] == TEXT


def test_resume_schedules_unfinished_documents(database_url: str, session: Session) -> None:
    left = []
    for i, status in enumerate([DocumentStatus.QUEUED, DocumentStatus.PROCESSING]):
        doc, _ = store_upload(session=session, data=f"{i}号：{TEXT}".encode(), filename=None)
        doc.status = status
        left.append(doc.id)
    done, _ = store_upload(session=session, data=b"done", filename=None)
    done.status = DocumentStatus.DONE
    session.commit()

    queue = ExtractionQueue(url=database_url, workers=0)
    try:
        futures = queue.resume()
        assert len(futures) == 2
        assert [f.result(timeout=300) for f in futures] == ["done", "done"]
    finally:
        queue.shutdown(wait=True)
    session.expire_all()
    for doc_id in left:
        assert get_document(session=session, document_id=doc_id).status is DocumentStatus.DONE
    assert get_document(session=session, document_id=done.id).extraction is None
