"""``jianbao batch --queue``: submit a folder to the Celery workers and follow it to the end.

Every file of the plan (:func:`service.runners.batch.plan_batch`) is stored (bytes included) in
the shared store as a queued document and sent to the workers as a
:func:`service.runners.celery_app.extract_document` task; then the store is polled until each
document is done or failed. Extractions are read back from the store for the JSONL
output and the summary, so what the workers wrote is what the user gets.

A rerun skips documents already done, sends queued and failed ones again, and follows those a
worker is processing. Ctrl-C stops following only: the workers finish what they were sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from service.core.db import session_scope
from service.core.models import Document, DocumentStatus
from service.runners.batch import Outputs, Plan, Summary
from service.store.documents import store_upload

POLL_S = 0.5
# After this long without a file finishing, say once that maybe no worker is running.
STALL_NOTE_S = 60.0

OnResult = Callable[[str, int | None, str | None], None]  # (path, pages or None, failure reason)


def _queue(url: str, path: Path, reference_date: str | None) -> tuple[int, DocumentStatus]:
    """Store the file as a document (or find it); one that failed before is queued again."""
    data = path.read_bytes()
    with session_scope(url) as session:
        doc, _ = store_upload(session=session, data=data, filename=path.name,
                              reference_date=reference_date)
        if doc.status is DocumentStatus.FAILED:
            session.execute(update(Document).where(Document.id == doc.id)
                            .values(status=DocumentStatus.QUEUED, error=None))
            session.commit()
            return doc.id, DocumentStatus.QUEUED
        return doc.id, doc.status


def run_queued(
    plan: Plan,
    outputs: Outputs,
    *,
    timeout: float,
    reference_date: str | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    on_result: OnResult = lambda *_: None,
    note: Callable[[str], None] = lambda _: None,
) -> Summary:
    """Send ``plan.todo`` to the Celery workers and wait for every document to finish."""
    from service.runners import celery_app

    url = outputs.url
    if url is None:
        raise ValueError("a queued batch needs the store the workers share (--db)")
    summary = Summary(plan=plan)
    waiting: dict[int, tuple[str, str]] = {}  # document id -> (path, sha256)
    for entry in plan.todo:
        if should_stop():
            break
        doc_id, status = _queue(url, entry.path, reference_date)
        waiting[doc_id] = (str(entry.path), entry.sha256)
        if status is DocumentStatus.QUEUED:
            celery_app.submit(doc_id, entry.sha256, timeout=timeout)
    last_change = time.monotonic()
    while waiting and not should_stop():
        finished = _finished(url, list(waiting))
        for doc_id, status, error, extraction in finished:
            path, sha = waiting.pop(doc_id)
            if status is DocumentStatus.DONE and extraction is not None:
                outputs.write_line(extraction)
                pages = int(extraction["document"].get("pages") or 1)
                summary.add_done(pages, extraction.get("records") or [])
                on_result(path, pages, None)
            else:
                reason = error or "failed"
                summary.failures.append((path, sha, reason))
                on_result(path, None, reason)
        now = time.monotonic()
        if finished:
            last_change = now
        elif now - last_change > STALL_NOTE_S:
            note(f"nothing finished for {STALL_NOTE_S:g} s: is a worker running? "
                 "(jianbao worker --broker … --db …)")
            last_change = now
        time.sleep(POLL_S)
    summary.interrupted = summary.remaining > 0
    return summary


def _finished(
    url: str, ids: list[int]
) -> list[tuple[int, DocumentStatus, str | None, dict[str, Any] | None]]:
    """The documents of ``ids`` that are done or failed, with their extraction when done."""
    final = [DocumentStatus.DONE, DocumentStatus.FAILED]
    out = []
    with session_scope(url) as session:
        for i in range(0, len(ids), 500):
            rows = session.execute(
                select(Document.id, Document.status, Document.error)
                .where(Document.id.in_(ids[i : i + 500]), Document.status.in_(final))
            ).all()
            for doc_id, status, error in rows:
                extraction = None
                if status is DocumentStatus.DONE:
                    extraction = session.scalar(
                        select(Document.extraction).where(Document.id == doc_id))
                out.append((doc_id, DocumentStatus(status), error, extraction))
    return out
